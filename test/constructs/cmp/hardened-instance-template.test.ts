import {
  HardenedInstanceTemplate,
  type HardenedInstanceTemplateProps,
} from "../../../constructs/cmp/hardened-instance-template";
import { CmekKey } from "../../../constructs/enc/cmek-key";
import { SnapshotSchedule } from "../../../constructs/bak/snapshot-schedule";
import { attributesOf, synthScope } from "../../support/synth";
import { expectUsedBarePasses } from "../used-bare";

const KEY = /^\$\{google_kms_crypto_key\.disks_key_.*\.id\}$/;

function synthTemplate(props: Partial<HardenedInstanceTemplateProps> = {}, withDataDisk = true) {
  return synthScope((stack) => {
    const key = new CmekKey(stack, "disks", {
      keyRing: "projects/p/locations/europe-west2/keyRings/r",
      name: "disks",
    }).key.id;
    const schedule = new SnapshotSchedule(stack, "schedule", {
      name: "data-daily",
      region: "europe-west2",
      storageRegion: "europe-west1",
    });
    new HardenedInstanceTemplate(stack, "template", {
      namePrefix: "vault-",
      machineType: "e2-standard-2",
      subnetwork: "projects/p/regions/europe-west2/subnetworks/vault",
      serviceAccountEmail: "vault@p.iam.gserviceaccount.com",
      bootDiskKmsKey: key,
      startupScript: "#!/bin/bash\necho ok\n",
      networkTags: ["vault"],
      dataDisk: withDataDisk
        ? { deviceName: "raft", sizeGb: 20, kmsKey: key, snapshotSchedule: schedule }
        : undefined,
      ...props,
    });
  });
}

describe("HardenedInstanceTemplate", () => {
  const json = synthTemplate();
  const [template] = attributesOf(json, "google_compute_instance_template");

  test("is a shielded VM with OS Login, project SSH keys blocked, serial port off, no IP forwarding", () => {
    expect(template).toMatchObject({
      can_ip_forward: false,
      shielded_instance_config: {
        enable_secure_boot: true,
        enable_vtpm: true,
        enable_integrity_monitoring: true,
      },
      metadata: { "enable-oslogin": "TRUE", "block-project-ssh-keys": "TRUE", "serial-port-enable": "FALSE" },
      service_account: { email: "vault@p.iam.gserviceaccount.com", scopes: ["cloud-platform"] },
    });
  });

  test("has no external IP: the network interface has no access config", () => {
    expect(template.network_interface).toEqual([
      { subnetwork: "projects/p/regions/europe-west2/subnetworks/vault" },
    ]);
  });

  test("encrypts boot and data disks with CMEK and keeps the data disk on a snapshot schedule", () => {
    const [boot, data] = template.disk;
    expect(boot).toMatchObject({
      boot: true,
      disk_encryption_key: { kms_key_self_link: expect.stringMatching(KEY) },
    });
    expect(data).toMatchObject({
      boot: false,
      device_name: "raft",
      auto_delete: false,
      disk_encryption_key: { kms_key_self_link: expect.stringMatching(KEY) },
    });
    expect(data.resource_policies).toEqual([
      expect.stringMatching(/google_compute_resource_policy\.schedule_policy_.*\.name/),
    ]);
  });

  test("workload metadata cannot switch the hardening off", () => {
    const [loosened] = attributesOf(
      synthTemplate({ metadata: { "enable-oslogin": "FALSE", "serial-port-enable": "TRUE", role: "vault" } }),
      "google_compute_instance_template",
    );
    expect(loosened.metadata).toMatchObject({
      "enable-oslogin": "TRUE",
      "serial-port-enable": "FALSE",
      role: "vault",
    });
  });

  test("used bare, it passes the hardening, network, encryption and backup controls that judge a template", () => {
    // CMP-06 and CMP-07 need the project's VM Manager (vm-manager.test.ts shows it makes them pass).
    expectUsedBarePasses(json, [
      ...["CMP-01", "CMP-02", "CMP-03", "CMP-04", "CMP-05", "NET-04", "NET-11", "ENC-05"],
      ...["BAK-01", "BAK-02", "BAK-04"],
    ]);
  });

  test("a template without a data disk has only the boot disk", () => {
    expect(attributesOf(synthTemplate({}, false), "google_compute_instance_template")[0].disk).toHaveLength(
      1,
    );
  });
});
