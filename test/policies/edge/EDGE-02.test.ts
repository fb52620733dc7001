import { EDGE02OwaspWafRules } from "../../../policies/controls/edge/EDGE-02-owasp-waf-rules";
import { EDGE03RateLimits } from "../../../policies/controls/edge/EDGE-03-rate-limits";
import { EDGE05RequestValidation } from "../../../policies/controls/edge/EDGE-05-request-validation";
import { ruleSetsIn } from "../../../policies/views/waf-rule-sets";
import { expectFails, expectPasses, markUnknown, mutate, run } from "../../support/control-fixtures";
import { EDGE, POLICY, armorRules, dropRules, expression, messageOf, one, ruleAt, scope } from "./fixture";

describe("EDGE-02 OWASP preconfigured WAF rules deny attacks", () => {
  it("passes the edge stack", () => {
    expectPasses(EDGE02OwaspWafRules, scope());
    expect(run(EDGE02OwaspWafRules, scope())).toEqual([`${POLICY}: pass`]);
  });
  it("is unknown when a WAF rule's preview switch is set from an expression (it may only log)", () => {
    const json = mutate(EDGE, (j) => {
      for (const rule of armorRules(j)) if (expression(rule).includes("sqli-v33")) rule.preview = "${var.p}";
    });
    expect(run(EDGE02OwaspWafRules, scope(json))).toEqual([`${POLICY}: unknown`]);
  });
  it("fails when a rule set is removed, naming it", () => {
    const json = mutate(EDGE, (j) => dropRules(j, (rule) => !expression(rule).includes("sqli-v33")));
    expectFails(EDGE02OwaspWafRules, scope(json), POLICY);
    expect(messageOf(EDGE02OwaspWafRules, json)).toBe(`fail: ${POLICY}: not enforced in deny mode: sqli`);
  });
  it("fails a policy whose rule list is null (unset: only the default allow rule)", () => {
    const json = mutate(EDGE, (j) => (one(j, "google_compute_security_policy").rule = null));
    expectFails(EDGE02OwaspWafRules, scope(json), POLICY);
  });
  it("fails a rule set that only logs, allows, or has sensitivity 0", () => {
    const preview = mutate(EDGE, (j) => (ruleAt(j, 2010).preview = true));
    expect(messageOf(EDGE02OwaspWafRules, preview)).toContain(
      "not enforced in deny mode: xss (rule 2010 (deny(403)) is in preview",
    );
    const allow = mutate(EDGE, (j) => (ruleAt(j, 2090).action = "allow"));
    expect(messageOf(EDGE02OwaspWafRules, allow)).toContain("cve-canary (rule 2090 (allow) does not deny)");
    const off = mutate(
      EDGE,
      (j) =>
        (ruleAt(j, 2020).match.expr.expression =
          "evaluatePreconfiguredWaf('lfi-v33-stable', {'sensitivity': 0})"),
    );
    expect(messageOf(EDGE02OwaspWafRules, off)).toContain("not enforced in deny mode: lfi");
  });
  it("fails WAF rules that an earlier allow-all or rate-limit rule lets requests around", () => {
    const allowAll = mutate(EDGE, (j) =>
      armorRules(j).push({
        priority: 10,
        action: "allow",
        match: { versioned_expr: "SRC_IPS_V1", config: { src_ip_ranges: ["*"] } },
      }),
    );
    expect(messageOf(EDGE02OwaspWafRules, allowAll)).toContain(
      "comes after rule 10 (allow), which lets requests through first",
    );
    const throttleFirst = mutate(EDGE, (j) => (ruleAt(j, 3100).priority = 500));
    expect(messageOf(EDGE02OwaspWafRules, throttleFirst)).toContain(
      "rule 2000 (deny(403)) comes after rule 500 (rate_based_ban)",
    );
  });
  it("reads rules written as a plan does: blocks as one-item lists, absent blocks as [] and null", () => {
    const planShaped = mutate(EDGE, (j) => {
      for (const rule of armorRules(j)) {
        rule.match = [
          {
            ...rule.match,
            expr: rule.match.expr ? [rule.match.expr] : [],
            config: rule.match.config ? [rule.match.config] : [],
          },
        ];
        rule.rate_limit_options = rule.rate_limit_options ? [rule.rate_limit_options] : [];
        // A plan writes an unset preview as null; the per-header count stays in preview (true).
        rule.preview = rule.preview === true ? true : null;
      }
    });
    for (const control of [EDGE02OwaspWafRules, EDGE03RateLimits, EDGE05RequestValidation]) {
      expect(run(control, scope(planShaped))).toEqual([`${POLICY}: pass`]);
    }
  });
  it("recognises CRS 3.3 and 4.22, stable and canary, and ignores other rule sets", () => {
    expect(
      ruleSetsIn(
        "evaluatePreconfiguredWaf('sqli-v422-canary') || evaluatePreconfiguredExpr('xss-v33-stable')",
      ),
    ).toEqual(["sqli", "xss"]);
    expect(ruleSetsIn("evaluatePreconfiguredWaf('php-v33-stable', {'sensitivity': 2})")).toEqual([]);
  });
  it("fails at project level when the only policy is detached, and is unknown when rules are", () => {
    const detached = mutate(EDGE, (j) => delete one(j, "google_compute_backend_service").security_policy);
    expectFails(EDGE02OwaspWafRules, scope(detached), "project");
    expect(run(EDGE02OwaspWafRules, scope(detached))).toEqual(["project: fail"]);
    expect(run(EDGE02OwaspWafRules, markUnknown(scope(), POLICY, "rule"))).toEqual([`${POLICY}: unknown`]);
  });
});
