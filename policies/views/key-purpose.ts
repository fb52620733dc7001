import type { Resource } from "../model/types";

/** A key's purpose; the provider's default is ENCRYPT_DECRYPT (symmetric). */
export function keyPurpose(key: Resource): unknown {
  return key.attributes.purpose ?? "ENCRYPT_DECRYPT";
}

/** Purposes whose keys sign or authenticate rather than encrypt data: out of scope for data-encryption controls. */
export const NON_ENCRYPTION_PURPOSES = ["ASYMMETRIC_SIGN", "MAC"];
