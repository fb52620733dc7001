import { MON04WazuhPrivate } from "../../../policies/controls/mon/MON-04-wazuh-private";
import { expectFails, expectPasses } from "../../support/control-fixtures";
import { environmentStacks } from "../../support/environment";
import type { Attributes } from "../../support/synth";
import { type Stacks, baselineScope, evaluate, failures, one, resources } from "./fixture";

const firewallRule = (stacks: Stacks, name: string): Attributes =>
  Object.values(resources(stacks, "google_compute_firewall")).find((r) => r.name === name)!;
const agentsRule = (stacks: Stacks) => firewallRule(stacks, "acme-prod-wazuh-agents");
/** The address of the Wazuh manager, the one instance of the prod monitoring stack. */
const manager = () => {
  const [name] = Object.keys(resources(environmentStacks("prod"), "google_compute_instance"));
  return `google_compute_instance.${name}`;
};

describe("MON-04 Wazuh manager private, agent ports only from the VPC", () => {
  test("the baseline's manager (no external IP, agents from the VPC, admin from IAP) passes", () => {
    expectPasses(MON04WazuhPrivate, baselineScope());
  });

  test("agent ports open to 0.0.0.0/0 or to a range outside the VPC fail, naming the range", () => {
    for (const range of ["0.0.0.0/0", "192.168.0.0/16"]) {
      const scope = baselineScope((stacks) => agentsRule(stacks).source_ranges.push(range));
      expect(failures(MON04WazuhPrivate.evaluate(scope))).toEqual([
        expect.stringMatching(
          new RegExp(
            `google_compute_firewall\\.\\S+ opens agent ports 1514/1515 to ${range.replace(/\./g, "\\.")}, outside the VPC's subnets$`,
          ),
        ),
      ]);
      expectFails(MON04WazuhPrivate, scope, manager());
    }
  });

  test("a manager whose count is an expression is unknown: the environment may have none", () => {
    const results = evaluate(MON04WazuhPrivate, (stacks) => {
      const [vm] = Object.values(resources(stacks, "google_compute_instance"));
      vm.count = "${var.siem ? 1 : 0}";
    });
    expect(results.map((r) => r.status)).toEqual(["unknown"]);
  });

  test("agent ports open by a rule naming no source (Google applies 0.0.0.0/0) fail", () => {
    const results = evaluate(MON04WazuhPrivate, (stacks) => delete agentsRule(stacks).source_ranges);
    expect(failures(results)).toEqual([
      expect.stringMatching(/opens agent ports 1514\/1515 to 0\.0\.0\.0\/0/),
    ]);
  });

  test("agent ports open by a rule with source_ranges null (unset: Google applies 0.0.0.0/0) fail", () => {
    const scope = baselineScope((stacks) => (agentsRule(stacks).source_ranges = null));
    const [failure] = expectFails(MON04WazuhPrivate, scope, manager());
    expect(failure.message).toMatch(/opens agent ports 1514\/1515 to 0\.0\.0\.0\/0/);
  });

  test("a rule opening agent ports to 0.0.0.0/0 with direction null (unset: INGRESS) fails", () => {
    const scope = baselineScope((stacks) => {
      const rule = agentsRule(stacks);
      rule.source_ranges = ["0.0.0.0/0"];
      rule.direction = null;
    });
    const [failure] = expectFails(MON04WazuhPrivate, scope, manager());
    expect(failure.message).toMatch(/opens agent ports 1514\/1515 to 0\.0\.0\.0\/0/);
  });

  test("an external IP, or admin ports open to the VPC, fail", () => {
    const external = baselineScope((stacks) => {
      one(stacks, "google_compute_instance").network_interface[0].access_config = [{}];
    });
    expect(failures(MON04WazuhPrivate.evaluate(external))[0]).toMatch(/has an external IP \(access_config\)/);
    expectFails(MON04WazuhPrivate, external, manager());
    const admin = evaluate(MON04WazuhPrivate, (stacks) => {
      firewallRule(stacks, "acme-prod-wazuh-iap-admin").source_ranges = ["10.20.0.0/20"];
    });
    expect(failures(admin)[0]).toMatch(
      /opens the dashboard\/API \(443\/55000\) to 10\.20\.0\.0\/20, not only IAP 35\.235\.240\.0\/20$/,
    );
  });

  test("an environment without a manager fails at project level", () => {
    const scope = baselineScope(
      (stacks) => delete stacks["prod-monitoring"].resource!.google_compute_instance,
    );
    expect(failures(MON04WazuhPrivate.evaluate(scope))).toEqual([
      "environment prod has no Wazuh manager (no instance tagged wazuh-manager): deploy one (monitoring.enabled: " +
        "true in baseline.yaml), or waive MON-04 and MON-05 for this environment if another SIEM and network " +
        "sensor cover it",
    ]);
    expectFails(MON04WazuhPrivate, scope, "project");
  });
});
