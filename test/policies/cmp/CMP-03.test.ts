import { CMP03BlockProjectSshKeys } from "../../../policies/controls/cmp/CMP-03-block-project-ssh-keys";
import { expectFails, expectPasses, mutate, run } from "../../support/control-fixtures";
import { BOTH_PASS, COMPUTE_STACK, TEMPLATE, VM, scope, template, vm } from "./fixture";

describe("CMP-03 Project-wide SSH keys blocked on every VM", () => {
  it("passes the compliant compute stack", () => {
    expectPasses(CMP03BlockProjectSshKeys, scope());
    expect(run(CMP03BlockProjectSshKeys, scope())).toEqual(BOTH_PASS);
  });

  it("fails when absent or FALSE", () => {
    const json = mutate(COMPUTE_STACK, (j) => {
      delete vm(j).metadata["block-project-ssh-keys"];
      template(j).metadata["block-project-ssh-keys"] = "false";
    });
    expect(run(CMP03BlockProjectSshKeys, scope(json))).toEqual([`${VM}: fail`, `${TEMPLATE}: fail`]);
    expectFails(CMP03BlockProjectSshKeys, scope(json), VM);
    expectFails(CMP03BlockProjectSshKeys, scope(json), TEMPLATE);
  });

  it("fails block-project-ssh-keys = null (unset: project keys accepted)", () => {
    const json = mutate(COMPUTE_STACK, (j) => (vm(j).metadata["block-project-ssh-keys"] = null));
    expectFails(CMP03BlockProjectSshKeys, scope(json), VM);
  });

  it("is unknown for a VM whose whole metadata map comes from a variable", () => {
    const json = mutate(COMPUTE_STACK, (j) => (vm(j).metadata = "${var.metadata}"));
    expect(run(CMP03BlockProjectSshKeys, scope(json))).toContain(`${VM}: unknown`);
  });
});
