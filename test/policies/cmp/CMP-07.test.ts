import { CMP07VmManager } from "../../../policies/controls/cmp/CMP-07-vm-manager";
import { expectFails, expectPasses, mutate, run } from "../../support/control-fixtures";
import { BOTH_PASS, COMPUTE_STACK, TEMPLATE, VM, scope, template, vm } from "./fixture";

describe("CMP-07 VM Manager (OS Config agent) enabled on every VM", () => {
  it("passes the compliant compute stack", () => {
    expectPasses(CMP07VmManager, scope());
    expect(run(CMP07VmManager, scope())).toEqual(BOTH_PASS);
  });

  it("fails without enable-osconfig, passes with it in project metadata", () => {
    const json = mutate(COMPUTE_STACK, (j) => {
      delete vm(j).metadata["enable-osconfig"];
      delete template(j).metadata["enable-osconfig"];
    });
    expect(run(CMP07VmManager, scope(json))).toEqual([`${VM}: fail`, `${TEMPLATE}: fail`]);
    expectFails(CMP07VmManager, scope(json), VM);
    expectFails(CMP07VmManager, scope(json), TEMPLATE);
    const project = mutate(json, (j) => {
      j.resource.google_compute_project_metadata_item = {
        osconfig: { key: "enable-osconfig", value: "TRUE" },
      };
    });
    expect(run(CMP07VmManager, scope(project))).toEqual(BOTH_PASS);
    expectPasses(CMP07VmManager, scope(project));
  });

  it("fails enable-osconfig = null (unset: the agent is off)", () => {
    const json = mutate(COMPUTE_STACK, (j) => (template(j).metadata["enable-osconfig"] = null));
    expectFails(CMP07VmManager, scope(json), TEMPLATE);
  });

  it("is unknown for a VM whose whole metadata map comes from a variable", () => {
    const json = mutate(COMPUTE_STACK, (j) => (vm(j).metadata = "${var.metadata}"));
    expect(run(CMP07VmManager, scope(json))).toContain(`${VM}: unknown`);
  });

  it("is unknown when the setting rests on project metadata whose for_each is an expression", () => {
    const json = mutate(COMPUTE_STACK, (j) => {
      delete vm(j).metadata["enable-oslogin"];
      delete vm(j).metadata["enable-osconfig"];
      j.resource.google_compute_project_metadata = {
        p: { metadata: { "enable-oslogin": "TRUE", "enable-osconfig": "TRUE" }, for_each: "${var.projects}" },
      };
    });
    expect(run(CMP07VmManager, scope(json))).toEqual([`${VM}: unknown`, `${TEMPLATE}: pass`]);
  });
});
