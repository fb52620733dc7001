/** Labels the builder puts on buckets so that the checker can tell what they hold. */

/** On every bucket that holds backups (GeoBackupBucket); the BAK controls find backup stores by it. */
export const BACKUP_PURPOSE_LABEL = { key: "purpose", value: "backups" } as const;

/** On the Terraform state bucket (StateBucket); the STATE controls find state buckets by it. */
export const STATE_PURPOSE_LABEL = { key: "purpose", value: "terraform-state" } as const;
