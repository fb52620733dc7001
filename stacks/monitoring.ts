import type { Construct } from "constructs";
import type { Config, EnvironmentConfig } from "../config/schema";
import { SUBNET_ROLES } from "../config/sections/network";
import { ApplicationLogBucket } from "../constructs/mon/logging/application-log-bucket";
import { AuditLogBucket } from "../constructs/mon/logging/audit-log-bucket";
import { LogMetricAlert } from "../constructs/mon/logging/log-metric-alert";
import { NotificationChannels } from "../constructs/mon/logging/notification-channels";
import { SECURITY_ALERTS } from "../constructs/mon/logging/security-alerts";
import { UptimeChecks } from "../constructs/mon/logging/uptime-checks";
import { SccFindingsRoute } from "../constructs/mon/logging/scc-findings-route";
import { SnapshotSchedule } from "../constructs/bak/snapshot-schedule";
import {
  wazuhManagerDnsName,
  wazuhManagerInstanceName,
  wazuhManagerZone,
} from "../constructs/mon/wazuh/agent";
import { WazuhManager } from "../constructs/mon/wazuh/manager";
import { ZeekSensor } from "../constructs/mon/zeek/sensor";
import { BaselineStack } from "./baseline-stack";
import type { KmsStack } from "./kms";
import { envPrefix } from "../shared/stack-naming";
import { vaultServiceAccountEmail } from "../constructs/mon/wazuh/agent";
import type { NetworkStack } from "./network";
import { BackupStack, WRITER_PREFIXES } from "./backup";

export interface MonitoringStackDeps {
  readonly kms: KmsStack;
  readonly network: NetworkStack;
  /**
   * The environment's backup stack: the Wazuh manager archives into its bucket as its Wazuh writer (found in
   * the app when not given). Only literals cross over (the bucket's and the writer's names), so the manager's
   * boot script and metadata hold no Terraform reference; stacks/app.ts orders the two stacks.
   */
  readonly backup?: BackupStack;
}

/**
 * Detection and audit of one environment: the locked CMEK audit log bucket and its sink, the CMEK
 * application log bucket and its sink (with `_Default` excluded), CIS security alerts with their
 * notification channels, HTTPS uptime checks with alerts on every public domain of the edge, and (when monitoring is enabled) the Wazuh manager and the Zeek sensors fed by
 * Packet Mirroring of the workload subnets. The manager archives its alerts and configuration daily into the
 * backup stack's bucket, as the backup stack's Wazuh writer, with alerts on the archive's outcome.
 */
export class MonitoringStack extends BaselineStack {
  constructor(scope: Construct, config: Config, env: EnvironmentConfig, deps: MonitoringStackDeps) {
    super(scope, config, env, "monitoring");
    const monitoring = env.monitoring;
    const project = env.projectId;
    const labels = { component: "monitoring" };

    const logsKey = deps.kms.key("logs", "primary").id;
    const auditLogs = new AuditLogBucket(this, "audit-logs", {
      project,
      location: env.primaryRegion,
      bucketId: "audit-logs",
      kmsKey: logsKey,
      retentionDays: monitoring.auditLogRetentionDays,
      locked: monitoring.auditLogLocked,
    });
    new ApplicationLogBucket(this, "application-logs", {
      project,
      location: env.primaryRegion,
      bucketId: "application-logs",
      kmsKey: logsKey,
      retentionDays: monitoring.applicationLogRetentionDays,
      auditLogs,
    });
    const channels = new NotificationChannels(this, "channels", {
      project,
      channels: monitoring.notificationChannels,
    });
    for (const spec of SECURITY_ALERTS) {
      new LogMetricAlert(this, `alert-${spec.name}`, { project, spec, notificationChannels: channels.ids });
    }
    // Every public domain the edge stack's certificate and URL map serve (the same configuration).
    if (env.edge.enabled) {
      new UptimeChecks(this, "uptime", {
        project,
        domains: env.edge.domains,
        notificationChannels: channels.ids,
      });
    }
    // Organization-level: only where the organization has SCC and the deployer may configure notifications.
    const scc = monitoring.securityCommandCenter;
    if (scc?.enabled) {
      new SccFindingsRoute(this, "scc-findings", {
        project,
        namePrefix: envPrefix(env),
        findingsFilter: scc.findingsFilter,
        notificationChannels: channels.ids,
      });
    }

    if (!monitoring.enabled) return;
    const prefix = envPrefix(env);
    const { subnets } = deps.network;
    const diskKey = deps.kms.key("disks", "primary").id;
    const zeek = new ZeekSensor(this, "zeek", {
      project,
      name: `${prefix}-zeek`,
      region: env.primaryRegion,
      network: deps.network.network.id,
      subnetwork: subnets.monitoring.id,
      collectorCidr: env.network.subnets.monitoring,
      mirroredSubnets: monitoring.mirroredSubnets.map((role) => ({
        id: subnets[role].id,
        cidr: env.network.subnets[role],
      })),
      machineType: monitoring.zeek.machineType,
      nodes: monitoring.zeek.nodes,
      kmsKey: diskKey,
      zeekPackage: monitoring.zeek.package,
      wazuh: { version: monitoring.wazuh.version, managerAddress: wazuhManagerDnsName(env) },
      labels,
    });
    new WazuhManager(this, "wazuh", {
      project,
      name: wazuhManagerInstanceName(env),
      zone: wazuhManagerZone(env),
      region: env.primaryRegion,
      network: deps.network.network.id,
      subnetwork: subnets.monitoring.id,
      version: monitoring.wazuh.version,
      machineType: monitoring.wazuh.machineType,
      dataDiskGb: monitoring.wazuh.dataDiskGb,
      kmsKey: diskKey,
      secretKmsKey: deps.kms.key("storage", "primary").id,
      // Every VM that runs a Wazuh agent: the sensors, and the Vault nodes when the environment has Vault (their
      // account is declared by the vault stack; its address follows from the configuration).
      agentServiceAccounts: [
        zeek.serviceAccount.member,
        ...(env.vault.enabled ? [`serviceAccount:${vaultServiceAccountEmail(env)}`] : []),
      ],
      snapshotSchedule: new SnapshotSchedule(this, "wazuh-snapshots", {
        name: `${prefix}-wazuh-daily`,
        region: env.primaryRegion,
        storageRegion: env.backupRegion,
        retentionDays: env.backups.retentionDays,
        startTime: env.backups.snapshotStartTime,
      }),
      // Every subnet that hosts VMs; the proxy-only subnet holds Google's Envoy proxies, never agents.
      agentSourceRanges: SUBNET_ROLES.filter((role) => role !== "proxyOnly").map(
        (role) => env.network.subnets[role],
      ),
      dashboardUsers: env.adminAccess.iapMembers,
      archive: wazuhArchiveTarget(deps.backup ?? BackupStack.declaredIn(scope, env), channels.ids),
      labels,
    });
  }
}

/**
 * Where the Wazuh manager's archive writes and as whom: the backup stack's bucket and Wazuh writer, by the
 * literal names they are declared with (the backup stack declares the writer whenever monitoring is enabled).
 */
function wazuhArchiveTarget(backup: BackupStack, notificationChannels: readonly string[]) {
  const writer = backup.writers.wazuh;
  const bucket = backup.backupBucket.bucket.nameInput;
  const account = writer?.account.account;
  if (!account || !bucket || !account.accountIdInput || !account.projectInput) {
    throw new Error(
      `${backup.node.id}: the Wazuh archive needs the backup bucket and the Wazuh writer account`,
    );
  }
  return {
    bucket,
    prefix: WRITER_PREFIXES.wazuh,
    writerEmail: `${account.accountIdInput}@${account.projectInput}.iam.gserviceaccount.com`,
    overdueDays: 2,
    notificationChannels,
  };
}
