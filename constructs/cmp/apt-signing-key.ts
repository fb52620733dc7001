/** A vendor's Debian repository signing key, pinned to its published fingerprint. */
export interface AptSigningKey {
  /** Who signs, for the error message (e.g. "HashiCorp"). */
  readonly vendor: string;
  /** Where the armored key file is downloaded from (https). */
  readonly url: string;
  /** Fingerprint of the one primary key the file must hold (40 hex digits). */
  readonly fingerprint: string;
  /** Keyring apt uses for this repository only (`signed-by=`). */
  readonly keyring: string;
}

/**
 * Bash lines (for a script running under `set -euo pipefail`) that download a vendor's signing key and install
 * it as the repository's keyring only when the file holds exactly one primary key, the pinned one. Checking
 * that the pinned fingerprint merely appears is not enough: a key file that also carries another key would
 * make apt trust a second signer. Subkeys of the pinned key are fine (only primary keys are compared).
 */
export function renderAptSigningKey(key: AptSigningKey): string {
  if (!/^[0-9A-F]{40}$/.test(key.fingerprint)) {
    throw new Error(
      `${key.vendor} key fingerprint must be 40 upper-case hex digits, got "${key.fingerprint}"`,
    );
  }
  return [
    'signing_key="$(mktemp)"',
    `curl -fsSL ${key.url} -o "$signing_key"`,
    `primary_keys="$(gpg --show-keys --with-colons "$signing_key" | awk -F: '$1 == "pub" { want = 1; next } $1 == "fpr" && want { print $10; want = 0 }')"`,
    `if [ "$primary_keys" != ${key.fingerprint} ]; then`,
    `  echo "${key.vendor} key file holds $primary_keys; expected only ${key.fingerprint}" >&2`,
    "  exit 1",
    "fi",
    `gpg --batch --yes --dearmor -o ${key.keyring} "$signing_key"`,
    'rm -f "$signing_key"',
    `chmod 644 ${key.keyring}`,
  ].join("\n");
}
