import { renderAptSigningKey } from "../../cmp/apt-signing-key";

/**
 * Wazuh's Debian repository, shared by the manager and the agent scripts. The signing key is downloaded over
 * TLS and apt trusts it only if it is exactly the key with the published fingerprint, so a tampered key file
 * (another key, or an extra one) stops the boot script instead of silently trusting another signer.
 */
export const WAZUH_APT_REPOSITORY = "https://packages.wazuh.com/4.x/apt/";
export const WAZUH_GPG_KEY_URL = "https://packages.wazuh.com/key/GPG-KEY-WAZUH";
/** "Wazuh.com (Wazuh Signing Key) <support@wazuh.com>". */
export const WAZUH_GPG_FINGERPRINT = "0DCFCA5547B19D2A6099506096B3EE5F29111145";
const KEYRING = "/usr/share/keyrings/wazuh.gpg";

/** Debian package version of a Wazuh release: Wazuh publishes revision 1 of each release. */
export function wazuhPackageVersion(version: string): string {
  if (!/^\d+\.\d+\.\d+$/.test(version))
    throw new Error(`Wazuh version must look like 4.12.0, got "${version}"`);
  return `${version}-1`;
}

/** Bash lines (for a script running under `set -euo pipefail`) that add the verified Wazuh repository. */
export function renderWazuhRepository(): string {
  return [
    "export DEBIAN_FRONTEND=noninteractive",
    "apt-get update",
    "apt-get install -y --no-install-recommends ca-certificates curl gnupg",
    renderAptSigningKey({
      vendor: "Wazuh",
      url: WAZUH_GPG_KEY_URL,
      fingerprint: WAZUH_GPG_FINGERPRINT,
      keyring: KEYRING,
    }),
    `echo "deb [signed-by=${KEYRING}] ${WAZUH_APT_REPOSITORY} stable main" > /etc/apt/sources.list.d/wazuh.list`,
    "apt-get update",
  ].join("\n");
}

/**
 * Bash lines installing the given Wazuh packages at exactly `version` and holding them there, so an
 * unattended upgrade cannot move one component ahead of the others (Wazuh needs matching versions). A held
 * package at another version is moved to `version` (`--allow-change-held-packages`): that is how a changed
 * `monitoring.wazuh.version` upgrades a running host. `environment` is passed to apt-get (the agent package
 * reads its manager address from it).
 */
export function renderPinnedInstall(
  packages: readonly string[],
  version: string,
  environment: Record<string, string> = {},
): string {
  const pinned = wazuhPackageVersion(version);
  const assignments = Object.entries(environment).map(([name, value]) => `${name}=${shellQuote(value)} `);
  const versions = packages.map((name) => `${name}=${pinned}`).join(" ");
  return [
    `${assignments.join("")}apt-get install -y --allow-change-held-packages ${versions}`,
    `apt-mark hold ${packages.join(" ")}`,
  ].join("\n");
}

/** Single-quotes a value for bash. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
