import { CMP01ShieldedVm } from "../../../policies/controls/cmp/CMP-01-shielded-vm";
import { expectFails, expectPasses, mutate, resultFor, run } from "../../support/control-fixtures";
import { BOTH_PASS, COMPUTE_STACK, TEMPLATE, VM, scope, template, vm } from "./fixture";

describe("CMP-01 Shielded VM: secure boot, vTPM and integrity monitoring", () => {
  it("passes the compliant compute stack", () => {
    expectPasses(CMP01ShieldedVm, scope());
    expect(run(CMP01ShieldedVm, scope())).toEqual(BOTH_PASS);
  });

  it("fails secure boot left at its default (off), and vTPM turned off", () => {
    const json = mutate(COMPUTE_STACK, (j) => {
      delete vm(j).shielded_instance_config.enable_secure_boot;
      template(j).shielded_instance_config.enable_vtpm = false;
    });
    expect(resultFor(CMP01ShieldedVm, scope(json), VM).message).toContain(
      "enable_secure_boot off (provider default)",
    );
    expect(run(CMP01ShieldedVm, scope(json))).toContain(`${TEMPLATE}: fail`);
    expectFails(CMP01ShieldedVm, scope(json), VM);
    expectFails(CMP01ShieldedVm, scope(json), TEMPLATE);
  });

  it("fails a VM without the block, passes defaults for vTPM and integrity monitoring", () => {
    const json = mutate(COMPUTE_STACK, (j) => {
      delete vm(j).shielded_instance_config;
      template(j).shielded_instance_config = { enable_secure_boot: true };
    });
    expect(run(CMP01ShieldedVm, scope(json))).toEqual([`${VM}: fail`, `${TEMPLATE}: pass`]);
  });

  it("fails enable_secure_boot = null (unset: the provider's default is off)", () => {
    const json = mutate(COMPUTE_STACK, (j) => (vm(j).shielded_instance_config.enable_secure_boot = null));
    expectFails(CMP01ShieldedVm, scope(json), VM);
    expect(resultFor(CMP01ShieldedVm, scope(json), VM).message).toContain(
      "enable_secure_boot off (provider default)",
    );
  });

  it("fails shielded_instance_config = null (unset: secure boot off)", () => {
    const json = mutate(COMPUTE_STACK, (j) => (template(j).shielded_instance_config = null));
    expectFails(CMP01ShieldedVm, scope(json), TEMPLATE);
  });
});
