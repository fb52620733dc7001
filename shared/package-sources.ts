import { VAULT_NODE_TAG } from "./vault";
import { WAZUH_MANAGER_TAG } from "./wazuh";

/**
 * The only internet hosts the most sensitive VMs (Vault, the Wazuh manager, the Zeek sensors) may reach: HTTPS
 * (tcp:443) to the package sources their boot scripts and their images' apt sources name. The network stack
 * turns each list into an FQDN allow rule of a network firewall policy; NET-16 fails an FQDN that is not on
 * the host's list, and a test fails when a rendered boot script fetches a host that is not on it.
 */
export interface PackageSource {
  /** The host name, exactly as the FQDN rule and the boot script name it. */
  readonly host: string;
  /** What the host serves and who fetches it. */
  readonly why: string;
}

/** Package sources by what they are for. */
export const PACKAGE_SOURCES = {
  debian: [
    {
      host: "deb.debian.org",
      why: "Debian 12 archive (bookworm, bookworm-updates, bookworm-security under /debian-security): the apt sources of Google's debian-12 images",
    },
    {
      host: "security.debian.org",
      why: "Debian security archive, for an image whose sources name security.debian.org rather than deb.debian.org/debian-security",
    },
  ],
  googleGuest: [
    {
      host: "packages.cloud.google.com",
      why: "Google's apt repositories: the guest environment (google-compute-engine) in the image's sources, the Ops Agent repository (google-cloud-ops-agent-<codename>-<major>)",
    },
  ],
  hashicorp: [
    { host: "apt.releases.hashicorp.com", why: "HashiCorp's apt repository and signing key (Vault)" },
  ],
  wazuh: [
    {
      host: "packages.wazuh.com",
      why: "Wazuh's apt repository, signing key and Filebeat module (manager and agents)",
    },
  ],
  wazuhManagerFiles: [
    {
      host: "raw.githubusercontent.com",
      why: "the Wazuh alerts index template of the configured release (pinned by SHA-256)",
    },
  ],
  zeek: [
    {
      host: "downloadcontent.opensuse.org",
      why:
        "the security:zeek repository of the openSUSE Build Service (Release.key, indexes, packages) from the " +
        "download origin, which serves the files itself; download.opensuse.org would redirect each .deb to a " +
        "mirror it picks per request, which no allow-list can name",
    },
  ],
} as const satisfies Record<string, readonly PackageSource[]>;

/** The VMs whose internet egress is limited to an FQDN allow-list. */
export const PACKAGE_EGRESS_HOSTS = ["vault", "wazuhManager", "zeekSensor"] as const;
export type PackageEgressHost = (typeof PACKAGE_EGRESS_HOSTS)[number];

/** The network tag each such VM carries (the checker finds them by it). */
export const PACKAGE_EGRESS_HOST_TAGS: Readonly<Record<PackageEgressHost, string>> = {
  vault: VAULT_NODE_TAG,
  wazuhManager: WAZUH_MANAGER_TAG,
  zeekSensor: "zeek-sensor",
};

/** Service account ids (before `@`) of the Wazuh manager and the Zeek sensors; Vault's is `<org>-<env>-vault`. */
export const PACKAGE_EGRESS_ACCOUNT_IDS = {
  wazuhManager: "wazuh-manager",
  zeekSensor: "zeek-sensor",
} as const;

/**
 * The package sources of one host. `wazuhAgent`: whether the host runs a Wazuh agent (Vault nodes when
 * monitoring is on; the sensors always do).
 */
export function packageSources(host: PackageEgressHost, options: { wazuhAgent: boolean }): PackageSource[] {
  const base = [...PACKAGE_SOURCES.debian, ...PACKAGE_SOURCES.googleGuest];
  switch (host) {
    case "vault":
      return [...base, ...PACKAGE_SOURCES.hashicorp, ...(options.wazuhAgent ? PACKAGE_SOURCES.wazuh : [])];
    case "wazuhManager":
      return [...base, ...PACKAGE_SOURCES.wazuh, ...PACKAGE_SOURCES.wazuhManagerFiles];
    case "zeekSensor":
      return [...base, ...PACKAGE_SOURCES.zeek, ...PACKAGE_SOURCES.wazuh];
  }
}

/** Every host on any list: what an FQDN egress allow may name at all. */
export const ALL_PACKAGE_HOSTS: ReadonlySet<string> = new Set(
  Object.values(PACKAGE_SOURCES).flatMap((sources) => sources.map((s: PackageSource) => s.host)),
);
