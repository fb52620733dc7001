import { NET08FirewallLogging } from "../../../policies/controls/net/NET-08-firewall-logging";
import { expectFails, expectPasses, mutate, run, scopeOf } from "../../support/control-fixtures";
import { NETWORK_STACK, firewall, policyRuleFromInternet, scope } from "./fixture";

const HEALTH = "google_compute_firewall.health";

describe("NET-08 Logging on every firewall rule", () => {
  it("passes rules with log_config", () => {
    expectPasses(NET08FirewallLogging, scope());
    expect(run(NET08FirewallLogging, scope()).every((s) => s.endsWith(": pass"))).toBe(true);
  });

  it("reads an empty log_config list (as plan JSON writes an absent block) as no logging", () => {
    const json = mutate(NETWORK_STACK, (j) => (firewall(j, "health").log_config = []));
    expectFails(NET08FirewallLogging, scope(json), HEALTH);
    expect(run(NET08FirewallLogging, scope(json))).toContain("google_compute_firewall.health: fail");
  });

  it("fails a rule without log_config", () => {
    const json = mutate(NETWORK_STACK, (j) => delete firewall(j, "health").log_config);
    expectFails(NET08FirewallLogging, scope(json), HEALTH);
    expect(run(NET08FirewallLogging, scope(json))).toContain("google_compute_firewall.health: fail");
  });

  it("fails a rule whose log_config is null (unset: the rule does not log)", () => {
    const json = mutate(NETWORK_STACK, (j) => (firewall(j, "health").log_config = null));
    expectFails(NET08FirewallLogging, scope(json), HEALTH);
  });

  it("passes a firewall policy rule with enable_logging and fails one whose enable_logging is null (default false)", () => {
    const address = "google_compute_network_firewall_policy_rule.open";
    expectPasses(
      NET08FirewallLogging,
      scopeOf(policyRuleFromInternet("open", "allow", "443", { enable_logging: true })),
    );
    const json = policyRuleFromInternet("open", "allow", "443", { enable_logging: null });
    expectFails(NET08FirewallLogging, scopeOf(json), address);
  });

  it("does not ask a goto_next policy rule to log (it decides nothing), but still fails a deny without logging", () => {
    const next = policyRuleFromInternet("next", "goto_next", "443", { enable_logging: null });
    expect(run(NET08FirewallLogging, scopeOf(next))).toEqual([
      "google_compute_network_firewall_policy_rule.next: not-applicable",
    ]);
    const deny = policyRuleFromInternet("next", "deny", "443", { enable_logging: null });
    expectFails(NET08FirewallLogging, scopeOf(deny), "google_compute_network_firewall_policy_rule.next");
  });
});
