import { type Resource, type Scope, Unknown, isUnknown } from "../model/types";
import { isSet } from "../judge/presence";
import { literal, referencedResources } from "../model/resolve";

export const CRYPTO_KEY = "google_kms_crypto_key";
export const KEY_RING = "google_kms_key_ring";

/** What a CMEK attribute (`kms_key_self_link`, `default_kms_key_name`, ...) names. */
export type KeyReference =
  /** Not set: the data is encrypted with a Google-managed key. */
  | { kind: "none" }
  /** Only known after apply, or a reference the model cannot resolve. */
  | { kind: "unknown"; reason: string }
  /** A key this configuration does not declare (a literal key name, or a data source). */
  | { kind: "external"; name: string }
  | { kind: "declared"; key: Resource };

export function keyReference(scope: Scope, from: Resource, value: unknown): KeyReference {
  if (!isSet(value)) return { kind: "none" };
  if (isUnknown(value)) return { kind: "unknown", reason: value.reason };
  const text = String(value);
  if (!text.includes("${")) return { kind: "external", name: text };
  const targets = referencedResources(scope, from, value);
  const key = targets.find((r) => r.type === CRYPTO_KEY);
  if (key?.mode === "managed") return { kind: "declared", key };
  if (key) return { kind: "external", name: `${key.address} (read, not managed, here)` };
  const target = targets[0]?.address ?? "nothing declared";
  return { kind: "unknown", reason: `${text} resolves to ${target}, not a key` };
}

/** `projects/P/locations/L/keyRings/R[/cryptoKeys/K]` → `L`. */
export function locationInKeyName(name: string): string | undefined {
  return /(?:^|\/)locations\/([^/]+)\/keyRings\//.exec(name)?.[1];
}

/**
 * Where a key's material lives: its key ring's location (lowercase), read from the declared key ring or from a
 * literal key ring / key name. Unknown when neither tells.
 */
export function keyLocation(
  scope: Scope,
  key: KeyReference & { kind: "declared" | "external" },
): string | Unknown {
  if (key.kind === "external") {
    return locationInKeyName(key.name)?.toLowerCase() ?? new Unknown(`no location in key name ${key.name}`);
  }
  const ringValue = key.key.attributes.key_ring;
  const ring = referencedResources(scope, key.key, ringValue).find((r) => r.type === KEY_RING);
  const location = ring
    ? literal(scope, ring, ring.attributes.location)
    : locationInKeyName(String(ringValue));
  if (isUnknown(location)) return location;
  return typeof location === "string"
    ? location.toLowerCase()
    : new Unknown(`${key.key.address}: key ring location not found`);
}
