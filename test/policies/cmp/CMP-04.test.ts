import { CMP04SerialPortOff } from "../../../policies/controls/cmp/CMP-04-serial-port-off";
import { expectFails, expectPasses, mutate, run } from "../../support/control-fixtures";
import { BOTH_PASS, COMPUTE_STACK, TEMPLATE, VM, scope, template, vm } from "./fixture";

const PROJECT_SERIAL_ON = { serial: { key: "serial-port-enable", value: "TRUE" } };

describe("CMP-04 Interactive serial console off on every VM", () => {
  it("passes the compliant compute stack", () => {
    expectPasses(CMP04SerialPortOff, scope());
    expect(run(CMP04SerialPortOff, scope())).toEqual(BOTH_PASS);
  });

  it("passes when absent everywhere, fails when the VM or the project turns it on", () => {
    const absent = mutate(COMPUTE_STACK, (j) => delete vm(j).metadata["serial-port-enable"]);
    expect(run(CMP04SerialPortOff, scope(absent))).toEqual(BOTH_PASS);
    expectPasses(CMP04SerialPortOff, scope(absent));
    const projectOn = mutate(absent, (j) => {
      j.resource.google_compute_project_metadata_item = PROJECT_SERIAL_ON;
    });
    // The template turns it off itself; the VM inherits the project's setting.
    expect(run(CMP04SerialPortOff, scope(projectOn))).toEqual([`${VM}: fail`, `${TEMPLATE}: pass`]);
    expectFails(CMP04SerialPortOff, scope(projectOn), VM);
    const vmOn = mutate(COMPUTE_STACK, (j) => (template(j).metadata["serial-port-enable"] = "1"));
    expect(run(CMP04SerialPortOff, scope(vmOn))).toContain(`${TEMPLATE}: fail`);
    expectFails(CMP04SerialPortOff, scope(vmOn), TEMPLATE);
  });

  it("fails serial-port-enable = null on the VM when the project turns it on (unset: the project's setting)", () => {
    const json = mutate(COMPUTE_STACK, (j) => {
      vm(j).metadata["serial-port-enable"] = null;
      j.resource.google_compute_project_metadata_item = PROJECT_SERIAL_ON;
    });
    expectFails(CMP04SerialPortOff, scope(json), VM);
  });

  it("is unknown for a VM whose whole metadata map comes from a variable", () => {
    const json = mutate(COMPUTE_STACK, (j) => (vm(j).metadata = "${var.metadata}"));
    expect(run(CMP04SerialPortOff, scope(json))).toContain(`${VM}: unknown`);
  });

  it("is unknown when project metadata comes from an expression and the VM says nothing", () => {
    const json = mutate(COMPUTE_STACK, (j) => {
      delete vm(j).metadata["serial-port-enable"];
      j.resource.google_compute_project_metadata = { project: { metadata: "${var.project_metadata}" } };
    });
    expect(run(CMP04SerialPortOff, scope(json))).toContain(`${VM}: unknown`);
  });
});
