import type { Construct } from "constructs";
import type { Config, EnvironmentConfig } from "../config/schema";
import { BackupVault } from "../constructs/bak/backup-vault";
import { BackupWriter } from "../constructs/bak/backup-writer";
import { GeoBackupBucket } from "../constructs/bak/geo-backup-bucket";
import { BaselineStack } from "./baseline-stack";
import type { KmsStack } from "./kms";
import { envPrefix, stackName } from "../shared/stack-naming";

export interface BackupStackDeps {
  readonly kms: KmsStack;
}

/** Where each host-side backup job writes in the backup bucket (its writer may create objects there only). */
export const WRITER_PREFIXES = { vault: "vault/", wazuh: "wazuh/" } as const;

/**
 * Geo-separated backups of one environment: the backup bucket (and its access-log bucket) and the Backup and
 * DR vault, both in the backup region, the bucket encrypted with the backup region's key, both locked in
 * production; and the identities of the host-side jobs that write to the bucket (Vault raft snapshots, Wazuh
 * archives), each allowed to create objects under its own prefix only. Snapshot schedules live beside the disks
 * they protect (vault, monitoring stacks); the database's export and restore drill live in the data stack.
 */
export class BackupStack extends BaselineStack {
  readonly backupBucket: GeoBackupBucket;
  readonly vault: BackupVault;
  /** Identities the Vault and Wazuh hosts' backup jobs write as, when those components are enabled. */
  readonly writers: Partial<Record<keyof typeof WRITER_PREFIXES, BackupWriter>> = {};

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
      this.writers.vault = new BackupWriter(this, "vault-snapshot-writer", {
        project: env.projectId,
        accountId: "vault-snapshot-writer",
        writes: "Vault raft snapshots (vault operator raft snapshot save)",
        bucket,
        prefix: WRITER_PREFIXES.vault,
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
}
