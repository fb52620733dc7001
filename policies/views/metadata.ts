import type { Evidence } from "../control";
import { type Resource, type Scope, Unknown, isUnknown } from "../model/types";
import { get } from "../model/values";
import { evidence } from "../judge/results";

/** A metadata key's value on a VM (instance or template), read from its `metadata` map. */
export function vmMetadata(vm: Resource, key: string): { value: unknown; evidence: Evidence } {
  const value = metadataKey(vm.attributes.metadata, key);
  return { value, evidence: evidence(`metadata.${key}`, value) };
}

/** A key of a metadata map; a whole-map expression (`metadata = var.metadata`, `merge(...)`) may set it. */
function metadataKey(metadata: unknown, key: string): unknown {
  if (isUnknown(metadata)) return metadata;
  if (typeof metadata === "string") return new Unknown(`metadata is computed from ${metadata}`);
  return get(metadata, key);
}

/**
 * A project-wide metadata value (google_compute_project_metadata or google_compute_project_metadata_item);
 * undefined when the project sets none.
 */
export function projectMetadata(
  scope: Scope,
  key: string,
): { value: unknown; evidence: Evidence; source: Resource } | undefined {
  const item = scope.ofType("google_compute_project_metadata_item").find((r) => r.attributes.key === key);
  if (item)
    return {
      value: item.attributes.value,
      evidence: evidence(`${item.address}.value`, item.attributes.value),
      source: item,
    };
  for (const project of scope.ofType("google_compute_project_metadata")) {
    const value = metadataKey(project.attributes.metadata, key);
    if (value !== undefined)
      return { value, evidence: evidence(`${project.address}.metadata.${key}`, value), source: project };
  }
  return undefined;
}

/**
 * Compute Engine's boolean metadata: TRUE/true/1 (and booleans) are on, FALSE/false/0 off. Undefined when
 * the key is absent; Unknown when the value is, or is not a boolean.
 */
export function metadataFlag(value: unknown): boolean | undefined | Unknown {
  if (value === undefined || isUnknown(value)) return value;
  const text = String(value).toLowerCase();
  if (["true", "1"].includes(text)) return true;
  if (["false", "0"].includes(text)) return false;
  return new Unknown(`metadata value ${String(value)} is not a boolean`);
}
