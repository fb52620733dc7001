import type { Construct } from "constructs";
import type { Config, EnvironmentConfig } from "../config/schema";
import { BackupVault } from "../constructs/bak/backup-vault";
import { GeoBackupBucket } from "../constructs/bak/geo-backup-bucket";
import { BaselineStack } from "./baseline-stack";
import type { KmsStack } from "./kms";
import { envPrefix } from "../shared/stack-naming";

export interface BackupStackDeps {
  readonly kms: KmsStack;
}

/**
 * Geo-separated backups of one environment: the backup bucket (and its access-log bucket) and the Backup and
 * DR vault, both in the backup region and encrypted with the backup region's key. Snapshot schedules live
 * beside the disks they protect (vault, monitoring stacks); the BAK controls prove every disk has one.
 */
export class BackupStack extends BaselineStack {
  readonly backupBucket: GeoBackupBucket;
  readonly vault: BackupVault;

  constructor(scope: Construct, config: Config, env: EnvironmentConfig, deps: BackupStackDeps) {
    super(scope, config, env, "backup");
    const labels = { component: "backups" };
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
      accessRestriction: env.backups.vaultAccessRestriction,
      labels,
    });
  }
}
