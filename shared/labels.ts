/** Labels the builder puts on buckets so that the checker can tell what they hold. */

/** On every bucket that holds backups (GeoBackupBucket); the BAK controls find backup stores by it. */
export const BACKUP_PURPOSE_LABEL = { key: "purpose", value: "backups" } as const;

/** On the Terraform state bucket (StateBucket); the STATE controls find state buckets by it. */
export const STATE_PURPOSE_LABEL = { key: "purpose", value: "terraform-state" } as const;

/**
 * On every labelled resource of an environment (from `environments.<name>.production` in baseline.yaml): the
 * controls that ask more of production (locked backups, locked audit logs) read it, not the environment's name.
 */
export const ENVIRONMENT_TIER_LABEL = {
  key: "environment-tier",
  production: "production",
  other: "non-production",
} as const;
