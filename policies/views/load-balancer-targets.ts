import type { Result } from "../control";
import { type Resource, type Scope, Unknown, isUnknown } from "../model/types";
import { isSet } from "../judge/presence";
import { targetIndex } from "../model/resolve";
import { projectVerdict } from "../judge/results";

/**
 * Resolves attribute values to the declared resource of one of `types` they designate (by reference, name or
 * self link); the candidates are indexed once, so resolving every proxy or backend stays linear. A value
 * resolves to undefined when the attribute is not set, and to an Unknown when it is known only after apply or
 * names nothing declared in the environment (a literal pointing outside the configuration cannot be judged).
 */
export function targetsOf(
  scope: Scope,
  types: readonly string[],
): (from: Resource, value: unknown) => Resource | Unknown | undefined {
  const designated = targetIndex(
    scope,
    types.flatMap((type) => scope.ofType(type)),
  );
  return (from, value) => {
    if (isUnknown(value)) return value;
    if (!isSet(value)) return undefined;
    return designated(from, value) ?? new Unknown(`${String(value)} names no declared ${types.join(" or ")}`);
  };
}

const EXTERNAL_SCHEMES = ["EXTERNAL", "EXTERNAL_MANAGED"];

/**
 * Backend services reachable from the internet: global ones with scheme EXTERNAL (the provider default) or
 * EXTERNAL_MANAGED, and regional ones (regional external Application Load Balancer) that name either scheme
 * (their default is INTERNAL). A scheme known only after apply, or set from an expression, counts as external,
 * so it is judged, not skipped.
 */
export function externalBackendServices(scope: Scope): Resource[] {
  const external = (service: Resource, unsetIsExternal: boolean) => {
    const scheme = service.attributes.load_balancing_scheme;
    if (!isSet(scheme)) return unsetIsExternal;
    return isUnknown(scheme) || String(scheme).includes("${") || EXTERNAL_SCHEMES.includes(String(scheme));
  };
  return [
    ...scope.ofType("google_compute_backend_service").filter((service) => external(service, true)),
    ...scope.ofType("google_compute_region_backend_service").filter((service) => external(service, false)),
  ];
}

/** Judges each external backend service; says so at project level when there is none. */
export function judgeExternalBackends(scope: Scope, judge: (backend: Resource) => Result): Result[] {
  const backends = externalBackendServices(scope);
  if (backends.length === 0) {
    return [
      projectVerdict("not-applicable", `no external backend service in environment ${scope.environment}`),
    ];
  }
  return backends.map(judge);
}

export const HTTPS_PROXY_TYPES = [
  "google_compute_target_https_proxy",
  "google_compute_region_target_https_proxy",
];
export const HTTP_PROXY_TYPES = [
  "google_compute_target_http_proxy",
  "google_compute_region_target_http_proxy",
];
