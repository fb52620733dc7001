import type { Control } from "../../control";
import { blocks, get } from "../../model/values";
import { isSet } from "../../judge/presence";
import { evidence, verdict } from "../../judge/results";
import { type ArmorRule, describeRule, judgeArmorPolicies, shadowOf } from "../../views/armor-rules";

type Key = "IP" | "HTTP_HEADER";

/** The single key a rate limit counts by: enforce_on_key, or one enforce_on_key_configs entry. Default ALL. */
function keyOf(rule: ArmorRule): { type: string; name: unknown } {
  const options = rule.rateLimit ?? {};
  const configs = blocks(options, "enforce_on_key_configs");
  if (configs.length === 1)
    return { type: String(configs[0].enforce_on_key_type ?? "ALL"), name: configs[0].enforce_on_key_name };
  if (configs.length > 1) return { type: "COMBINED", name: undefined };
  return {
    type: isSet(options.enforce_on_key) ? String(options.enforce_on_key) : "ALL",
    name: options.enforce_on_key_name,
  };
}

/** A rate-based ban on `key` that is enforced, reachable and bans for a positive duration. */
function bansBy(rule: ArmorRule, rules: readonly ArmorRule[], key: Key): boolean {
  const counted = keyOf(rule);
  return (
    rule.action === "rate_based_ban" &&
    !rule.preview &&
    shadowOf(rule, rules) === undefined &&
    counted.type === key &&
    (key !== "HTTP_HEADER" || isSet(counted.name)) &&
    Number(get(rule.rateLimit, "ban_duration_sec")) > 0
  );
}

const WANTED: Record<Key, string> = { IP: "per client IP", HTTP_HEADER: "per header value" };

export const EDGE03RateLimits: Control = {
  id: "EDGE-03",
  title: "Rate limiting per IP and per header with temporary bans",
  claim: "IP- and header-based rate limiting with automatic temporary blocks.",
  severity: "high",
  rationale:
    "A client that floods the application, guesses credentials or scrapes it is slowed at the edge and then " +
    "banned for a while; keying on a header (an API key) limits clients that share an IP address fairly.",
  remediation:
    'Add rate_based_ban rules with rate_limit_options { enforce_on_key = "IP" } and { enforce_on_key = ' +
    '"HTTP_HEADER", enforce_on_key_name = "<header>" }, each with a ban_duration_sec, not in preview and not ' +
    "after a rule that lets all traffic through.",
  references: { cis: [], checkov: [], trivy: [] },
  implementation:
    "ArmorPolicy bans header values (priority 3000, only for requests that carry the header) and client IPs " +
    "(priority 3100, every other request) that exceed their per-minute limits, for the configured durations.",
  evaluate: (scope) =>
    judgeArmorPolicies(scope, (policy, rules) => {
      const banRules = rules.filter((rule) => rule.action === "rate_based_ban" || rule.action === "throttle");
      const found = banRules.map((rule) => evidence(`${rule.path}.rate_limit_options`, rule.rateLimit));
      const missing = (Object.keys(WANTED) as Key[]).filter(
        (key) => !rules.some((rule) => bansBy(rule, rules, key)),
      );
      if (missing.length === 0)
        return verdict("pass", policy, "rate-based bans per client IP and per header value", found);
      const seen = banRules.length > 0 ? `; found ${banRules.map(describeRule).join(", ")}` : "";
      return verdict(
        "fail",
        policy,
        `no enforced rate_based_ban with a ban duration ${missing.map((key) => WANTED[key]).join(" or ")}${seen}`,
        found,
      );
    }),
};
