import type { Control, Result } from "../../../policies/control";
import type { Scope } from "../../../policies/model/types";
import { environmentScope, environmentStacks, resourceWith } from "../../support/environment";
import type { Attributes, TerraformJson } from "../../support/synth";

/** The synthesized stacks of one environment, by stack name. */
export type Stacks = Record<string, TerraformJson>;

/**
 * The scope of an environment of the default baseline (monitoring, foundation and network stacks together)
 * after `change` edits its stacks; `baselineScope()` is the compliant prod environment's.
 */
export function baselineScope(change: (stacks: Stacks) => void = () => {}, env = "prod"): Scope {
  const stacks = environmentStacks(env);
  change(stacks);
  return environmentScope(stacks, env);
}

/** Every result of `control` on an environment of the default baseline after `change` edits its stacks. */
export function evaluate(
  control: Control,
  change: (stacks: Stacks) => void = () => {},
  env = "prod",
): Result[] {
  return control.evaluate(baselineScope(change, env));
}

/** The messages of the failing results. */
export const failures = (results: Result[]): string[] =>
  results.filter((r) => r.status === "fail").map((r) => r.message);

/** The resources of a type in the prod monitoring (or another) stack, by logical name. */
export function resources(
  stacks: Stacks,
  type: string,
  stack = "prod-monitoring",
): Record<string, Attributes> {
  return stacks[stack].resource![type];
}

/** The log sink of that name. */
export function sink(stacks: Stacks, name: string): Attributes {
  return resourceWith(stacks, "google_logging_project_sink", "name", name).attributes;
}

/** The log bucket of that bucket_id. */
export function logBucket(stacks: Stacks, bucketId: string): Attributes {
  return resourceWith(stacks, "google_logging_project_bucket_config", "bucket_id", bucketId).attributes;
}

/** The one resource of a type in the prod monitoring (or another) stack. */
export function one(stacks: Stacks, type: string, stack = "prod-monitoring"): Attributes {
  const all = Object.values(resources(stacks, type, stack));
  expect(all).toHaveLength(1);
  return all[0];
}
