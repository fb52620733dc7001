import type { Attributes } from "../../support/synth";
import { type Stacks, resource } from "./fixture";

export const VAULT_CONFIG = "prod-vault-config";

/** The prod vault-config stack's resources of one type, by logical name (mutable). */
export function vaultConfigResources(stacks: Stacks, type: string): Record<string, Attributes> {
  const found = stacks[VAULT_CONFIG].resource?.[type];
  if (!found) throw new Error(`no ${type} in ${VAULT_CONFIG}`);
  return found;
}

/** The one resource of `type` in the prod stacks whose logical name starts with `prefix`, and its address. */
export const vaultConfigResource = (stacks: Stacks, type: string, prefix: string) =>
  resource(stacks, type, prefix);

/** Adds resources (or data sources) of one type to the prod vault-config stack. */
export function addTo(
  stacks: Stacks,
  type: string,
  blocks: Record<string, Attributes>,
  mode: "resource" | "data" = "resource",
) {
  const stack = stacks[VAULT_CONFIG];
  stack[mode] = { ...(stack[mode] as Record<string, Record<string, Attributes>> | undefined) };
  const byType = stack[mode] as Record<string, Record<string, Attributes>>;
  byType[type] = { ...byType[type], ...blocks };
}
