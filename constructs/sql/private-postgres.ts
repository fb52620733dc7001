import { Construct } from "constructs";
import { Fn, type ITerraformDependable } from "cdktf";
import { SqlDatabase } from "@cdktf/provider-google/lib/sql-database";
import { SqlDatabaseInstance } from "@cdktf/provider-google/lib/sql-database-instance";
import { SqlUser } from "@cdktf/provider-google/lib/sql-user";
import { MIN_BACKUP_RETENTION_DAYS } from "../../config/sections/backups";
import { auditFlags } from "./audit-flags";

export interface PrivatePostgresProps {
  readonly name: string;
  readonly region: string;
  /** Where automated backups are stored: a region other than `region`. */
  readonly backupRegion: string;
  readonly version: "POSTGRES_15" | "POSTGRES_16" | "POSTGRES_17";
  /** Enterprise edition tier, e.g. db-custom-2-7680. */
  readonly tier: string;
  readonly availability: "ZONAL" | "REGIONAL";
  /** VPC network id with private services access; the instance gets a private address only. */
  readonly network: string;
  /** Name of the private services range to take the address from (default: any range of the peering). */
  readonly allocatedIpRange?: string;
  /** CMEK key id in `region`, already granted to the Cloud SQL service agent. */
  readonly kmsKey: string;
  /** ENCRYPTED_ONLY (default) requires TLS; TRUSTED_CLIENT_CERTIFICATE_REQUIRED also a client certificate. */
  readonly sslMode?: "ENCRYPTED_ONLY" | "TRUSTED_CLIENT_CERTIFICATE_REQUIRED";
  /** UTC start of the daily backup window, HH:MM. */
  readonly backupStartTime: string;
  /** Daily backups kept (30 or more): the number of days a backup lives. */
  readonly retainedBackups?: number;
  /** Days of write-ahead log kept for point-in-time recovery (1 to 7, default 7). */
  readonly transactionLogRetentionDays?: number;
  /** Turns point-in-time recovery off; the SQL controls then fail. */
  readonly disablePointInTimeRecovery?: boolean;
  /** 1 = Monday ... 7 = Sunday, hour in UTC. */
  readonly maintenanceWindow: { readonly day: number; readonly hour: number };
  readonly databaseName: string;
  /** Email of the service account that logs in to `databaseName` with IAM database authentication. */
  readonly iamUserEmail: string;
  /** pgaudit statement classes to log (default all). */
  readonly pgauditLog?: string;
  /** Workload tuning flags; they cannot override the audit flags. */
  readonly extraFlags?: Record<string, string>;
  readonly labels?: Record<string, string>;
  /** What must exist first: the private services connection and the key grant. */
  readonly after?: ITerraformDependable[];
}

/**
 * Cloud SQL for PostgreSQL that guarantees: a private IP only (no public address, no authorized networks),
 * TLS required on every connection, a customer-managed key, deletion protection in Terraform and in the API,
 * daily backups kept 30 days or more in another region with point-in-time recovery, backups kept after the
 * instance is deleted, CIS 6.2 audit and connection logging with pgaudit, query insights, and an application
 * user that logs in with IAM (no password exists for it).
 */
export class PrivatePostgres extends Construct {
  readonly instance: SqlDatabaseInstance;
  readonly database: SqlDatabase;
  readonly iamUser: SqlUser;

  constructor(scope: Construct, id: string, props: PrivatePostgresProps) {
    super(scope, id);
    const retainedBackups = props.retainedBackups ?? MIN_BACKUP_RETENTION_DAYS;
    const logDays = props.transactionLogRetentionDays ?? 7;
    const fail = (message: string) => new Error(`PrivatePostgres ${props.name}: ${message}`);
    if (props.backupRegion.toLowerCase() === props.region.toLowerCase()) {
      throw fail(`backupRegion must differ from the instance region ${props.region}`);
    }
    if (
      !Number.isInteger(retainedBackups) ||
      retainedBackups < MIN_BACKUP_RETENTION_DAYS ||
      retainedBackups > 365
    ) {
      throw fail(
        `retainedBackups must be an integer from ${MIN_BACKUP_RETENTION_DAYS} to 365, got ${retainedBackups}`,
      );
    }
    if (!Number.isInteger(logDays) || logDays < 1 || logDays > 7) {
      throw fail(`transactionLogRetentionDays must be from 1 to 7, got ${logDays}`);
    }
    const flags = { ...props.extraFlags, ...auditFlags(props.pgauditLog ?? "all") };
    this.instance = new SqlDatabaseInstance(this, "instance", {
      name: props.name,
      region: props.region,
      databaseVersion: props.version,
      encryptionKeyName: props.kmsKey,
      deletionProtection: true,
      settings: {
        edition: "ENTERPRISE",
        tier: props.tier,
        availabilityType: props.availability,
        diskType: "PD_SSD",
        diskAutoresize: true,
        deletionProtectionEnabled: true,
        retainBackupsOnDelete: true,
        userLabels: props.labels,
        ipConfiguration: {
          ipv4Enabled: false,
          privateNetwork: props.network,
          allocatedIpRange: props.allocatedIpRange,
          sslMode: props.sslMode ?? "ENCRYPTED_ONLY",
          enablePrivatePathForGoogleCloudServices: false,
        },
        backupConfiguration: {
          enabled: true,
          startTime: props.backupStartTime,
          location: props.backupRegion,
          pointInTimeRecoveryEnabled: !props.disablePointInTimeRecovery,
          transactionLogRetentionDays: logDays,
          backupRetentionSettings: { retainedBackups, retentionUnit: "COUNT" },
        },
        maintenanceWindow: { ...props.maintenanceWindow, updateTrack: "stable" },
        databaseFlags: Object.entries(flags).map(([name, value]) => ({ name, value })),
        insightsConfig: {
          queryInsightsEnabled: true,
          queryStringLength: 1024,
          recordApplicationTags: true,
          recordClientAddress: true,
        },
        // Applies to built-in users only: the break-glass postgres password an operator sets by hand.
        passwordValidationPolicy: {
          enablePasswordPolicy: true,
          minLength: 20,
          complexity: "COMPLEXITY_DEFAULT",
          disallowUsernameSubstring: true,
        },
      },
      dependsOn: props.after,
    });
    // ABANDON: `terraform destroy` must never drop the application's data or its owner.
    this.database = new SqlDatabase(this, "database", {
      instance: this.instance.name,
      name: props.databaseName,
      deletionPolicy: "ABANDON",
    });
    this.iamUser = new SqlUser(this, "iam-user", {
      instance: this.instance.name,
      // PostgreSQL IAM users are named by the service account email without its domain suffix.
      name: Fn.trimsuffix(props.iamUserEmail, ".gserviceaccount.com"),
      type: "CLOUD_IAM_SERVICE_ACCOUNT",
      deletionPolicy: "ABANDON",
    });
  }
}
