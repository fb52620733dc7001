import type { Resource, Scope } from "../model/types";
import { blocks, get, list } from "../model/values";
import { surestFirst } from "../judge/presence";

const ORG_POLICY = "google_org_policy_policy";

/**
 * The `google_org_policy_policy` resources for a constraint (`compute.requireOsLogin`), named
 * `<parent>/policies/<constraint>`; those Terraform surely creates first.
 */
export function orgPoliciesFor(scope: Scope, constraint: string): Resource[] {
  return surestFirst(
    scope.ofType(ORG_POLICY).filter((p) => policyParent(p, constraint) !== undefined),
    (p) => p,
  );
}

/** The first `google_org_policy_policy` for a constraint (see orgPoliciesFor). */
export function orgPolicy(scope: Scope, constraint: string): Resource | undefined {
  return orgPoliciesFor(scope, constraint)[0];
}

/** `<parent>` of a policy named `<parent>/policies/<constraint>`; undefined when it is named otherwise. */
export function policyParent(policy: Resource, constraint: string): string | undefined {
  const { name } = policy.attributes;
  const suffix = `/policies/${constraint}`;
  return typeof name === "string" && name.endsWith(suffix) ? name.slice(0, -suffix.length) : undefined;
}

/**
 * The unconditional rules of a policy's live spec: a rule with a condition only applies to some resources,
 * and a spec that resets to the parent's policy enforces nothing of its own.
 */
export function unconditionalRules(policy: Resource): Record<string, unknown>[] {
  if (isTrue(get(policy.attributes, "spec.reset"))) return [];
  return blocks(policy.attributes, "spec.rules").filter((rule) => blocks(rule, "condition").length === 0);
}

/** `"TRUE"`/`true`: org policy rules write booleans as the strings "TRUE"/"FALSE". */
export function isTrue(value: unknown): boolean {
  return value === true || (typeof value === "string" && value.toUpperCase() === "TRUE");
}

/** Whether a boolean constraint is enforced by an unconditional rule. */
export function enforcesBoolean(policy: Resource): boolean {
  return unconditionalRules(policy).some((rule) => isTrue(rule.enforce));
}

/** Allowed values of a list constraint's unconditional rules; undefined when a rule allows everything. */
export function allowedValues(policy: Resource): string[] | undefined {
  const rules = unconditionalRules(policy);
  if (rules.some((rule) => isTrue(rule.allow_all))) return undefined;
  return rules
    .flatMap((rule) => list(rule, "values.allowed_values"))
    .filter((v): v is string => typeof v === "string");
}
