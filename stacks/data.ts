import type { Construct } from "constructs";
import { Fn, Token } from "cdktf";
import type { Config, EnvironmentConfig } from "../config/schema";
import { CmekSecret } from "../constructs/sec/cmek-secret";
import { PrivatePostgres } from "../constructs/sql/private-postgres";
import { WorkloadServiceAccount } from "../constructs/iam/workload-service-account";
import { RestoreDrill } from "../constructs/bak/restore-drill";
import { ScheduledSqlExport } from "../constructs/bak/scheduled-sql-export";
import { NotificationChannels } from "../constructs/mon/logging/notification-channels";
import { BackupStack, WRITER_PREFIXES } from "./backup";
import { BaselineStack } from "./baseline-stack";
import type { KmsStack } from "./kms";
import { envPrefix } from "../shared/stack-naming";
import type { NetworkStack } from "./network";

export interface DataStackDeps {
  readonly kms: KmsStack;
  readonly network: NetworkStack;
  /** The environment's backup stack (its bucket receives the exports); found in the app when not given. */
  readonly backup?: BackupStack;
}

/**
 * The optional Cloud SQL for PostgreSQL database of one environment: a private, TLS-only, CMEK-encrypted
 * instance with geo-separated backups, the application's service account as its IAM database user, the CMEK
 * secret that will hold the break-glass administrator password, a daily export to the locked backup bucket and
 * a scheduled restore drill of the newest export in the backup region, both alerting when they fail or stop.
 */
export class DataStack extends BaselineStack {
  readonly postgres: PrivatePostgres;
  readonly appAccount: WorkloadServiceAccount;
  /** Holds the break-glass password of the built-in `postgres` user; an operator adds it (README, Database). */
  readonly adminPassword: CmekSecret;
  readonly export: ScheduledSqlExport;
  readonly restoreDrill: RestoreDrill;

  constructor(scope: Construct, config: Config, env: EnvironmentConfig, deps: DataStackDeps) {
    super(scope, config, env, "data");
    const prefix = envPrefix(env);
    const db = env.database;
    const labels = { component: "database" };
    this.appAccount = new WorkloadServiceAccount(this, "app-db", {
      project: env.projectId,
      accountId: "app-db",
      description: `Application identity for the ${db.databaseName} database (IAM database authentication)`,
      projectRoles: ["roles/cloudsql.client", "roles/cloudsql.instanceUser"],
    });
    const instanceName = `${prefix}-pg`;
    this.postgres = new PrivatePostgres(this, "postgres", {
      name: instanceName,
      region: env.primaryRegion,
      backupRegion: env.backupRegion,
      version: db.version,
      tier: db.tier,
      availability: db.availability,
      network: deps.network.network.id,
      // Reading the reserved range from the connection pins the instance to it and orders it after peering.
      allocatedIpRange: Token.asString(
        Fn.element(deps.network.privateServicesConnection.reservedPeeringRanges, 0),
      ),
      kmsKey: deps.kms.key("sql", "primary").id,
      sslMode: db.sslMode,
      backupStartTime: db.backupStartTime,
      retainedBackups: env.backups.retentionDays,
      transactionLogRetentionDays: db.transactionLogRetentionDays,
      disablePointInTimeRecovery: !db.pointInTimeRecovery,
      maintenanceWindow: db.maintenanceWindow,
      databaseName: db.databaseName,
      iamUserEmail: this.appAccount.email,
      pgauditLog: db.pgauditLog,
      labels,
    });
    this.adminPassword = new CmekSecret(this, "admin-password", {
      secretId: `${prefix}-pg-postgres-password`,
      location: env.primaryRegion,
      // The key foundation grants to the Secret Manager agent.
      kmsKey: deps.kms.key("storage", "primary").id,
      labels,
    });

    const backup = deps.backup ?? BackupStack.declaredIn(scope, env);
    const bucket = backup.backupBucket.bucket.name;
    const channels = new NotificationChannels(this, "backup-alert-channels", {
      project: env.projectId,
      channels: env.monitoring.notificationChannels,
    });
    this.export = new ScheduledSqlExport(this, "export", {
      project: env.projectId,
      name: `${prefix}-pg-export`,
      instanceName,
      instanceServiceAccount: this.postgres.instance.serviceAccountEmailAddress,
      database: db.databaseName,
      bucket,
      region: env.primaryRegion,
      schedule: db.exportSchedule,
      image: db.exportImage,
      notificationChannels: channels.ids,
      labels,
    });
    this.restoreDrill = new RestoreDrill(this, "restore-drill", {
      project: env.projectId,
      name: `${prefix}-pg-restore-drill`,
      region: env.backupRegion,
      schedule: env.backups.restoreDrillSchedule,
      image: env.backups.restoreDrillImage,
      bucket,
      prefix: this.export.prefix,
      instanceName,
      checkTable: db.restoreCheckTable,
      minRows: db.restoreCheckMinRows,
      maxDaysWithoutSuccess: env.backups.restoreDrillMaxDays,
      notificationChannels: channels.ids,
      vault:
        env.vault.enabled && env.backups.restoreDrillVaultCheck
          ? { prefix: WRITER_PREFIXES.vault, snapshotSchedule: env.backups.vaultSnapshotSchedule }
          : undefined,
      labels,
    });
  }
}
