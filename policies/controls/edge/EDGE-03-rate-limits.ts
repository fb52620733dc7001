import type { Control } from "../../control";
import { blocks, get } from "../../model/values";
import { isSet } from "../../judge/presence";
import { evidence, verdict } from "../../judge/results";
import { type ArmorRule, denies, describeRule, judgeArmorPolicies } from "../../views/armor-rules";

/** The single key a rate limit counts by: enforce_on_key, or one enforce_on_key_configs entry. Default ALL. */
function keyOf(rule: ArmorRule): string {
  const options = rule.rateLimit ?? {};
  const configs = blocks(options, "enforce_on_key_configs");
  if (configs.length === 1) return String(configs[0].enforce_on_key_type ?? "ALL");
  if (configs.length > 1) return "COMBINED";
  return isSet(options.enforce_on_key) ? String(options.enforce_on_key) : "ALL";
}

/** An enforced rate-based ban per client IP with a positive ban duration (whatever it matches). */
function isIpBan(rule: ArmorRule): boolean {
  return (
    rule.action === "rate_based_ban" &&
    !rule.preview &&
    keyOf(rule) === "IP" &&
    Number(get(rule.rateLimit, "ban_duration_sec")) > 0
  );
}

/**
 * An earlier enforced rule that decides some requests without denying them: an allow, a redirect or another
 * rate limit (under its limit a request is allowed and no later rule runs). Those requests never reach the
 * per-IP ban. Deny rules only take away requests they refuse; preview rules decide nothing.
 */
function exemptionBefore(rule: ArmorRule, rules: readonly ArmorRule[]): ArmorRule | undefined {
  return rules.find((earlier) => earlier.priority < rule.priority && !earlier.preview && !denies(earlier));
}

/** Why an enforced per-IP ban does not count every request, or undefined when it does. */
function gap(rule: ArmorRule, rules: readonly ArmorRule[]): string | undefined {
  if (!rule.matchesAll)
    return `${describeRule(rule)} matches only some requests (${rule.expression ?? "a source range list"}), so the others are never counted per IP`;
  const exemption = exemptionBefore(rule, rules);
  if (exemption) {
    const keyed = exemption.rateLimit ? `, counted per ${keyOf(exemption)}` : "";
    const matched = exemption.matchesAll
      ? "every request"
      : `requests matching ${exemption.expression ?? "its ranges"}`;
    return `${describeRule(exemption)} comes first and decides ${matched}${keyed}: they never reach ${describeRule(rule)}`;
  }
  return undefined;
}

export const EDGE03RateLimits: Control = {
  id: "EDGE-03",
  title: "Every request rate-limited per client IP, with temporary bans",
  claim:
    "IP-based rate limiting with automatic temporary blocks counts every request: no header, and no earlier " +
    "rule, takes a request out of the per-IP count.",
  severity: "high",
  rationale:
    "A client that floods the application, guesses credentials or scrapes it is slowed at the edge and then " +
    "banned for a while. Cloud Armor applies at most one rate limit to a request: a rate-limit rule allows the " +
    "requests under its limit and no later rule runs. A per-IP rule that excludes some requests (for example " +
    "those carrying an API-key header), or that comes after another enforced rate limit or allow, leaves those " +
    "requests outside the per-IP count: a client sending a new random API key with each request is then never " +
    "limited. Per-header counts in preview mode are allowed on top: preview rules are logged, not applied, and " +
    "evaluation goes on.",
  remediation:
    'Add a rate_based_ban rule with rate_limit_options { enforce_on_key = "IP", ban_duration_sec > 0 } that ' +
    'matches every request (src_ip_ranges ["*"]), not in preview, with only deny or preview rules before it; ' +
    "put per-header limits in preview, or enforce them in the application.",
  references: { cis: [], checkov: [], trivy: [] },
  implementation:
    "ArmorPolicy bans client IPs over the per-minute limit at priority 3100 for every request (src_ip_ranges " +
    "*); the only rule between the deny rules and it is the per-header-value count at 3000, in preview.",
  evaluate: (scope) =>
    judgeArmorPolicies(scope, (policy, rules) => {
      const limits = rules.filter((rule) => rule.rateLimit !== undefined || rule.action === "rate_based_ban");
      const found = limits.map((rule) => evidence(`${rule.path}`, describeLimit(rule)));
      const bans = rules.filter(isIpBan);
      const complete = bans.find((rule) => gap(rule, rules) === undefined);
      if (complete)
        return verdict(
          "pass",
          policy,
          `${describeRule(complete)} bans per client IP and every request reaches it`,
          found,
        );
      if (bans.length === 0) {
        const seen = limits.length > 0 ? `; found ${limits.map(describeRule).join(", ")}` : "";
        return verdict(
          "fail",
          policy,
          `no enforced rate_based_ban per client IP with a ban duration${seen}`,
          found,
        );
      }
      return verdict("fail", policy, bans.map((rule) => gap(rule, rules)).join("; "), found);
    }),
};

function describeLimit(rule: ArmorRule): Record<string, unknown> {
  return {
    priority: rule.priority,
    action: rule.action,
    preview: rule.preview,
    match: rule.expression ?? (rule.matchesAll ? "*" : "(source ranges)"),
    rate_limit_options: rule.rateLimit,
  };
}
