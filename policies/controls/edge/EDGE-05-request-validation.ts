import type { Control } from "../../control";
import { evidence, verdict } from "../../judge/results";
import {
  type ArmorRule,
  enforcedDeny,
  judgeArmorPolicies,
  whyNotEnforcedDeny,
} from "../../views/armor-rules";

/** What each required deny rule inspects, recognised by the request header its expression reads. */
const CHECKS = [
  { what: "oversized bodies (Content-Length)", header: "content-length" },
  { what: "blocked user agents (User-Agent)", header: "user-agent" },
] as const;

function reads(rule: ArmorRule, header: string): boolean {
  return new RegExp(`request\\.headers\\[\\s*['"]${header}['"]\\s*\\]`, "i").test(rule.expression ?? "");
}

export const EDGE05RequestValidation: Control = {
  id: "EDGE-05",
  title: "Oversized bodies and known-bad user agents denied",
  claim: "Request validation and payload size limits; blocking of known malicious user agents.",
  severity: "medium",
  rationale:
    "The WAF inspects only the first part of a request body, so a size limit at the edge stops payloads " +
    "built to hide past it and keeps oversized uploads off the backend; scanners that announce themselves " +
    "(sqlmap, nikto, nmap ...) are cheapest to stop before any other rule runs.",
  remediation:
    "Add enforced deny(403) rules whose expressions test request.headers['content-length'] against the size " +
    "limit and request.headers['user-agent'] against the blocked agents, before any allow or rate-limit rule.",
  references: { cis: [], checkov: [], trivy: [] },
  implementation:
    "ArmorPolicy denies a Content-Length above the configured limit at priority 1000 and the configured user " +
    "agents (five per rule, case-insensitive) from priority 1100.",
  evaluate: (scope) =>
    judgeArmorPolicies(scope, (policy, rules) => {
      const problems: string[] = [];
      const found = CHECKS.map(({ what, header }) => {
        const candidates = rules.filter((rule) => reads(rule, header));
        const enforced = candidates.filter((rule) => enforcedDeny(rule, rules));
        if (enforced.length === 0) {
          const why = candidates.map((rule) => whyNotEnforcedDeny(rule, rules)).join("; ");
          problems.push(`${what}${why ? ` (${why})` : ""}`);
        }
        return evidence(
          `rule[] reading ${header}`,
          enforced.map((rule) => rule.priority),
        );
      });
      return problems.length === 0
        ? verdict("pass", policy, "oversized bodies and blocked user agents are denied", found)
        : verdict("fail", policy, `nothing denies ${problems.join(" or ")}`, found);
    }),
};
