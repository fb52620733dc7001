import type { Construct } from "constructs";
import type { Config, EnvironmentConfig } from "../config/schema";
import { BackupVault } from "../constructs/bak/backup-vault";
import { BackupWriter } from "../constructs/bak/backup-writer";
import { GeoBackupBucket } from "../constructs/bak/geo-backup-bucket";
import { SecondOffsiteCopy } from "../constructs/bak/second-offsite-copy";
import { VaultSnapshotJob } from "../constructs/bak/vault-snapshot-job";
import { VAULT_MOUNTS } from "../constructs/sec/vault-config/acl";
import { NotificationChannels } from "../constructs/mon/logging/notification-channels";
import { SUBNET_ROLES, type SubnetRole } from "../config/sections/network";
import { cidrContains, parseCidr } from "../lib/cidr";
import { BaselineStack } from "./baseline-stack";
import type { KmsStack } from "./kms";
import { NetworkStack } from "./network";
import { envPrefix, stackName } from "../shared/stack-naming";
import { VAULT_CA_SECRETS, VAULT_PORTS, VAULT_SNAPSHOT_ACCESS, vaultServiceName } from "../shared/vault";

export interface BackupStackDeps {
  readonly kms: KmsStack;
  /** The environment's network stack (the Vault snapshot job joins its VPC); found in the app when not given. */
  readonly network?: NetworkStack;
}

/** Where each host-side backup job writes in the backup bucket (its writer may create objects there only). */
export const WRITER_PREFIXES = { vault: "vault/", wazuh: "wazuh/" } as const;

/**
 * Geo-separated backups of one environment: the backup bucket (and its access-log bucket) and the Backup and
 * DR vault, both in the backup region, the bucket encrypted with the backup region's key, both locked in
 * production; and the identities of the host-side jobs that write to the bucket (Vault raft snapshots, Wazuh
 * archives), each allowed to create objects under its own prefix only; and, with Vault, the scheduled job that
 * writes Vault raft snapshots there as the Vault writer. Snapshot schedules live beside the disks they protect
 * (vault, monitoring stacks); the database's export and restore drill live in the data stack.
 */
export class BackupStack extends BaselineStack {
  readonly backupBucket: GeoBackupBucket;
  readonly vault: BackupVault;
  /** Identities the Vault and Wazuh hosts' backup jobs write as, when those components are enabled. */
  readonly writers: Partial<Record<keyof typeof WRITER_PREFIXES, BackupWriter>> = {};
  /** The scheduled Vault raft snapshot, when Vault is enabled. */
  readonly vaultSnapshot?: VaultSnapshotJob;
  /** The second offsite copy of the backup bucket, when `backups.secondaryRegion` is set. */
  readonly secondCopy?: SecondOffsiteCopy;
  private channels?: NotificationChannels;

  /** The backup stack of `env`, declared earlier in the same app (stacks/app.ts declares it first). */
  static declaredIn(app: Construct, env: EnvironmentConfig): BackupStack {
    const found = app.node.tryFindChild(stackName(env.name, "backup"));
    if (!(found instanceof BackupStack)) {
      throw new Error(
        `the ${stackName(env.name, "backup")} stack must be declared before the stacks that use it`,
      );
    }
    return found;
  }

  constructor(scope: Construct, config: Config, env: EnvironmentConfig, deps: BackupStackDeps) {
    super(scope, config, env, "backup");
    const labels = { component: "backups" };
    if (env.backups.lock && env.backups.vaultLockTime === undefined) {
      throw new Error(
        `environment ${env.name}: backups.lock is true, so backups.vaultLockTime must say when the backup ` +
          "vault's enforced retention locks (e.g. 2027-01-04T00:00:00Z)",
      );
    }
    this.backupBucket = new GeoBackupBucket(this, "bucket", {
      name: `${env.projectId}-backups`,
      location: env.backupRegion,
      primaryRegion: env.primaryRegion,
      kmsKey: deps.kms.key("backups", "backup").id,
      retentionDays: env.backups.retentionDays,
      lockRetention: env.backups.lock,
      softDeleteDays: env.backups.softDeleteDays,
      labels,
    });
    this.vault = new BackupVault(this, "vault", {
      vaultId: `${envPrefix(env)}-backups`,
      location: env.backupRegion,
      primaryRegion: env.primaryRegion,
      minimumRetentionDays: env.backups.retentionDays,
      lockTime: env.backups.lock ? env.backups.vaultLockTime : undefined,
      accessRestriction: env.backups.vaultAccessRestriction,
      labels,
    });
    const bucket = this.backupBucket.bucket.name;
    if (env.vault.enabled) {
      const writer = new BackupWriter(this, "vault-snapshot-writer", {
        project: env.projectId,
        accountId: VAULT_SNAPSHOT_ACCESS.serviceAccountId,
        writes: "Vault raft snapshots (the scheduled job's GET sys/storage/raft/snapshot)",
        bucket,
        prefix: WRITER_PREFIXES.vault,
      });
      this.writers.vault = writer;
      const network = deps.network ?? networkStackIn(scope, env);
      const prefix = envPrefix(env);
      const channels = this.alertChannels(env);
      this.vaultSnapshot = new VaultSnapshotJob(this, "vault-snapshot", {
        project: env.projectId,
        name: `${prefix}-vault-snapshot`,
        region: env.primaryRegion,
        schedule: env.backups.vaultSnapshotSchedule,
        image: env.backups.vaultSnapshotImage,
        writer,
        bucket,
        prefix: WRITER_PREFIXES.vault,
        // The name the Vault cluster's certificate and private DNS zone carry (constructs/sec/vault/cluster.ts).
        vaultAddress: `https://${vaultServiceName(prefix)}:${VAULT_PORTS.api}`,
        authRole: VAULT_SNAPSHOT_ACCESS.authRole,
        authPath: VAULT_MOUNTS.gcpAuth,
        // The vault stack's certificate-only secret: the Vault nodes publish the CA certificate (never the key).
        caSecretId: VAULT_CA_SECRETS.certificate(prefix),
        network: network.network.id,
        subnetwork: network.subnets[vaultClientSubnet(env)].id,
        overdueDays: 2,
        notificationChannels: channels.ids,
        labels,
      });
    }
    if (env.backups.secondaryRegion !== undefined) {
      this.secondCopy = new SecondOffsiteCopy(this, "second-copy", {
        project: env.projectId,
        projectNumber: env.projectNumber,
        prefix: envPrefix(env),
        name: `${env.projectId}-backups-copy`,
        location: env.backups.secondaryRegion,
        primaryRegion: env.primaryRegion,
        source: this.backupBucket.bucket,
        sourceRegion: env.backupRegion,
        kmsKey: deps.kms.key("backups", "secondary").id,
        retentionDays: env.backups.retentionDays,
        lockRetention: env.backups.lock,
        softDeleteDays: env.backups.softDeleteDays,
        // After the daily database export (03:00) and disk snapshots; Vault snapshots land every few hours.
        startTime: { hours: 5, minutes: 30 },
        notificationChannels: this.alertChannels(env).ids,
        overdueDays: 2,
        labels,
      });
    }
    if (env.monitoring.enabled) {
      this.writers.wazuh = new BackupWriter(this, "wazuh-archive-writer", {
        project: env.projectId,
        accountId: "wazuh-archive-writer",
        writes: "Wazuh manager state and alert archives",
        bucket,
        prefix: WRITER_PREFIXES.wazuh,
      });
    }
  }

  /** The stack's notification channels for backup alerts, created on first use. */
  private alertChannels(env: EnvironmentConfig): NotificationChannels {
    this.channels ??= new NotificationChannels(this, "backup-alert-channels", {
      project: env.projectId,
      channels: env.monitoring.notificationChannels,
    });
    return this.channels;
  }
}

/** The network stack of `env`, declared earlier in the same app (stacks/app.ts declares it before this one). */
function networkStackIn(app: Construct, env: EnvironmentConfig): NetworkStack {
  const found = app.node.tryFindChild(stackName(env.name, "network"));
  if (!(found instanceof NetworkStack)) {
    throw new Error(`the ${stackName(env.name, "network")} stack must be declared before the backup stack`);
  }
  return found;
}

/**
 * The subnet the Vault snapshot job takes its address from: the first whose whole range is one of
 * `vault.clientCidrs` or inside one, since the Vault firewall admits those ranges only.
 */
export function vaultClientSubnet(env: EnvironmentConfig): SubnetRole {
  const clients = env.vault.clientCidrs.map((text) => parseCidr(text)!);
  const role = SUBNET_ROLES.filter((r) => r !== "proxyOnly").find((r) => {
    const range = parseCidr(env.network.subnets[r]);
    return range !== undefined && clients.some((client) => cidrContains(client, range));
  });
  if (!role) {
    throw new Error(
      `environment ${env.name}: the Vault snapshot job needs a subnet inside vault.clientCidrs ` +
        `(${env.vault.clientCidrs.join(", ")}) to reach Vault from; none of network.subnets is`,
    );
  }
  return role;
}
