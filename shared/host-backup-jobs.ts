/**
 * Instance metadata keys that declare a backup job run on a VM by a systemd timer (the Wazuh manager's archive):
 * the boot script installs `<name>.timer`, the job reads where to write and as whom, and the checker (BAK-09)
 * reads the same declaration to count the job as a writer of the backup bucket.
 */
export const BACKUP_JOB_METADATA = {
  /** Job name: the boot script installs `<name>.timer`, which starts `<name>.service`. */
  name: "backup-job-name",
  /** systemd OnCalendar expression. */
  schedule: "backup-job-schedule",
  /** The backup bucket's name. */
  bucket: "backup-job-bucket",
  /** The job's prefix in it, ending with `/`. */
  prefix: "backup-job-prefix",
  /** The e-mail of the account the job writes as; the VM's own account mints that account's tokens. */
  writer: "backup-job-writer",
} as const;
