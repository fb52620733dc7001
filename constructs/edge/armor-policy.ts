import { Construct } from "constructs";
import {
  ComputeSecurityPolicy,
  type ComputeSecurityPolicyRule,
} from "@cdktf/provider-google/lib/compute-security-policy";
import {
  type BanLimit,
  type HeaderBanLimit,
  blockedUserAgentRules,
  defaultRule,
  oversizedBodyRule,
  perHeaderBanRule,
  perIpBanRule,
  wafRules,
} from "./armor-rules";
import { MAX_SUBEXPRESSIONS, subexpressionCount } from "./cel";

/** Cloud Armor's per-rule limits. */
const MAX_DESCRIPTION_CHARS = 64;
const MAX_IP_RANGES_PER_RULE = 10;
const MAX_BAN_REQUESTS = 10_000;

export const ARMOR_DEFAULTS = {
  wafSensitivity: 1,
  perIpRateLimit: { requestsPerMinute: 600, banDurationSeconds: 600 },
  perHeaderRateLimit: { header: "X-API-Key", requestsPerMinute: 1200, banDurationSeconds: 300 },
  maxRequestBodyBytes: 1_048_576,
  blockedUserAgents: ["sqlmap", "nikto", "nmap", "masscan", "zgrab", "nuclei"],
} as const;

export interface ArmorPolicyProps {
  readonly name: string;
  readonly description?: string;
  /** OWASP CRS sensitivity 1-4 (default 1, the fewest false positives); 0 would enable nothing. */
  readonly wafSensitivity?: number;
  readonly perIpRateLimit?: BanLimit;
  /** Counted and logged per header value in preview, never enforced (the per-IP limit is). */
  readonly perHeaderRateLimit?: HeaderBanLimit;
  /** Requests announcing a larger Content-Length are denied. */
  readonly maxRequestBodyBytes?: number;
  /** Case-insensitive User-Agent fragments to deny; at least one. */
  readonly blockedUserAgents?: readonly string[];
  /** VERBOSE request logs name the matched WAF signature and request fields; NORMAL by default. */
  readonly verboseLogging?: boolean;
  /** Only log what the WAF rules would deny (for tuning). Loosens the policy: the WAF control fails. */
  readonly wafPreviewOnly?: boolean;
}

/**
 * A Cloud Armor backend security policy (type CLOUD_ARMOR) that guarantees, with no options given: OWASP
 * CRS 3.3 rules and cve-canary in deny(403) mode, oversized bodies and scanner user agents denied,
 * a rate-based ban per client IP on every request (per-header-value counts logged in preview on top: Cloud
 * Armor enforces one rate limit per request, see perHeaderBanRule), Adaptive Protection (layer 7 DDoS defence), JSON body parsing,
 * and an explicit default rule. Rules respect Cloud Armor's limits (unique priorities, descriptions of at
 * most 64 characters, at most 10 IP ranges and 5 subexpressions per rule), checked at synth time.
 */
export class ArmorPolicy extends Construct {
  readonly policy: ComputeSecurityPolicy;

  constructor(scope: Construct, id: string, props: ArmorPolicyProps) {
    super(scope, id);
    const fail = (problem: string) => new Error(`ArmorPolicy ${props.name}: ${problem}`);
    const sensitivity = props.wafSensitivity ?? ARMOR_DEFAULTS.wafSensitivity;
    if (!isWhole(sensitivity, 1, 4)) throw fail(`wafSensitivity must be 1, 2, 3 or 4, got ${sensitivity}`);
    const perIp = props.perIpRateLimit ?? ARMOR_DEFAULTS.perIpRateLimit;
    const perHeader = props.perHeaderRateLimit ?? ARMOR_DEFAULTS.perHeaderRateLimit;
    for (const [which, limit] of [
      ["perIpRateLimit", perIp],
      ["perHeaderRateLimit", perHeader],
    ] as const) {
      if (!isWhole(limit.requestsPerMinute, 1, MAX_BAN_REQUESTS) || !isWhole(limit.banDurationSeconds, 1)) {
        throw fail(`${which} needs 1-${MAX_BAN_REQUESTS} requests per minute and a ban of at least 1 second`);
      }
    }
    const maxBytes = props.maxRequestBodyBytes ?? ARMOR_DEFAULTS.maxRequestBodyBytes;
    if (!isWhole(maxBytes, 1))
      throw fail(`maxRequestBodyBytes must be a positive whole number, got ${maxBytes}`);
    const agents = props.blockedUserAgents ?? ARMOR_DEFAULTS.blockedUserAgents;
    if (agents.length === 0) throw fail("blockedUserAgents must name at least one agent");

    const rules = [
      oversizedBodyRule(maxBytes),
      ...blockedUserAgentRules(agents),
      ...wafRules(sensitivity, props.wafPreviewOnly ?? false),
      perHeaderBanRule(perHeader),
      perIpBanRule(perIp),
      defaultRule(),
    ];
    const problems = checkRuleLimits(rules);
    if (problems.length > 0) throw fail(problems.join("; "));
    this.policy = new ComputeSecurityPolicy(this, "policy", {
      name: props.name,
      description: props.description ?? "Baseline WAF: OWASP CRS, request validation, rate-based bans",
      type: "CLOUD_ARMOR",
      rule: rules,
      adaptiveProtectionConfig: { layer7DdosDefenseConfig: { enable: true, ruleVisibility: "STANDARD" } },
      advancedOptionsConfig: {
        jsonParsing: "STANDARD",
        logLevel: props.verboseLogging ? "VERBOSE" : "NORMAL",
      },
    });
  }
}

/** Problems with rules Cloud Armor would reject (or, for duplicate priorities, silently merge). */
export function checkRuleLimits(rules: readonly ComputeSecurityPolicyRule[]): string[] {
  const problems: string[] = [];
  const seen = new Set<number>();
  for (const rule of rules) {
    const where = `rule ${rule.priority}`;
    if (seen.has(rule.priority)) problems.push(`${where}: priority used twice`);
    seen.add(rule.priority);
    if ((rule.description ?? "").length > MAX_DESCRIPTION_CHARS) {
      problems.push(`${where}: description longer than ${MAX_DESCRIPTION_CHARS} characters`);
    }
    const ranges = rule.match.config?.srcIpRanges ?? [];
    if (ranges.length > MAX_IP_RANGES_PER_RULE) {
      problems.push(`${where}: ${ranges.length} IP ranges, at most ${MAX_IP_RANGES_PER_RULE} allowed`);
    }
    const expression = rule.match.expr?.expression;
    if (expression !== undefined && subexpressionCount(expression) > MAX_SUBEXPRESSIONS) {
      problems.push(`${where}: more than ${MAX_SUBEXPRESSIONS} subexpressions`);
    }
  }
  return problems;
}

function isWhole(value: number, min: number, max = Number.MAX_SAFE_INTEGER): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}
