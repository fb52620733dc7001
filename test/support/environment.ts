import type { Control, Result } from "../../policies/control";
import type { Scope } from "../../policies/model/types";
import { markUnknown, resultFor } from "./control-fixtures";
import { scopeFromStacks } from "./scope";
import { type Attributes, type TerraformJson, synthBaseline } from "./synth";

/** A deep copy of every synthesized stack of one environment of the default configuration, by stack name. */
export function environmentStacks(environment: string): Record<string, TerraformJson> {
  const stacks = Object.entries(synthBaseline()).filter(([name]) => name.startsWith(`${environment}-`));
  return structuredClone(Object.fromEntries(stacks));
}

/** The scope a control sees for those stacks (cross-stack references resolved). */
export function environmentScope(stacks: Record<string, TerraformJson>, environment: string): Scope {
  return scopeFromStacks(stacks, environment);
}

/**
 * The attributes (mutable) of the one resource of `type` whose attribute `key` equals `value`, in any of the
 * stacks, with its Terraform address for assertions.
 */
export function resourceWith(
  stacks: Record<string, TerraformJson>,
  type: string,
  key: string,
  value: unknown,
): { attributes: Attributes; address: string } {
  const found = Object.values(stacks).flatMap((stack) =>
    Object.entries(stack.resource?.[type] ?? {})
      .filter(([, attributes]) => attributes[key] === value)
      .map(([logical, attributes]) => ({ attributes, address: `${type}.${logical}` })),
  );
  if (found.length !== 1)
    throw new Error(`expected one ${type} with ${key}=${String(value)}, found ${found.length}`);
  return found[0];
}

/** A resource of the default baseline, found by one identifying attribute. */
export interface Target {
  readonly type: string;
  readonly key: string;
  readonly value: unknown;
}

/** The Cloud SQL instance of the default baseline's prod environment. */
export const PROD_SQL_INSTANCE: Target = {
  type: "google_sql_database_instance",
  key: "name",
  value: "acme-prod-pg",
};

/** The target's attributes (mutable) and address in the stacks (see resourceWith). */
export function resourceOf(
  stacks: Record<string, TerraformJson>,
  target: Target,
): { attributes: Attributes; address: string } {
  return resourceWith(stacks, target.type, target.key, target.value);
}

/**
 * The verdict `control` gives `target` in an environment of the default baseline after `change` edits the
 * target's attributes (and, when it needs to, the other stacks).
 */
export function verdictAfter(
  control: Control,
  target: Target,
  change: (attributes: Attributes, stacks: Record<string, TerraformJson>) => void,
  environment = "prod",
): Result {
  const stacks = environmentStacks(environment);
  const found = resourceOf(stacks, target);
  change(found.attributes, stacks);
  return resultFor(control, environmentScope(stacks, environment), found.address);
}

/**
 * The scope of an environment of the default baseline in which attribute `path` of `target` is known only after
 * apply, with the target's address.
 */
export function scopeWithUnknown(
  target: Target,
  path: string,
  environment = "prod",
): { scope: Scope; address: string } {
  const stacks = environmentStacks(environment);
  const { address } = resourceOf(stacks, target);
  return { scope: markUnknown(environmentScope(stacks, environment), address, path), address };
}
