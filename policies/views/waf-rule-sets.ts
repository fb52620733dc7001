/**
 * OWASP CRS rule sets the baseline requires, plus Google's critical-CVE set. Written out here rather than
 * imported from the ArmorPolicy construct, so a construct that drops a set is caught, not excused.
 */
export const REQUIRED_WAF_RULE_SETS = [
  "sqli",
  "xss",
  "lfi",
  "rfi",
  "rce",
  "scannerdetection",
  "protocolattack",
  "sessionfixation",
  "methodenforcement",
  "cve-canary",
] as const;

/**
 * The required rule sets an expression evaluates with at least one signature on: CRS 3.3 or 4.22, stable or
 * canary. A sensitivity of 0 turns every signature off, so such a call does not count.
 */
export function ruleSetsIn(expression: string): string[] {
  const calls = expression.matchAll(
    /evaluatePreconfigured(?:Waf|Expr)\(\s*'([a-z0-9-]+)'\s*(?:,\s*\{[^}]*'sensitivity'\s*:\s*(\d+))?/g,
  );
  return [...calls]
    .filter(([, , sensitivity]) => sensitivity === undefined || Number(sensitivity) > 0)
    .map(([, name]) => (name === "cve-canary" ? name : name.replace(/-v(?:33|422)-(?:stable|canary)$/, "")))
    .filter((name) => (REQUIRED_WAF_RULE_SETS as readonly string[]).includes(name));
}
