import type { Evidence, Result } from "../control";
import { type Resource, type Scope, isUnknown } from "../model/types";

type Status = Result["status"];

/** Evidence for one attribute; an attribute the input leaves out is shown as "(not set)", never dropped. */
export function evidence(path: string, value: unknown): Evidence {
  return { path, value: value === undefined ? "(not set)" : value };
}

/** A verdict about one resource. Messages start with the resource address so a reader can find it. */
export function verdict(status: Status, resource: Resource, message: string, found: Evidence[] = []): Result {
  return { resource, status, message: `${resource.address}: ${message}`, evidence: found };
}

/** A verdict about the environment itself (a required resource is missing, or none needs judging). */
export function projectVerdict(status: Status, message: string, found: Evidence[] = []): Result {
  return { status, message, evidence: found };
}

/** The status an Unknown value forces, or undefined when the value is known. */
export function unknownIn(...values: unknown[]): "unknown" | undefined {
  return values.some(isUnknown) ? "unknown" : undefined;
}

/**
 * Judges every managed resource of the given types; when there is none, says so at project level
 * (not-applicable) instead of returning nothing.
 */
export function judgeEach(
  scope: Scope,
  types: readonly string[],
  judge: (resource: Resource) => Result | Result[],
): Result[] {
  const resources = types.flatMap((type) => scope.ofType(type));
  if (resources.length === 0) {
    return [projectVerdict("not-applicable", `no ${types.join(" or ")} in environment ${scope.environment}`)];
  }
  return resources.flatMap(judge);
}
