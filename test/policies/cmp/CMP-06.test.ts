import { CMP06OsPatching } from "../../../policies/controls/cmp/CMP-06-os-patching";
import { type Attrs, expectFails, expectPasses, mutate, run } from "../../support/control-fixtures";
import { BOTH_PASS, COMPUTE_STACK, COUNTED, TEMPLATE, VM, scope } from "./fixture";

describe("CMP-06 A recurring OS patch deployment covers every VM", () => {
  it("passes the compliant compute stack", () => {
    expectPasses(CMP06OsPatching, scope());
    expect(run(CMP06OsPatching, scope())).toEqual(BOTH_PASS);
  });

  it("fails at project level when there is no patch deployment", () => {
    const json = mutate(COMPUTE_STACK, (j) => delete j.resource.google_os_config_patch_deployment);
    expect(run(CMP06OsPatching, scope(json))).toEqual(["project: fail"]);
    expectFails(CMP06OsPatching, scope(json), "project");
  });

  it("fails VMs when the only deployment is one-time", () => {
    const json = mutate(COMPUTE_STACK, (j) => {
      const weekly = j.resource.google_os_config_patch_deployment.weekly;
      delete weekly.recurring_schedule;
      weekly.one_time_schedule = { execute_time: "2030-01-01T00:00:00Z" };
    });
    expect(run(CMP06OsPatching, scope(json))).toEqual([`${VM}: fail`, `${TEMPLATE}: fail`]);
  });

  it("fails VMs when the deployment's recurring_schedule = null (unset: not recurring)", () => {
    const json = mutate(
      COMPUTE_STACK,
      (j) => (j.resource.google_os_config_patch_deployment.weekly.recurring_schedule = null),
    );
    expectFails(CMP06OsPatching, scope(json), VM);
    expectFails(CMP06OsPatching, scope(json), TEMPLATE);
  });

  it("matches label groups, zones and name prefixes; a VM no filter selects fails", () => {
    const filtered = (filter: Attrs) =>
      mutate(
        COMPUTE_STACK,
        (j) => (j.resource.google_os_config_patch_deployment.weekly.instance_filter = filter),
      );
    expect(run(CMP06OsPatching, scope(filtered({ group_labels: [{ labels: { role: "app" } }] })))).toEqual([
      `${VM}: fail`,
      `${TEMPLATE}: pass`,
    ]);
    expect(run(CMP06OsPatching, scope(filtered({ zones: ["europe-west2-a", "europe-west2-b"] })))).toEqual(
      BOTH_PASS,
    );
    expect(run(CMP06OsPatching, scope(filtered({ zones: ["europe-west2-a"] })))).toEqual([
      `${VM}: pass`,
      `${TEMPLATE}: fail`,
    ]);
    expect(
      run(
        CMP06OsPatching,
        scope(filtered({ instance_name_prefixes: ["wa"], group_labels: [{ labels: { role: "wazuh" } }] })),
      ),
    ).toEqual([`${VM}: pass`, `${TEMPLATE}: fail`]);
  });

  it("is unknown when a regional group's zones are left to Google", () => {
    const json = mutate(COMPUTE_STACK, (j) => {
      j.resource.google_os_config_patch_deployment.weekly.instance_filter = { zones: ["europe-west2-a"] };
      delete j.resource.google_compute_region_instance_group_manager.app.distribution_policy_zones;
    });
    expect(run(CMP06OsPatching, scope(json))).toContain(`${TEMPLATE}: unknown`);
  });

  it("is unknown when the only patch deployment's count is an expression", () => {
    const json = mutate(
      COMPUTE_STACK,
      (j) => (j.resource.google_os_config_patch_deployment.weekly.count = COUNTED),
    );
    expect(run(CMP06OsPatching, scope(json))).toEqual([`${VM}: unknown`, `${TEMPLATE}: unknown`]);
  });
});
