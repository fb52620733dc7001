import type { EnvironmentConfig } from "../../../config/schema";
import { envPrefix } from "../../../shared/stack-naming";
import { renderPinnedInstall, renderWazuhRepository, shellQuote } from "./apt";

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

const LOCALFILES_MARKER = "<!-- gcp-security-baseline localfiles -->";

/**
 * Bash fragment for a boot script running as root under `set -euo pipefail` (on every boot, so each step is
 * idempotent): adds Wazuh's verified Debian repository, installs and holds `wazuh-agent` at the pinned
 * version with WAZUH_MANAGER set (the package writes it into ossec.conf and enrols on first start through
 * port 1515), adds the requested log files, and enables the service.
 */
export function renderWazuhAgentInstall(props: WazuhAgentInstallProps): string {
  if (!/^[A-Za-z0-9.-]+$/.test(props.managerAddress)) {
    throw new Error(`Wazuh manager address must be a DNS name or IP address, got "${props.managerAddress}"`);
  }
  return [
    `# Wazuh agent ${props.version}, reporting to ${props.managerAddress}`,
    renderWazuhRepository(),
    renderPinnedInstall(["wazuh-agent"], props.version, { WAZUH_MANAGER: props.managerAddress }),
    ...(props.localfiles?.length ? [renderLocalfiles(props.localfiles)] : []),
    "systemctl daemon-reload",
    "systemctl enable wazuh-agent",
    "systemctl restart wazuh-agent",
  ].join("\n");
}

function renderLocalfiles(localfiles: readonly WazuhLocalfile[]): string {
  for (const file of localfiles) {
    if (/[<>&'\s]/.test(file.location))
      throw new Error(`Wazuh localfile location has XML or shell metacharacters: ${file.location}`);
  }
  const entries = localfiles.flatMap((file) => [
    "  <localfile>",
    `    <log_format>${file.logFormat}</log_format>`,
    `    <location>${file.location}</location>`,
    "  </localfile>",
  ]);
  // Wazuh merges repeated <ossec_config> blocks, so the package's own file stays untouched.
  return [
    `if ! grep -qF ${shellQuote(LOCALFILES_MARKER)} /var/ossec/etc/ossec.conf; then`,
    "  cat >> /var/ossec/etc/ossec.conf <<'WAZUH_LOCALFILES'",
    LOCALFILES_MARKER,
    "<ossec_config>",
    ...entries,
    "</ossec_config>",
    "WAZUH_LOCALFILES",
    "fi",
  ].join("\n");
}
