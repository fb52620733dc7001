import type { Resource, Scope } from "../model/types";
import { isSet } from "../judge/presence";

/**
 * Resource types that can carry a customer-supplied encryption key (CSEK): the key itself, raw (base64) or
 * RSA-wrapped, written in the configuration and kept by Terraform in its state.
 */
export const CSEK_TYPES = [
  "google_compute_disk",
  "google_compute_region_disk",
  "google_compute_instance",
  "google_compute_instance_from_template",
  "google_compute_instance_template",
  "google_compute_region_instance_template",
  "google_compute_snapshot",
  "google_compute_image",
  "google_storage_bucket_object",
] as const;

/** Attribute names that hold a customer-supplied key, wherever they sit in a resource's blocks. */
const KEY_NAMES = new Set([
  "raw_key",
  "rsa_encrypted_key",
  "disk_encryption_key_raw",
  "disk_encryption_key_rsa",
]);
/** `customer_encryption.encryption_key` of a bucket object: the object's AES-256 key. */
const OBJECT_KEY = { block: "customer_encryption", name: "encryption_key" };

/** One customer-supplied key found in a resource: its attribute path (the value is a secret: never shown). */
export interface SuppliedKey {
  readonly path: string;
  readonly value: unknown;
}

/**
 * The customer-supplied keys a resource sets, literal or computed (a variable still lands in state), with the
 * dotted path of each (`boot_disk.disk_encryption_key_raw`, `attached_disk.1.disk_encryption_key_rsa`).
 */
export function suppliedKeys(resource: Resource): SuppliedKey[] {
  if (!(CSEK_TYPES as readonly string[]).includes(resource.type)) return [];
  const found: SuppliedKey[] = [];
  const walk = (value: unknown, path: string, parent: string): void => {
    if (Array.isArray(value)) {
      // A block written as a one-item list reads like one written as an object (`boot_disk.x`, not `boot_disk.0.x`).
      value.forEach((item, i) => walk(item, value.length === 1 ? path : `${path}.${i}`, parent));
      return;
    }
    if (value === null || typeof value !== "object") return;
    for (const [key, inner] of Object.entries(value)) {
      const at = path === "" ? key : `${path}.${key}`;
      const isKey = KEY_NAMES.has(key) || (key === OBJECT_KEY.name && parent === OBJECT_KEY.block);
      if (isKey && isSet(inner)) found.push({ path: at, value: inner });
      else walk(inner, at, key);
    }
  };
  walk(resource.attributes, "", "");
  return found;
}

/** Every resource of the scope that carries a customer-supplied key, with the keys it carries. */
export function customerSuppliedKeys(scope: Scope): { resource: Resource; keys: SuppliedKey[] }[] {
  return CSEK_TYPES.flatMap((type) => scope.ofType(type))
    .map((resource) => ({ resource, keys: suppliedKeys(resource) }))
    .filter(({ keys }) => keys.length > 0);
}

/** A key's value as evidence may show it: whether it is set, never the key. */
export function redacted(value: unknown): string {
  return typeof value === "string" && !value.includes("${")
    ? `(set: ${value.length} characters, not shown)`
    : "(set from an expression: the value lands in state)";
}
