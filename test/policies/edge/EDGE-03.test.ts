import { EDGE03RateLimits } from "../../../policies/controls/edge/EDGE-03-rate-limits";
import { expectFails, expectPasses, mutate, run } from "../../support/control-fixtures";
import { EDGE, POLICY, dropRules, messageOf, one, ruleAt, scope } from "./fixture";

describe("EDGE-03 Rate limiting per IP and per header with temporary bans", () => {
  it("passes the edge stack", () => {
    expectPasses(EDGE03RateLimits, scope());
    expect(run(EDGE03RateLimits, scope())).toEqual([`${POLICY}: pass`]);
  });
  it("fails without rate limiting, naming what is missing", () => {
    const none = mutate(EDGE, (j) => dropRules(j, (rule) => rule.action !== "rate_based_ban"));
    expectFails(EDGE03RateLimits, scope(none), POLICY);
    expect(messageOf(EDGE03RateLimits, none)).toBe(
      `fail: ${POLICY}: no enforced rate_based_ban with a ban duration per client IP or per header value`,
    );
    const noIp = mutate(EDGE, (j) => dropRules(j, (rule) => rule.priority !== 3100));
    expect(messageOf(EDGE03RateLimits, noIp)).toContain("with a ban duration per client IP;");
  });
  it("fails a throttle (no ban), a limit on one shared key, and a ban with no duration", () => {
    const throttle = mutate(EDGE, (j) => {
      ruleAt(j, 3000).action = "throttle";
      delete ruleAt(j, 3000).rate_limit_options.ban_duration_sec;
    });
    expect(messageOf(EDGE03RateLimits, throttle)).toContain("per header value; found rule 3000 (throttle)");
    const shared = mutate(EDGE, (j) => delete ruleAt(j, 3100).rate_limit_options.enforce_on_key);
    expect(run(EDGE03RateLimits, scope(shared))).toEqual([`${POLICY}: fail`]);
    const noBan = mutate(EDGE, (j) => delete ruleAt(j, 3100).rate_limit_options.ban_duration_sec);
    expect(run(EDGE03RateLimits, scope(noBan))).toEqual([`${POLICY}: fail`]);
  });
  it.each([
    ["enforce_on_key (the default ALL: one key shared by every client)", "enforce_on_key"],
    ["ban_duration_sec (no ban)", "ban_duration_sec"],
  ])("fails the per-IP ban with a null %s", (_, attribute) => {
    const json = mutate(EDGE, (j) => (ruleAt(j, 3100).rate_limit_options[attribute] = null));
    expectFails(EDGE03RateLimits, scope(json), POLICY);
  });
  it("fails a policy whose rule list is null (unset: only the default allow rule)", () => {
    const json = mutate(EDGE, (j) => (one(j, "google_compute_security_policy").rule = null));
    expectFails(EDGE03RateLimits, scope(json), POLICY);
  });
  it("accepts a single enforce_on_key_configs entry as the key", () => {
    const configs = mutate(EDGE, (j) => {
      const options = ruleAt(j, 3100).rate_limit_options;
      options.enforce_on_key = "";
      options.enforce_on_key_configs = [{ enforce_on_key_type: "IP" }];
    });
    expect(run(EDGE03RateLimits, scope(configs))).toEqual([`${POLICY}: pass`]);
  });
});
