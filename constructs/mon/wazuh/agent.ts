import type { EnvironmentConfig } from "../../../config/schema";
import { envPrefix } from "../../../shared/stack-naming";
import { renderPinnedInstall, renderWazuhRepository, shellQuote, wazuhPackageVersion } from "./apt";

type ManagerLocation = Pick<
  EnvironmentConfig,
  "organization" | "name" | "projectId" | "primaryRegion" | "monitoring"
>;

/** Instance name of the environment's Wazuh manager VM. */
export function wazuhManagerInstanceName(env: Pick<EnvironmentConfig, "organization" | "name">): string {
  return `${envPrefix(env)}-wazuh`;
}

/** Zone of the Wazuh manager: the primary region plus the configured zone letter. */
export function wazuhManagerZone(env: Pick<EnvironmentConfig, "primaryRegion" | "monitoring">): string {
  return `${env.primaryRegion}-${env.monitoring.wazuh.zoneSuffix}`;
}

/**
 * The manager's Compute Engine zonal DNS name (`<instance>.<zone>.c.<project>.internal`). It follows from the
 * configuration alone, so agents on other stacks' VMs find the manager without a cross-stack reference.
 */
export function wazuhManagerDnsName(env: ManagerLocation): string {
  return `${wazuhManagerInstanceName(env)}.${wazuhManagerZone(env)}.c.${env.projectId}.internal`;
}

/**
 * E-mail of the Vault nodes' service account (`<org>-<env>-vault`, declared by the vault stack's VaultCluster):
 * the monitoring stack lets it read the agent enrolment password without a cross-stack reference. The monitoring
 * stack's test checks it against the synthesized vault stack.
 */
export function vaultServiceAccountEmail(
  env: Pick<EnvironmentConfig, "organization" | "name" | "projectId">,
): string {
  return `${envPrefix(env)}-vault@${env.projectId}.iam.gserviceaccount.com`;
}

/** A log file the agent ships to the manager (Wazuh `<localfile>`). */
export interface WazuhLocalfile {
  /** Path or glob, e.g. /opt/zeek/logs/current/*.log. */
  readonly location: string;
  readonly logFormat: "json" | "syslog";
}

export interface WazuhAgentInstallProps {
  /** Wazuh release; must match the manager's (an agent newer than its manager is refused). */
  readonly version: string;
  /** The manager's DNS name or address (see wazuhManagerDnsName). */
  readonly managerAddress: string;
  readonly localfiles?: readonly WazuhLocalfile[];
}

/**
 * Secret Manager secret (in the environment's project) holding the agent enrolment password: the manager adds
 * its one version on first boot; agents read it; nobody else may (see WazuhManager).
 */
export const WAZUH_ENROLMENT_SECRET_ID = "wazuh-enrolment-password";

/** The CIS Debian 12 benchmark policy that Wazuh's Debian packages install for SCA (relative to /var/ossec). */
export const CIS_DEBIAN12_POLICY = "ruleset/sca/cis_debian12.yml";

/** Markers around the baseline's own `<ossec_config>` block: replaced as a whole on every run. */
export const WAZUH_CONFIG_BEGIN = "<!-- gcp-security-baseline: begin -->";
export const WAZUH_CONFIG_END = "<!-- gcp-security-baseline: end -->";
/** The marker of earlier versions of this fragment (a localfiles-only block), removed when found. */
const LEGACY_LOCALFILES_MARKER = "<!-- gcp-security-baseline localfiles -->";

/**
 * Bash fragment for a boot script running as root under `set -euo pipefail` (on every boot, so each step is
 * idempotent): unless `wazuh-agent` is already at the pinned version, adds Wazuh's verified Debian repository
 * and installs and holds `wazuh-agent` at that version with WAZUH_MANAGER set (the package writes it into ossec.conf), writes the enrolment password from
 * Secret Manager (waiting, at most WAZUH_ENROLMENT_WAIT, until the manager has created it) to authd.pass as Wazuh's password-authentication
 * guide says, enables file integrity monitoring, the system inventory vulnerability detection works from, and
 * SCA with the CIS Debian 12 policy (refusing to go on if the package did not install it), adds the requested
 * log files, and enables and restarts the service.
 */
export function renderWazuhAgentInstall(props: WazuhAgentInstallProps): string {
  if (!/^[A-Za-z0-9.-]+$/.test(props.managerAddress)) {
    throw new Error(`Wazuh manager address must be a DNS name or IP address, got "${props.managerAddress}"`);
  }
  return [
    `# Wazuh agent ${props.version}, reporting to ${props.managerAddress}`,
    'echo "==> Wazuh agent: repository and package"',
    // Once per version: later boots find the held package and skip the repository.
    `if ! { dpkg -s wazuh-agent 2>/dev/null || true; } | grep -qx 'Version: ${wazuhPackageVersion(props.version)}'; then`,
    renderWazuhRepository(),
    renderPinnedInstall(["wazuh-agent"], props.version, { WAZUH_MANAGER: props.managerAddress }),
    "fi",
    'echo "==> Wazuh agent: enrolment password"',
    renderEnrolmentPassword(),
    'echo "==> Wazuh agent: configuration"',
    renderBaselineConfig({ localfiles: props.localfiles ?? [], role: "agent" }),
    "systemctl daemon-reload",
    "systemctl enable wazuh-agent",
    "systemctl restart wazuh-agent",
  ].join("\n");
}

/** How long an agent waits for the enrolment password (the manager's first boot stores it), and how often it asks. */
export const WAZUH_ENROLMENT_WAIT = { seconds: 1800, retrySeconds: 30 } as const;

/**
 * Reads the enrolment password the manager stored into authd.pass (root:wazuh 640), waiting for it at most
 * WAZUH_ENROLMENT_WAIT (the manager's first boot may still be running), then failing: a secret this VM may not
 * read, or a manager that never stores it, stops the boot script instead of looping forever.
 */
function renderEnrolmentPassword(): string {
  const minutes = WAZUH_ENROLMENT_WAIT.seconds / 60;
  return [
    "wazuh_project=\"$(curl -fsS -H 'Metadata-Flavor: Google' http://metadata.google.internal/computeMetadata/v1/project/project-id)\"",
    'wazuh_password="$(mktemp)"',
    `wazuh_wait_seconds=${WAZUH_ENROLMENT_WAIT.seconds} wazuh_retry_seconds=${WAZUH_ENROLMENT_WAIT.retrySeconds}`,
    "wazuh_deadline=$((SECONDS + wazuh_wait_seconds))",
    `until gcloud secrets versions access latest --project="$wazuh_project" --secret=${WAZUH_ENROLMENT_SECRET_ID} > "$wazuh_password" && [ -s "$wazuh_password" ]; do`,
    '  if [ "$SECONDS" -ge "$wazuh_deadline" ]; then',
    `    echo "Wazuh agent: the enrolment password (secret ${WAZUH_ENROLMENT_SECRET_ID} in $wazuh_project) was not readable within ${minutes} minutes: has the manager stored it, and may this VM's service account read it?" >&2`,
    '    rm -f "$wazuh_password"',
    "    exit 1",
    "  fi",
    `  echo "Wazuh agent: waiting for the manager to store the enrolment password (secret ${WAZUH_ENROLMENT_SECRET_ID})" >&2`,
    '  sleep "$wazuh_retry_seconds"',
    "done",
    'install -m 0640 -o root -g wazuh "$wazuh_password" /var/ossec/etc/authd.pass',
    'rm -f "$wazuh_password"',
  ].join("\n");
}

export interface BaselineConfigProps {
  readonly localfiles: readonly WazuhLocalfile[];
  /** The manager's own block adds vulnerability detection (the manager scans, agents report inventory). */
  readonly role: "agent" | "manager";
}

/**
 * Bash lines writing the baseline's `<ossec_config>` block at the end of /var/ossec/etc/ossec.conf (Wazuh merges
 * repeated blocks, later settings winning), replacing the block of an earlier run: file integrity monitoring
 * (syscheck, real-time on /etc and the system binaries), the system inventory (syscollector: operating system
 * and packages, what vulnerability detection matches), SCA with the CIS Debian 12 policy, and the log files.
 */
export function renderBaselineConfig(props: BaselineConfigProps): string {
  for (const file of props.localfiles) {
    if (/[<>&'\s]/.test(file.location))
      throw new Error(`Wazuh localfile location has XML or shell metacharacters: ${file.location}`);
  }
  const localfiles = props.localfiles.flatMap((file) => [
    "  <localfile>",
    `    <log_format>${file.logFormat}</log_format>`,
    `    <location>${file.location}</location>`,
    "  </localfile>",
  ]);
  const vulnerabilityDetection =
    props.role === "manager"
      ? [
          "  <vulnerability-detection>",
          "    <enabled>yes</enabled>",
          "    <index-status>yes</index-status>",
          "    <feed-update-interval>60m</feed-update-interval>",
          "  </vulnerability-detection>",
        ]
      : [];
  const block = [
    WAZUH_CONFIG_BEGIN,
    "<ossec_config>",
    "  <syscheck>",
    "    <disabled>no</disabled>",
    "    <frequency>43200</frequency>",
    "    <scan_on_start>yes</scan_on_start>",
    '    <directories realtime="yes" check_all="yes">/etc,/usr/bin,/usr/sbin</directories>',
    '    <directories check_all="yes">/bin,/sbin,/boot</directories>',
    "  </syscheck>",
    '  <wodle name="syscollector">',
    "    <disabled>no</disabled>",
    "    <interval>1h</interval>",
    "    <scan_on_start>yes</scan_on_start>",
    "    <os>yes</os>",
    "    <packages>yes</packages>",
    "  </wodle>",
    "  <sca>",
    "    <enabled>yes</enabled>",
    "    <scan_on_start>yes</scan_on_start>",
    "    <interval>12h</interval>",
    "    <policies>",
    `      <policy>${CIS_DEBIAN12_POLICY}</policy>`,
    "    </policies>",
    "  </sca>",
    ...vulnerabilityDetection,
    ...localfiles,
    "</ossec_config>",
    WAZUH_CONFIG_END,
  ];
  const conf = "/var/ossec/etc/ossec.conf";
  return [
    `if [ ! -f /var/ossec/${CIS_DEBIAN12_POLICY} ]; then`,
    `  echo "Wazuh: /var/ossec/${CIS_DEBIAN12_POLICY} is missing; SCA would not assess the CIS Debian 12 benchmark" >&2`,
    "  exit 1",
    "fi",
    `sed -i ${shellQuote(`\\|${LEGACY_LOCALFILES_MARKER}|,\\|</ossec_config>|d`)} ${conf}`,
    `sed -i ${shellQuote(`\\|${WAZUH_CONFIG_BEGIN}|,\\|${WAZUH_CONFIG_END}|d`)} ${conf}`,
    `cat >> ${conf} <<'WAZUH_BASELINE'`,
    ...block,
    "WAZUH_BASELINE",
  ].join("\n");
}
