import type { Control } from "../../control";
import { evidence, verdict } from "../../judge/results";
import { enforcedDeny, judgeArmorPolicies, whyNotEnforcedDeny } from "../../views/armor-rules";
import { REQUIRED_WAF_RULE_SETS, ruleSetsIn } from "../../views/waf-rule-sets";

export const EDGE02OwaspWafRules: Control = {
  id: "EDGE-02",
  title: "OWASP preconfigured WAF rules deny attacks",
  claim:
    "OWASP Top 10 threats are addressed: SQL injection, cross-site scripting, file inclusion, remote code " +
    "execution, scanners, protocol attacks, session fixation, unexpected methods and critical CVEs are denied.",
  severity: "high",
  rationale:
    "Cloud Armor's preconfigured rules (OWASP ModSecurity CRS 3.3 and cve-canary) only protect when they are " +
    "enforced with a deny action and no earlier allow or rate-limit rule lets the request through first. " +
    "Checkov's CKV_GCP_73 asks only for the cve-canary (Log4Shell) rule; a policy without the OWASP " +
    "CRS rule sets fails here.",
  remediation:
    "Add one deny(403) rule per rule set with evaluatePreconfiguredWaf('<set>-v33-stable', {'sensitivity': 1}) " +
    "(and evaluatePreconfiguredWaf('cve-canary')), not in preview, at priorities before any allow or rate-limit rule.",
  references: { cis: [], checkov: ["CKV_GCP_73"], trivy: [] },
  implementation:
    "ArmorPolicy adds the nine CRS 3.3 rule sets at the configured sensitivity and cve-canary as deny(403) " +
    "rules at priorities 2000-2090, after the request-validation denies and before the rate limits.",
  evaluate: (scope) =>
    judgeArmorPolicies(scope, (policy, rules) => {
      const effective = new Set<string>();
      const problems: string[] = [];
      for (const rule of rules) {
        const sets = rule.expression ? ruleSetsIn(rule.expression) : [];
        if (sets.length === 0) continue;
        if (enforcedDeny(rule, rules)) sets.forEach((set) => effective.add(set));
        else problems.push(whyNotEnforcedDeny(rule, rules));
      }
      const missing = REQUIRED_WAF_RULE_SETS.filter((set) => !effective.has(set));
      const found = [evidence("rule[].match.expr.expression (enforced deny rule sets)", [...effective])];
      if (missing.length === 0)
        return verdict("pass", policy, "every required rule set is enforced in deny mode", found);
      const detail = problems.length > 0 ? ` (${problems.join("; ")})` : "";
      return verdict("fail", policy, `not enforced in deny mode: ${missing.join(", ")}${detail}`, found);
    }),
};
