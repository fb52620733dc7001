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

/** The boot scripts' own apt configuration (under /run: written again on every boot, read only by their apt-get). */
export const BOOT_APT_CONFIG = "/run/gcp-security-baseline-apt.conf";

/**
 * Bash lines making every later apt-get of a boot script non-interactive (stdin is /dev/null at boot): debconf
 * asks nothing (DEBIAN_FRONTEND), and dpkg is told what to do with a conffile when a new release ships another
 * version of it: keep the one the script edited (the release's goes beside it as `.dpkg-dist`), take the new one
 * when the file was not edited. Without that, dpkg asks, and at boot the install (an upgrade of a pinned version)
 * fails with "end of file on stdin at conffile prompt". The options reach apt-get through APT_CONFIG, which only
 * the script's own processes inherit: the host's apt configuration is not changed.
 */
export function renderNoninteractiveApt(): string {
  return [
    "export DEBIAN_FRONTEND=noninteractive",
    `echo 'Dpkg::Options { "--force-confdef"; "--force-confold"; };' > ${BOOT_APT_CONFIG}`,
    `export APT_CONFIG=${BOOT_APT_CONFIG}`,
  ].join("\n");
}

/** Debian package version of a Wazuh release: Wazuh publishes revision 1 of each release. */
export function wazuhPackageVersion(version: string): string {
  if (!/^\d+\.\d+\.\d+$/.test(version))
    throw new Error(`Wazuh version must look like 4.12.0, got "${version}"`);
  return `${version}-1`;
}

/** Bash lines (for a script running under `set -euo pipefail`) that add the verified Wazuh repository. */
export function renderWazuhRepository(): string {
  return [
    renderNoninteractiveApt(),
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
 * `monitoring.wazuh.version` upgrades a running host; a conffile the script edited is kept (renderNoninteractiveApt)
 * and the script edits it again after the install. `environment` is passed to apt-get (the agent package
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
