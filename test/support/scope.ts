import type { Model } from "../../policies/model/model";
import type { Scope } from "../../policies/model/types";
import { modelFromDocuments } from "../../policies/load/documents";
import { environmentOf } from "../../shared/stack-naming";
import { readTerraformJson } from "../../policies/load/terraform-json";

/**
 * The Scope a control sees for one Terraform JSON configuration (a cdktf stack's `cdk.tf.json` object).
 * The environment comes from the stack name `<env>-<concern>`: "test-fixture" is environment "test".
 */
export function scopeFromTerraformJson(json: object, stack = "test-fixture"): Scope {
  return scopeFromStacks({ [stack]: json });
}

/**
 * The Scope of one environment over several stacks (stack name → Terraform JSON), with cdktf cross-stack
 * references resolved. `environment` defaults to the first stack's.
 */
export function scopeFromStacks(stacks: Record<string, object>, environment?: string): Scope {
  const names = Object.keys(stacks);
  if (names.length === 0) throw new Error("scopeFromStacks needs at least one stack");
  return modelFromStacks(stacks).scope(environment ?? environmentOf(names[0]));
}

/** The whole Model over several stacks, for tests that look at more than one environment. */
export function modelFromStacks(stacks: Record<string, object>): Model {
  return modelFromDocuments(
    Object.entries(stacks).map(([stack, json]) => readTerraformJson(json, { stack })),
  );
}
