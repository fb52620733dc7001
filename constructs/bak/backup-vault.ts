import { Construct } from "constructs";
import type { ITerraformDependable } from "cdktf";
import { BackupDrBackupVault } from "@cdktf/provider-google/lib/backup-dr-backup-vault";
import { MIN_BACKUP_RETENTION_DAYS } from "../../config/sections/backups";
import { daysAsSeconds } from "../../lib/duration";

export interface BackupVaultProps {
  /** Vault id, unique per project and location. */
  readonly vaultId: string;
  /** The backup region. */
  readonly location: string;
  /** Region of the protected workloads; the vault refuses to live there. */
  readonly primaryRegion: string;
  /** Minimum days every backup in the vault is kept, whoever asks to delete it (30 or more). */
  readonly minimumRetentionDays?: number;
  /**
   * When the enforced retention locks (RFC 3339, UTC): from then on nobody can lower or remove it. Unset, the
   * vault stays unlocked and an administrator can lower the minimum for future backups.
   */
  readonly lockTime?: string;
  /** Who may restore from the vault: this project only (default) or any project of the organization. */
  readonly accessRestriction?: "WITHIN_PROJECT" | "WITHIN_ORGANIZATION";
  readonly labels?: Record<string, string>;
  readonly after?: ITerraformDependable[];
  /** Lets `terraform destroy` remove the vault (the API still refuses while it holds backups). */
  readonly allowDestroy?: boolean;
}

/**
 * A Backup and DR backup vault that guarantees: it sits outside the primary region, every backup in it is
 * immutable and indelible for at least 30 days (enforced minimum retention), each backup's enforced retention
 * is fixed when it is taken to its expiry (MATCH_BACKUP_EXPIRE_TIME: it can be extended, never shortened, and
 * lowering the vault's minimum later does not reach it), the minimum itself locks at `lockTime` (after which it
 * cannot be lowered or removed), restores are confined to this project or organization, and deleting the vault
 * never overrides its safeguards (no force or ignore flags). Customer-managed encryption of the vault
 * (`encryption_config`) is not available in provider 6.50.
 */
export class BackupVault extends Construct {
  readonly vault: BackupDrBackupVault;

  constructor(scope: Construct, id: string, props: BackupVaultProps) {
    super(scope, id);
    const days = props.minimumRetentionDays ?? MIN_BACKUP_RETENTION_DAYS;
    if (props.location.toLowerCase() === props.primaryRegion.toLowerCase()) {
      throw new Error(
        `BackupVault ${props.vaultId}: location must be a region other than the primary region ${props.primaryRegion}`,
      );
    }
    if (props.lockTime !== undefined && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(props.lockTime)) {
      throw new Error(
        `BackupVault ${props.vaultId}: lockTime must be a UTC time such as 2027-01-04T00:00:00Z, got ${props.lockTime}`,
      );
    }
    if (!Number.isInteger(days) || days < MIN_BACKUP_RETENTION_DAYS) {
      throw new Error(
        `BackupVault ${props.vaultId}: minimumRetentionDays must be an integer of at least ${MIN_BACKUP_RETENTION_DAYS}, got ${days}`,
      );
    }
    this.vault = new BackupDrBackupVault(this, "vault", {
      backupVaultId: props.vaultId,
      location: props.location,
      description: `Immutable backups kept at least ${days} days`,
      backupMinimumEnforcedRetentionDuration: daysAsSeconds(days),
      // Set once at creation (the API refuses to change it): each backup keeps the enforced retention it was
      // taken with, so lowering the vault's minimum before the lock does not shorten existing backups.
      backupRetentionInheritance: "MATCH_BACKUP_EXPIRE_TIME",
      effectiveTime: props.lockTime,
      accessRestriction: props.accessRestriction ?? "WITHIN_PROJECT",
      labels: props.labels,
      lifecycle: { preventDestroy: !props.allowDestroy },
      dependsOn: props.after,
    });
  }
}
