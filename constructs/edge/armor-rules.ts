import type { ComputeSecurityPolicyRule } from "@cdktf/provider-google/lib/compute-security-policy";
import { all, any, greaterThanPattern, header, quote } from "./cel";

/**
 * Rule priorities, lowest first. Deny rules come before the rate limits because a rate-limit rule is
 * terminal: a request under the limit is allowed and nothing below it is evaluated, so a WAF rule placed
 * after a rate limit would never see conforming traffic. Gaps leave room for rules added later.
 */
export const PRIORITY = {
  oversizedBody: 1000,
  /** One rule per five agents: 1100, 1101, ... */
  blockedUserAgents: 1100,
  /** One rule per preconfigured rule set: 2000, 2010, ... */
  waf: 2000,
  /** In preview (logged, not enforced), so the per-IP rule after it still sees every request. */
  perHeaderRateLimit: 3000,
  perIpRateLimit: 3100,
  /** Cloud Armor's mandatory default rule. */
  default: 2147483647,
} as const;

/** OWASP ModSecurity CRS 3.3 rule sets, evaluated as `<name>-v33-stable`. */
export const OWASP_CRS_RULE_SETS = [
  "sqli",
  "xss",
  "lfi",
  "rfi",
  "rce",
  "scannerdetection",
  "protocolattack",
  "sessionfixation",
  "methodenforcement",
] as const;

/** Google's rule set for newly published critical CVEs (Log4Shell among them). */
export const CVE_RULE_SET = "cve-canary";

const AGENTS_PER_RULE = 5;
const RATE_INTERVAL_SECONDS = 60;
const MATCH_ALL = { versionedExpr: "SRC_IPS_V1", config: { srcIpRanges: ["*"] } };

export interface BanLimit {
  readonly requestsPerMinute: number;
  readonly banDurationSeconds: number;
}

export interface HeaderBanLimit extends BanLimit {
  /** The header whose value identifies a client, e.g. an API key header. */
  readonly header: string;
}

function expressionRule(
  priority: number,
  description: string,
  expression: string,
  action = "deny(403)",
): ComputeSecurityPolicyRule {
  return { priority, description, action, match: { expr: { expression } } };
}

/** Denies requests that announce a body larger than `maxBytes`. */
export function oversizedBodyRule(maxBytes: number): ComputeSecurityPolicyRule {
  const length = header("content-length");
  return expressionRule(
    PRIORITY.oversizedBody,
    `Deny bodies over ${maxBytes} bytes (Content-Length)`,
    all([`has(${length})`, `${length}.matches(${quote(greaterThanPattern(maxBytes))})`]),
  );
}

/** Denies requests whose User-Agent contains a blocked fragment (case-insensitive), five per rule. */
export function blockedUserAgentRules(agents: readonly string[]): ComputeSecurityPolicyRule[] {
  const chunks = Array.from({ length: Math.ceil(agents.length / AGENTS_PER_RULE) }, (_, i) =>
    agents.slice(i * AGENTS_PER_RULE, (i + 1) * AGENTS_PER_RULE),
  );
  return chunks.map((chunk, i) =>
    expressionRule(
      PRIORITY.blockedUserAgents + i,
      `Deny scanner user agents (${i + 1} of ${chunks.length})`,
      any(chunk.map((agent) => `${header("user-agent")}.lower().contains(${quote(agent.toLowerCase())})`)),
    ),
  );
}

/**
 * Preconfigured WAF rules in deny(403) mode. The CRS sets use `sensitivity`; cve-canary runs all of its
 * signatures (known-exploit signatures, and the form checkov's CKV_GCP_73 recognises).
 */
export function wafRules(sensitivity: number, preview: boolean): ComputeSecurityPolicyRule[] {
  const crs = OWASP_CRS_RULE_SETS.map((set, i) => {
    const name = `${set}-v33-stable`;
    return expressionRule(
      PRIORITY.waf + i * 10,
      `OWASP CRS 3.3 ${set}, sensitivity ${sensitivity}`,
      `evaluatePreconfiguredWaf(${quote(name)}, {'sensitivity': ${sensitivity}})`,
    );
  });
  const cve = expressionRule(
    PRIORITY.waf + OWASP_CRS_RULE_SETS.length * 10,
    "Newly published critical CVEs (Log4Shell and later)",
    `evaluatePreconfiguredWaf(${quote(CVE_RULE_SET)})`,
  );
  return [...crs, cve].map((rule) => (preview ? { ...rule, preview: true } : rule));
}

function banOptions(limit: BanLimit) {
  const perMinute = { count: limit.requestsPerMinute, intervalSec: RATE_INTERVAL_SECONDS };
  return {
    conformAction: "allow",
    exceedAction: "deny(429)",
    rateLimitThreshold: perMinute,
    // Over-limit requests beyond a second full allowance within a minute earn the ban.
    banThreshold: perMinute,
    banDurationSec: limit.banDurationSeconds,
  };
}

/**
 * Per-header-value counts, in preview: Cloud Armor logs what the rule would do (previewSecurityPolicy in the
 * request log) and goes on to the next rule, so the per-IP rule below still counts the request. Enforcing it
 * would reopen a bypass: a rate-limit rule decides the requests it matches (under the limit they are allowed
 * and no later rule runs), so every request carrying the header would be counted only per header value, and a
 * client sending a new random value each time would never be limited at all. Cloud Armor enforces at most one
 * rate limit per request, so per key cannot be enforced on top of per IP; the counts show keys that exceed
 * their allowance. Matching only requests that have the header keeps header-less requests out of one shared
 * count (without the header Cloud Armor falls back to the key ALL).
 */
export function perHeaderBanRule(limit: HeaderBanLimit): ComputeSecurityPolicyRule {
  return {
    ...expressionRule(
      PRIORITY.perHeaderRateLimit,
      `Log header-keyed clients over ${limit.requestsPerMinute} req/min`,
      `has(${header(limit.header)})`,
      "rate_based_ban",
    ),
    preview: true,
    rateLimitOptions: { ...banOptions(limit), enforceOnKey: "HTTP_HEADER", enforceOnKeyName: limit.header },
  };
}

/**
 * Every request that no deny rule stopped is limited per client IP: the rule matches all traffic, and no
 * enforced rate-limit or allow rule comes before it, so neither a header nor anything else takes a request
 * out of the per-IP count.
 */
export function perIpBanRule(limit: BanLimit): ComputeSecurityPolicyRule {
  return {
    priority: PRIORITY.perIpRateLimit,
    description: `Ban client IPs over ${limit.requestsPerMinute} req/min`,
    action: "rate_based_ban",
    match: MATCH_ALL,
    rateLimitOptions: { ...banOptions(limit), enforceOnKey: "IP" },
  };
}

/**
 * Allow: the site is public, so there is no list of known-good clients to allow instead; every known-bad
 * pattern is denied above, and the per-IP rule already decides every request that reaches it.
 */
export function defaultRule(): ComputeSecurityPolicyRule {
  return {
    priority: PRIORITY.default,
    description: "Default: allow what no rule above denied",
    action: "allow",
    match: MATCH_ALL,
  };
}
