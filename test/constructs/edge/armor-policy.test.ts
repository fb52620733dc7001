import type { ComputeSecurityPolicyRule } from "@cdktf/provider-google/lib/compute-security-policy";
import {
  ARMOR_DEFAULTS,
  ArmorPolicy,
  type ArmorPolicyProps,
  checkRuleLimits,
} from "../../../constructs/edge/armor-policy";
import { PRIORITY } from "../../../constructs/edge/armor-rules";
import { greaterThanPattern, quote, subexpressionCount } from "../../../constructs/edge/cel";
import { REQUIRED_WAF_RULE_SETS } from "../../../policies/views/waf-rule-sets";
import { type Attributes, attributesOf, synthScope } from "../../support/synth";

function policyOf(props: Partial<ArmorPolicyProps> = {}): Attributes {
  const json = synthScope((stack) => new ArmorPolicy(stack, "armor", { name: "armor", ...props }));
  const [policy] = attributesOf(json, "google_compute_security_policy");
  return policy;
}

const rules = (policy: Attributes): Attributes[] => policy.rule;
const byPriority = (policy: Attributes, priority: number): Attributes =>
  rules(policy).find((rule) => rule.priority === priority)!;
const expressions = (policy: Attributes): string[] =>
  rules(policy).map((rule) => rule.match.expr?.expression ?? "");

// The EDGE controls judge a policy through the backend services it protects, so a policy alone gives them nothing
// to judge: https-load-balancer.test.ts proves this policy, used bare behind the bare load balancer, passes them all.
describe("ArmorPolicy", () => {
  describe("used bare", () => {
    const policy = policyOf();

    it("is a CLOUD_ARMOR policy with Adaptive Protection, JSON parsing and normal logging", () => {
      expect(policy.type).toBe("CLOUD_ARMOR");
      expect(policy.adaptive_protection_config).toEqual({
        layer_7_ddos_defense_config: { enable: true, rule_visibility: "STANDARD" },
      });
      expect(policy.advanced_options_config).toEqual({ json_parsing: "STANDARD", log_level: "NORMAL" });
    });

    it("denies every OWASP CRS 3.3 rule set and cve-canary at sensitivity 1, enforced", () => {
      const waf = rules(policy).filter((rule) =>
        rule.match.expr?.expression.startsWith("evaluatePreconfiguredWaf"),
      );
      // The rule sets the EDGE-02 control requires, in the construct's priority order.
      expect(waf.map((rule) => rule.match.expr.expression)).toEqual(
        REQUIRED_WAF_RULE_SETS.map((set) =>
          set === "cve-canary"
            ? "evaluatePreconfiguredWaf('cve-canary')"
            : `evaluatePreconfiguredWaf('${set}-v33-stable', {'sensitivity': 1})`,
        ),
      );
      expect(waf.every((rule) => rule.action === "deny(403)" && rule.preview === undefined)).toBe(true);
    });

    it("orders denies before the rate limits and ends with an explicit default allow", () => {
      const actions = rules(policy).map((rule) => [rule.priority, rule.action]);
      const firstRateLimit = actions.findIndex(([, action]) => action === "rate_based_ban");
      expect(actions.slice(0, firstRateLimit).every(([, action]) => action === "deny(403)")).toBe(true);
      expect(actions.at(-1)).toEqual([2147483647, "allow"]);
      expect(byPriority(policy, PRIORITY.default).match).toEqual({
        versioned_expr: "SRC_IPS_V1",
        config: { src_ip_ranges: ["*"] },
      });
      const priorities = rules(policy).map((rule) => rule.priority);
      expect([...priorities].sort((a, b) => a - b)).toEqual(priorities);
      expect(new Set(priorities).size).toBe(priorities.length);
    });

    it("bans every request per IP; counts header values only in preview, for requests that carry it", () => {
      const header = byPriority(policy, PRIORITY.perHeaderRateLimit);
      expect(header.action).toBe("rate_based_ban");
      // Enforced, it would decide header-carrying requests before the per-IP rule (random keys evade it).
      expect(header.preview).toBe(true);
      expect(header.match.expr.expression).toBe("has(request.headers['x-api-key'])");
      expect(header.rate_limit_options).toEqual({
        conform_action: "allow",
        exceed_action: "deny(429)",
        enforce_on_key: "HTTP_HEADER",
        enforce_on_key_name: "X-API-Key",
        rate_limit_threshold: { count: 1200, interval_sec: 60 },
        ban_threshold: { count: 1200, interval_sec: 60 },
        ban_duration_sec: 300,
      });
      const ip = byPriority(policy, PRIORITY.perIpRateLimit);
      expect(ip.match.config.src_ip_ranges).toEqual(["*"]);
      expect(ip.preview).toBeUndefined();
      // No enforced rule that lets requests through comes before the per-IP ban.
      const earlier = rules(policy).filter(
        (rule) => rule.priority < PRIORITY.perIpRateLimit && !rule.preview,
      );
      expect(earlier.every((rule) => String(rule.action).startsWith("deny("))).toBe(true);
      expect(ip.rate_limit_options).toMatchObject({ enforce_on_key: "IP", ban_duration_sec: 600 });
    });

    it("denies bodies over 1 MiB by Content-Length and the default scanner agents", () => {
      expect(byPriority(policy, PRIORITY.oversizedBody).match.expr.expression).toBe(
        `has(request.headers['content-length']) && request.headers['content-length'].matches(` +
          `'${greaterThanPattern(ARMOR_DEFAULTS.maxRequestBodyBytes)}')`,
      );
      const agents = expressions(policy)
        .filter((e) => e.includes("user-agent"))
        .join(" ");
      for (const agent of ARMOR_DEFAULTS.blockedUserAgents) expect(agents).toContain(`contains('${agent}')`);
    });

    it("keeps within Cloud Armor's rule limits", () => {
      expect(rules(policy).every((rule) => rule.description.length <= 64)).toBe(true);
      expect(expressions(policy).every((e) => subexpressionCount(e) <= 5)).toBe(true);
      expect(rules(policy).every((rule) => (rule.match.config?.src_ip_ranges ?? []).length <= 10)).toBe(true);
    });
  });

  it("splits blocked agents into rules of at most five subexpressions, lower-casing them", () => {
    const agents = Array.from({ length: 12 }, (_, i) => `Bot${i}`);
    const agentRules = rules(policyOf({ blockedUserAgents: agents })).filter((rule) =>
      rule.match.expr?.expression.includes("user-agent"),
    );
    expect(agentRules.map((rule) => rule.priority)).toEqual([1100, 1101, 1102]);
    expect(agentRules.map((rule) => subexpressionCount(rule.match.expr.expression))).toEqual([5, 5, 2]);
    expect(agentRules[2].match.expr.expression).toBe(
      "request.headers['user-agent'].lower().contains('bot10') || " +
        "request.headers['user-agent'].lower().contains('bot11')",
    );
  });

  it("takes sensitivity, limits, body size and verbose logging from its props", () => {
    const policy = policyOf({
      wafSensitivity: 3,
      perIpRateLimit: { requestsPerMinute: 100, banDurationSeconds: 900 },
      perHeaderRateLimit: { header: "X-Client-Id", requestsPerMinute: 50, banDurationSeconds: 60 },
      maxRequestBodyBytes: 2048,
      verboseLogging: true,
    });
    expect(expressions(policy)).toContain("evaluatePreconfiguredWaf('xss-v33-stable', {'sensitivity': 3})");
    expect(byPriority(policy, PRIORITY.perIpRateLimit).rate_limit_options.rate_limit_threshold.count).toBe(
      100,
    );
    expect(byPriority(policy, PRIORITY.perHeaderRateLimit).match.expr.expression).toBe(
      "has(request.headers['x-client-id'])",
    );
    expect(byPriority(policy, PRIORITY.oversizedBody).match.expr.expression).toContain(
      greaterThanPattern(2048),
    );
    expect(policy.advanced_options_config.log_level).toBe("VERBOSE");
  });

  it("puts the WAF rules in preview only when wafPreviewOnly says so", () => {
    const waf = rules(policyOf({ wafPreviewOnly: true })).filter((rule) =>
      rule.match.expr?.expression.startsWith("evaluatePreconfiguredWaf"),
    );
    expect(waf).toHaveLength(10);
    expect(waf.every((rule) => rule.preview === true)).toBe(true);
  });

  it.each<[string, Partial<ArmorPolicyProps>, string]>([
    ["sensitivity 0", { wafSensitivity: 0 }, "wafSensitivity must be 1, 2, 3 or 4, got 0"],
    ["sensitivity 5", { wafSensitivity: 5 }, "wafSensitivity must be 1, 2, 3 or 4, got 5"],
    [
      "a rate limit of 0",
      { perIpRateLimit: { requestsPerMinute: 0, banDurationSeconds: 60 } },
      "perIpRateLimit needs 1-10000 requests per minute and a ban of at least 1 second",
    ],
    [
      "a ban of 0 seconds",
      { perHeaderRateLimit: { header: "X-Key", requestsPerMinute: 10, banDurationSeconds: 0 } },
      "perHeaderRateLimit needs 1-10000 requests per minute and a ban of at least 1 second",
    ],
    [
      "a body limit of 0",
      { maxRequestBodyBytes: 0 },
      "maxRequestBodyBytes must be a positive whole number, got 0",
    ],
    ["no blocked agents", { blockedUserAgents: [] }, "blockedUserAgents must name at least one agent"],
  ])("refuses %s", (_, props, message) => {
    expect(() => policyOf(props)).toThrow(`ArmorPolicy armor: ${message}`);
  });

  it("refuses a user agent that would end the expression's string literal", () => {
    expect(() => policyOf({ blockedUserAgents: ["it's"] })).toThrow(`cannot quote "it's"`);
    expect(() => quote("a\\b")).toThrow("contains ' or \\");
  });
});

describe("checkRuleLimits", () => {
  const rule = (
    priority: number,
    extra: Partial<ComputeSecurityPolicyRule> = {},
  ): ComputeSecurityPolicyRule => ({
    priority,
    action: "deny(403)",
    match: { expr: { expression: "true" } },
    ...extra,
  });

  it("reports duplicate priorities, long descriptions, too many ranges and subexpressions", () => {
    expect(
      checkRuleLimits([
        rule(1),
        rule(1),
        rule(2, { description: "x".repeat(65) }),
        rule(3, {
          match: {
            versionedExpr: "SRC_IPS_V1",
            config: { srcIpRanges: Array.from({ length: 11 }, (_, i) => `10.0.${i}.0/24`) },
          },
        }),
        rule(4, {
          match: { expr: { expression: Array(6).fill("origin.region_code == 'XX'").join(" || ") } },
        }),
      ]),
    ).toEqual([
      "rule 1: priority used twice",
      "rule 2: description longer than 64 characters",
      "rule 3: 11 IP ranges, at most 10 allowed",
      "rule 4: more than 5 subexpressions",
    ]);
  });

  it("does not count operators inside string literals", () => {
    expect(subexpressionCount("request.path.matches('a||b&&c') && true")).toBe(2);
  });
});

describe("greaterThanPattern", () => {
  it.each([0, 1, 9, 10, 99, 100, 909, 1000, 1_048_576, 9_999_999])(
    "matches exactly the integers above %i, with or without leading zeros",
    (limit) => {
      const pattern = new RegExp(greaterThanPattern(limit));
      const probes = [0, 1, limit - 1, limit, limit + 1, limit + 9, limit * 10, limit * 10 + 7, 10 ** 12];
      for (let n = Math.max(0, limit - 120); n <= limit + 120; n++) probes.push(n);
      for (const n of probes.filter((p) => p >= 0)) {
        expect([n, pattern.test(String(n))]).toEqual([n, n > limit]);
        expect([`00${n}`, pattern.test(`00${n}`)]).toEqual([`00${n}`, n > limit]);
      }
      for (const junk of ["", "abc", "-5", `${limit + 1}x`, ` ${limit + 1}`])
        expect(pattern.test(junk)).toBe(false);
    },
  );
});
