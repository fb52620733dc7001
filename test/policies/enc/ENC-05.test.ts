import { ENC05CmekDisks } from "../../../policies/controls/enc/ENC-05-cmek-disks";
import {
  expectFails,
  expectPasses,
  mutate,
  resourceIn,
  resultFor,
  run,
} from "../../support/control-fixtures";
import { DATA_STACK, DATA_STACK_WITHOUT_KEYS, KMS_STACK, scope } from "./fixture";

describe("ENC-05 CMEK on every disk", () => {
  it("passes every disk, instance and template encrypted with a key declared in another stack", () => {
    expect(run(ENC05CmekDisks, scope())).toEqual([
      "google_compute_disk.data: pass",
      "google_compute_instance.vm: pass",
      "google_compute_instance_template.app: pass",
    ]);
    expectPasses(ENC05CmekDisks, scope());
  });

  it("fails disks without a key, naming the attribute", () => {
    const s = scope(KMS_STACK, DATA_STACK_WITHOUT_KEYS);
    expect(resultFor(ENC05CmekDisks, s, "google_compute_instance_template.app").message).toContain(
      "disk.1.disk_encryption_key.kms_key_self_link is not set",
    );
    expectFails(ENC05CmekDisks, s, "google_compute_instance.vm");
  });

  it("fails a customer-supplied key (raw or RSA-wrapped) as such, never calling it Google-managed", () => {
    const json = mutate(DATA_STACK, (j) => {
      resourceIn(j, "google_compute_disk", "data").disk_encryption_key = { raw_key: "a2V5" };
      const vm = resourceIn(j, "google_compute_instance", "vm");
      vm.boot_disk = {
        ...vm.boot_disk,
        kms_key_self_link: undefined,
        disk_encryption_key_rsa: "d3JhcHBlZA==",
      };
    });
    const s = scope(KMS_STACK, json);
    const [disk] = expectFails(ENC05CmekDisks, s, "google_compute_disk.data");
    expect(disk.message).toContain(
      "disk_encryption_key.kms_key_self_link is not set: disk_encryption_key.raw_key is a customer-supplied key (CSEK)",
    );
    const [vm] = expectFails(ENC05CmekDisks, s, "google_compute_instance.vm");
    expect(vm.message).toContain("boot_disk.disk_encryption_key_rsa is a customer-supplied key");
    expect(`${disk.message} ${vm.message}`).not.toContain("Google-managed");
    expect(JSON.stringify([disk.evidence, vm.evidence])).not.toContain("a2V5");
  });

  it("fails kms_key_self_link = null and disk_encryption_key = null (unset: a Google-managed key)", () => {
    const json = mutate(DATA_STACK, (j) => {
      resourceIn(j, "google_compute_disk", "data").disk_encryption_key.kms_key_self_link = null;
      resourceIn(j, "google_compute_instance", "vm").boot_disk.kms_key_self_link = null;
      resourceIn(j, "google_compute_instance_template", "app").disk[1].disk_encryption_key = null;
    });
    const s = scope(KMS_STACK, json);
    expectFails(ENC05CmekDisks, s, "google_compute_disk.data");
    expectFails(ENC05CmekDisks, s, "google_compute_instance.vm");
    expectFails(ENC05CmekDisks, s, "google_compute_instance_template.app");
  });

  it("judges an instance from a template by the boot disk it overrides, leaving inherited disks to the template", () => {
    const json = mutate(DATA_STACK, (j) => {
      j.resource.google_compute_instance_from_template = {
        inherits: { name: "i", zone: "europe-west2-a", source_instance_template: "t" },
        overrides: {
          name: "o",
          zone: "europe-west2-a",
          source_instance_template: "t",
          boot_disk: { initialize_params: { image: "debian-12" } },
        },
      };
    });
    const results = run(ENC05CmekDisks, scope(KMS_STACK, json));
    expect(results).toContain("google_compute_instance_from_template.inherits: not-applicable");
    expect(results).toContain("google_compute_instance_from_template.overrides: fail");
  });

  it("fails a disk whose attached disk is not a declared resource and has no key", () => {
    const json = mutate(
      DATA_STACK,
      (j) => (resourceIn(j, "google_compute_instance", "vm").attached_disk = [{ source: "existing-disk" }]),
    );
    expectFails(ENC05CmekDisks, scope(KMS_STACK, json), "google_compute_instance.vm");
  });
});
