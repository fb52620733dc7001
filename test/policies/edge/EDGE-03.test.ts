import { EDGE03RateLimits } from "../../../policies/controls/edge/EDGE-03-rate-limits";
import { expectFails, expectPasses, mutate, run } from "../../support/control-fixtures";
import { EDGE, POLICY, dropRules, messageOf, one, ruleAt, scope } from "./fixture";

describe("EDGE-03 Every request rate-limited per client IP, with temporary bans", () => {
  it("passes the edge stack: per-IP ban on every request, per-header counts in preview before it", () => {
    expectPasses(EDGE03RateLimits, scope());
    expect(run(EDGE03RateLimits, scope())).toEqual([`${POLICY}: pass`]);
    expect(ruleAt(EDGE, 3000).preview).toBe(true);
  });
  it("fails without rate limiting, naming what is missing", () => {
    const none = mutate(EDGE, (j) => dropRules(j, (rule) => rule.action !== "rate_based_ban"));
    expectFails(EDGE03RateLimits, scope(none), POLICY);
    expect(messageOf(EDGE03RateLimits, none)).toBe(
      `fail: ${POLICY}: no enforced rate_based_ban per client IP with a ban duration`,
    );
    const noIp = mutate(EDGE, (j) => dropRules(j, (rule) => rule.priority !== 3100));
    expect(messageOf(EDGE03RateLimits, noIp)).toContain(
      "per client IP with a ban duration; found rule 3000 (rate_based_ban)",
    );
  });
  it("fails the old rule shape: an enforced per-header limit first takes header-carrying requests out of the per-IP count", () => {
    // Before: rule 3000 enforced, keyed on the header value, for requests that carry it; rule 3100 per IP for
    // everything. Under the header limit a request is allowed at 3000, so a random key per request is never
    // limited per IP.
    const old = mutate(EDGE, (j) => delete ruleAt(j, 3000).preview);
    expectFails(EDGE03RateLimits, scope(old), POLICY);
    expect(messageOf(EDGE03RateLimits, old)).toBe(
      `fail: ${POLICY}: rule 3000 (rate_based_ban) comes first and decides requests matching ` +
        `has(request.headers['x-api-key']), counted per HTTP_HEADER: they never reach rule 3100 (rate_based_ban)`,
    );
  });
  it("fails a per-IP rule whose match excludes requests carrying a header", () => {
    const excluding = mutate(EDGE, (j) => {
      ruleAt(j, 3100).match = { expr: { expression: "!has(request.headers['x-api-key'])" } };
    });
    expectFails(EDGE03RateLimits, scope(excluding), POLICY);
    expect(messageOf(EDGE03RateLimits, excluding)).toContain(
      "rule 3100 (rate_based_ban) matches only some requests (!has(request.headers['x-api-key']))",
    );
  });
  it("fails when an earlier enforced allow rule lets some requests skip the per-IP ban", () => {
    const allowed = mutate(EDGE, (j) => {
      one(j, "google_compute_security_policy").rule.push({
        priority: 2500,
        action: "allow",
        match: { expr: { expression: "request.path.startsWith('/api/')" } },
      });
    });
    expectFails(EDGE03RateLimits, scope(allowed), POLICY);
    expect(messageOf(EDGE03RateLimits, allowed)).toContain("rule 2500 (allow) comes first");
  });
  it("fails an enforced throttle before the per-IP ban, a limit on one shared key, and a ban with no duration", () => {
    const throttle = mutate(EDGE, (j) => {
      ruleAt(j, 3000).action = "throttle";
      delete ruleAt(j, 3000).preview;
      delete ruleAt(j, 3000).rate_limit_options.ban_duration_sec;
    });
    expect(messageOf(EDGE03RateLimits, throttle)).toContain("rule 3000 (throttle) comes first");
    const ipThrottle = mutate(EDGE, (j) => {
      ruleAt(j, 3100).action = "throttle";
      delete ruleAt(j, 3100).rate_limit_options.ban_duration_sec;
    });
    expect(messageOf(EDGE03RateLimits, ipThrottle)).toContain(
      "found rule 3000 (rate_based_ban), rule 3100 (throttle)",
    );
    const shared = mutate(EDGE, (j) => delete ruleAt(j, 3100).rate_limit_options.enforce_on_key);
    expect(run(EDGE03RateLimits, scope(shared))).toEqual([`${POLICY}: fail`]);
    const noBan = mutate(EDGE, (j) => delete ruleAt(j, 3100).rate_limit_options.ban_duration_sec);
    expect(run(EDGE03RateLimits, scope(noBan))).toEqual([`${POLICY}: fail`]);
  });
  it("fails the per-IP ban in preview", () => {
    const preview = mutate(EDGE, (j) => (ruleAt(j, 3100).preview = true));
    expectFails(EDGE03RateLimits, scope(preview), POLICY);
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
