import { VAULT_METADATA_KEYS } from "../../shared/vault";
import type { Result } from "../control";
import { type Resource, type Scope, Unknown, isUnknown } from "../model/types";
import { get } from "../model/values";
import { VM_TYPES } from "./cmek";
import { literal } from "../model/resolve";
import { evidence, projectVerdict, verdict } from "../judge/results";
import { type HclDocument, HclSyntaxError, readHcl } from "../../lib/hcl-reader";

/** Where controls find a Vault server configuration: the instance metadata key the nodes read at boot. */
export const CONFIG_PATH = `metadata.${VAULT_METADATA_KEYS.config}`;

/** A VM or instance template that runs Vault, with its server configuration read from its metadata. */
export interface VaultHost {
  readonly resource: Resource;
  readonly config: HclDocument | Unknown | HclSyntaxError;
}

/** Every VM and instance template whose metadata carries a Vault server configuration. */
export function vaultHosts(scope: Scope): VaultHost[] {
  return VM_TYPES.flatMap((type) => scope.ofType(type)).flatMap((resource) => {
    // A VM whose whole metadata is known only after apply cannot be told apart as a Vault host.
    if (isUnknown(resource.attributes.metadata)) return [];
    const raw = get(resource.attributes, CONFIG_PATH);
    if (raw === undefined || raw === null) return [];
    return [{ resource, config: readConfig(scope, resource, raw) }];
  });
}

function readConfig(scope: Scope, resource: Resource, raw: unknown): VaultHost["config"] {
  // A config computed by one Terraform expression is followed; one with `${...}` inside is HCL to read.
  const text = typeof raw === "string" && /^\$\{[^}]*\}$/.test(raw) ? literal(scope, resource, raw) : raw;
  if (isUnknown(text)) return text;
  if (typeof text !== "string") return new HclSyntaxError(`expected text, found ${JSON.stringify(text)}`, 1);
  try {
    return readHcl(text);
  } catch (error) {
    if (error instanceof HclSyntaxError) return error;
    throw error;
  }
}

/**
 * Runs `judge` on each Vault host whose configuration could be read. A host whose configuration is known only
 * after apply is unknown, one that cannot be read fails, and an environment without Vault is not applicable.
 */
export function judgeVaultHosts(
  scope: Scope,
  judge: (host: VaultHost & { config: HclDocument }) => Result[],
): Result[] {
  const hosts = vaultHosts(scope);
  if (hosts.length === 0) {
    return [
      projectVerdict(
        "not-applicable",
        `no Vault server in environment ${scope.environment} (no VM or template has ${CONFIG_PATH})`,
      ),
    ];
  }
  return hosts.flatMap((host) => {
    const { config, resource } = host;
    if (isUnknown(config))
      return [
        verdict("unknown", resource, "the Vault configuration is known only after apply", [
          evidence(CONFIG_PATH, config),
        ]),
      ];
    if (config instanceof HclSyntaxError)
      return [
        verdict("fail", resource, `the Vault configuration cannot be read: ${config.message}`, [
          evidence(CONFIG_PATH, config.message),
        ]),
      ];
    return judge({ resource, config });
  });
}

/** Evidence for a setting inside the Vault configuration. */
export function configEvidence(path: string, value: unknown) {
  return evidence(`${CONFIG_PATH}: ${path}`, value);
}
