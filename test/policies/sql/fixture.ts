import type { Scope } from "../../../policies/model/types";
import type { Attrs } from "../../support/control-fixtures";
import {
  PROD_SQL_INSTANCE,
  environmentScope,
  environmentStacks,
  resourceOf,
} from "../../support/environment";
import type { Attributes, TerraformJson } from "../../support/synth";

export { PROD_SQL_INSTANCE as SQL };

/**
 * The prod environment of the default baseline after `change` edits its Cloud SQL instance (and, when it needs
 * to, the other stacks), with the instance's address. Without a change: the compliant baseline.
 */
export function prodSql(
  change: (instance: Attributes, stacks: Record<string, TerraformJson>) => void = () => {},
): { scope: Scope; address: string } {
  const stacks = environmentStacks("prod");
  const { attributes, address } = resourceOf(stacks, PROD_SQL_INSTANCE);
  change(attributes, stacks);
  return { scope: environmentScope(stacks, "prod"), address };
}

/** Sets (or, with undefined, removes) one database flag of the instance. */
export function setFlag(instance: Attrs, name: string, value: string | undefined): void {
  const flags = instance.settings.database_flags as { name: string; value: string }[];
  const others = flags.filter((f) => f.name !== name);
  instance.settings.database_flags = value === undefined ? others : [...others, { name, value }];
}
