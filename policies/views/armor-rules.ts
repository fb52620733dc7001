import type { Result } from "../control";
import { type Resource, type Scope, Unknown, isUnknown } from "../model/types";
import { blocks, get, list, truthy } from "../model/values";
import { isSet } from "../judge/presence";
import { projectVerdict, verdict } from "../judge/results";
import { externalBackendServices, targetsOf } from "./load-balancer-targets";

const POLICY = "google_compute_security_policy";

/** One rule of a Cloud Armor policy, in the shape the EDGE controls reason about. */
export interface ArmorRule {
  readonly priority: number;
  readonly action: string;
  readonly preview: boolean;
  /** The advanced match expression, if the rule has one. */
  readonly expression?: string;
  /** Matches every request: source ranges `*`, or the expression `true`. */
  readonly matchesAll: boolean;
  readonly rateLimit: Record<string, unknown> | undefined;
  /** Where the rule sits in the policy's `rule` list, for evidence paths. */
  readonly path: string;
}

/** A rule whose action is a deny: `deny(403)`, `deny(404)`, `deny(502)`. */
export function denies(rule: ArmorRule): boolean {
  return rule.action.startsWith("deny(");
}

/**
 * The policy's rules in evaluation order (lowest priority number first), or an Unknown when the rules, or a
 * value a control needs from them, are known only after apply.
 */
export function armorRules(policy: Resource): ArmorRule[] | Unknown {
  if (isUnknown(policy.attributes.rule)) return policy.attributes.rule;
  const rules: ArmorRule[] = [];
  for (const [index, rule] of blocks(policy.attributes, "rule").entries()) {
    const [priority, action, preview] = [rule.priority, rule.action, truthy(rule.preview)];
    const expression = get(rule, "match.expr.expression");
    const ranges = list(rule, "match.config.src_ip_ranges");
    // Plan JSON writes an absent block as [], which must not read as a rate limit.
    const rateLimit = get(rule, "rate_limit_options");
    const values = [priority, action, preview, expression, ...ranges];
    const unknown = values.find(isUnknown);
    if (unknown) return unknown;
    rules.push({
      priority: Number(priority),
      action: String(action),
      preview: preview === true,
      expression: typeof expression === "string" ? expression : undefined,
      matchesAll: ranges.includes("*") || (typeof expression === "string" && expression.trim() === "true"),
      rateLimit: isSet(rateLimit) ? (rateLimit as Record<string, unknown>) : undefined,
      path: `rule.${index}`,
    });
  }
  return rules.sort((a, b) => a.priority - b.priority);
}

/** An earlier rule that lets every request through (allow, rate limit, redirect): nothing after it is reached. */
export function shadowOf(rule: ArmorRule, rules: readonly ArmorRule[]): ArmorRule | undefined {
  return rules.find((earlier) => before(earlier, rule) && !denies(earlier) && earlier.matchesAll);
}

/**
 * An earlier rule that lets some requests skip `rule`: a shadow, or any rate-limit rule, since requests under
 * its limit are allowed outright and never reach the rules after it.
 */
export function bypassOf(rule: ArmorRule, rules: readonly ArmorRule[]): ArmorRule | undefined {
  return (
    shadowOf(rule, rules) ?? rules.find((earlier) => before(earlier, rule) && earlier.rateLimit !== undefined)
  );
}

/** A deny rule that is enforced and that no earlier rule lets requests around. */
export function enforcedDeny(rule: ArmorRule, rules: readonly ArmorRule[]): boolean {
  return denies(rule) && !rule.preview && bypassOf(rule, rules) === undefined;
}

/** Why a rule is not an enforced deny, for messages. */
export function whyNotEnforcedDeny(rule: ArmorRule, rules: readonly ArmorRule[]): string {
  if (!denies(rule)) return `${describeRule(rule)} does not deny`;
  if (rule.preview) return `${describeRule(rule)} is in preview (logs only)`;
  const bypass = bypassOf(rule, rules);
  return bypass
    ? `${describeRule(rule)} comes after ${describeRule(bypass)}, which lets requests through first`
    : "";
}

function before(earlier: ArmorRule, rule: ArmorRule): boolean {
  return earlier.priority < rule.priority && !earlier.preview;
}

/**
 * Judges each Cloud Armor policy that protects an external backend service, with its rules. A policy no
 * backend service attaches protects nothing, so it is reported as not applicable rather than judged.
 */
export function judgeArmorPolicies(
  scope: Scope,
  judge: (policy: Resource, rules: readonly ArmorRule[]) => Result,
): Result[] {
  const backends = externalBackendServices(scope);
  const policyOf = targetsOf(scope, [POLICY]);
  const attached = new Set(
    backends
      .map((backend) => policyOf(backend, backend.attributes.security_policy))
      .filter((target): target is Resource => target !== undefined && !isUnknown(target))
      .map((policy) => policy.id),
  );
  const policies = scope.ofType(POLICY);
  if (attached.size === 0) {
    return backends.length === 0
      ? [projectVerdict("not-applicable", `no external backend service in environment ${scope.environment}`)]
      : [
          projectVerdict(
            "fail",
            `no Cloud Armor policy is attached to the ${backends.length} external backend service(s) of environment ${scope.environment}`,
          ),
        ];
  }
  return policies.map((policy) => {
    if (!attached.has(policy.id)) {
      return verdict("not-applicable", policy, "not attached to any external backend service");
    }
    const rules = armorRules(policy);
    return isUnknown(rules)
      ? verdict("unknown", policy, `rules are known only after apply (${rules.reason})`)
      : judge(policy, rules);
  });
}

/** Short text for a rule in messages: `rule 3000 (rate_based_ban)`. */
export function describeRule(rule: ArmorRule): string {
  return `rule ${rule.priority} (${rule.action})`;
}
