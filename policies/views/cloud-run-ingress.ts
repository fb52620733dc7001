import { type Resource, type Scope, isUnknown } from "../model/types";
import { blocks, get, list } from "../model/values";
import { isTrue, orgPoliciesFor, policyParent } from "./org-policy";
import { byNumber, projectsNamed } from "./project-identity";

export const RUN_INGRESS_CONSTRAINT = "run.allowedIngress";

/**
 * Cloud Run ingress settings that keep the run.app URL closed to the internet, as the org policy writes them
 * (`internal-and-cloud-load-balancing`, with or without the `is:` prefix) and as the Cloud Run v2 API and the
 * v1 annotation write them.
 */
const CLOSED_POLICY_VALUES = new Set(["internal", "internal-and-cloud-load-balancing"]);
const CLOSED_V2_INGRESS = new Set([
  "INGRESS_TRAFFIC_INTERNAL_ONLY",
  "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER",
]);
const V1_INGRESS_ANNOTATION = "run.googleapis.com/ingress";

/** A serverless network endpoint group that sends traffic to a Cloud Run service, with the service's name. */
export interface CloudRunNeg {
  readonly neg: Resource;
  readonly service: unknown;
  readonly region: unknown;
}

export function cloudRunNegs(scope: Scope): CloudRunNeg[] {
  return scope.ofType("google_compute_region_network_endpoint_group").flatMap((neg) =>
    blocks(neg.attributes, "cloud_run").map((run) => ({
      neg,
      service: run.service,
      region: neg.attributes.region,
    })),
  );
}

/** What a `run.allowedIngress` policy allows, judged on every rule (a conditional rule loosens it too). */
export function ingressPolicyVerdict(policy: Resource): { closed: boolean; why: string } | "unknown" {
  const spec = get(policy.attributes, "spec");
  if (isUnknown(spec)) return "unknown";
  if (isTrue(get(spec, "reset"))) return { closed: false, why: "spec.reset inherits the parent's policy" };
  const rules = blocks(policy.attributes, "spec.rules");
  if (rules.length === 0) return { closed: false, why: "no rules" };
  for (const rule of rules) {
    if (isTrue(rule.allow_all)) return { closed: false, why: "a rule allows all ingress settings" };
    const values = list(rule, "values.allowed_values");
    if (values.some(isUnknown)) return "unknown";
    const open = values.filter((v) => !CLOSED_POLICY_VALUES.has(String(v).replace(/^is:/, "")));
    if (open.length > 0) return { closed: false, why: `allowed values include ${open.join(", ")}` };
    if (values.length === 0 && !isTrue(rule.deny_all) && blocks(rule, "condition").length === 0)
      return {
        closed: false,
        why: "a rule lists no allowed values (denied values only narrow a default of all)",
      };
  }
  return { closed: true, why: "" };
}

/**
 * The `run.allowedIngress` policies of the scope, each with whether it sits on a project the environment's
 * resources name (false when they name projects of the same kind, ID or number, and not this one).
 */
export function ingressPolicies(
  scope: Scope,
): { policy: Resource; parent: string; onEnvironment: boolean }[] {
  const named = projectsNamed(scope);
  return orgPoliciesFor(scope, RUN_INGRESS_CONSTRAINT).map((policy) => {
    const parent = policyParent(policy, RUN_INGRESS_CONSTRAINT) ?? "";
    const sameKind = [...named].filter((p) => byNumber(p) === byNumber(parent));
    return { policy, parent, onEnvironment: sameKind.length === 0 || sameKind.includes(parent) };
  });
}

/** The ingress of a Cloud Run service declared in the configuration under `name`, if there is one. */
export function declaredServiceIngress(
  scope: Scope,
  name: unknown,
): { service: Resource; ingress: unknown; closed: boolean } | undefined {
  const v2 = scope.ofType("google_cloud_run_v2_service").find((s) => s.attributes.name === name);
  if (v2) {
    const ingress = v2.attributes.ingress;
    return { service: v2, ingress, closed: typeof ingress === "string" && CLOSED_V2_INGRESS.has(ingress) };
  }
  const v1 = scope.ofType("google_cloud_run_service").find((s) => s.attributes.name === name);
  if (v1) {
    const ingress = get(v1.attributes, `metadata.annotations`);
    const value =
      typeof ingress === "object" && ingress !== null
        ? (ingress as Record<string, unknown>)[V1_INGRESS_ANNOTATION]
        : undefined;
    return {
      service: v1,
      ingress: value,
      closed: typeof value === "string" && CLOSED_POLICY_VALUES.has(value),
    };
  }
  return undefined;
}
