import type { Control, Result } from "../../../policies/control";
import type { Scope } from "../../../policies/model/types";
import { environmentScope, environmentStacks } from "../../support/environment";
import type { Attributes, TerraformJson } from "../../support/synth";

/** The synthesized stacks of one environment, by stack name. */
export type Stacks = Record<string, TerraformJson>;

/** The one resource of `type` in the prod stacks whose logical name starts with `prefix`, mutable. */
export function resource(
  stacks: Stacks,
  type: string,
  prefix: string,
): { attributes: Attributes; address: string } {
  const found = Object.values(stacks).flatMap((stack) =>
    Object.entries(stack.resource?.[type] ?? {})
      .filter(([logical]) => logical.startsWith(prefix))
      .map(([logical, attributes]) => ({ attributes, address: `${type}.${logical}` })),
  );
  if (found.length !== 1) throw new Error(`expected one ${type} named ${prefix}*, found ${found.length}`);
  return found[0];
}

/** The Vault instance template. */
export const template = (stacks: Stacks) =>
  resource(stacks, "google_compute_instance_template", "vault_template");
/** The regional managed instance group running the Vault nodes. */
export const group = (stacks: Stacks) =>
  resource(stacks, "google_compute_region_instance_group_manager", "vault_nodes");
/** The kms stack's key that unseals Vault. */
export const unsealKey = (stacks: Stacks) => resource(stacks, "google_kms_crypto_key", "vaultUnseal-primary");

/** Edits the Vault server configuration text carried in the template's metadata. */
export function editConfig(stacks: Stacks, edit: (text: string) => string): void {
  const metadata = template(stacks).attributes.metadata;
  const before = metadata["vault-config"];
  metadata["vault-config"] = edit(before);
  if (metadata["vault-config"] === before) throw new Error("the edit changed nothing");
}

/** The scope of the synthesized prod environment (compliant), or of a copy after `change`. */
export function prodScope(change: (stacks: Stacks) => void = () => {}): Scope {
  const stacks = environmentStacks("prod");
  change(stacks);
  return environmentScope(stacks, "prod");
}

/** The results of a control on the prod environment after `change`. */
export function after(control: Control, change: (stacks: Stacks) => void): Result[] {
  return control.evaluate(prodScope(change));
}

/** The messages of the failing results. */
export function failures(results: readonly Result[]): string[] {
  return results.filter((r) => r.status === "fail").map((r) => r.message);
}

/** The address of the one resource of `type` in the prod stacks whose logical name starts with `prefix`. */
export const prodAddress = (type: string, prefix: string): string =>
  resource(environmentStacks("prod"), type, prefix).address;
/** The address of the Vault instance template in the prod stacks. */
export const templateAddress = (): string => template(environmentStacks("prod")).address;
/** The address of the Vault nodes' regional group in the prod stacks. */
export const groupAddress = (): string => group(environmentStacks("prod")).address;
/** The address of the unseal key in the prod stacks. */
export const unsealKeyAddress = (): string => unsealKey(environmentStacks("prod")).address;
