import { Construct } from "constructs";
import { WorkloadServiceAccount } from "../iam/workload-service-account";
import { BucketPrefixAccess } from "./bucket-prefix-access";

export interface BackupWriterProps {
  readonly project: string;
  /** 6-30 characters: lowercase letters, digits, hyphens. */
  readonly accountId: string;
  /** What the job writes, for the account's description. */
  readonly writes: string;
  /** The backup bucket's name. */
  readonly bucket: string;
  /** The job's own prefix, ending with `/`. */
  readonly prefix: string;
}

/**
 * The identity of one backup job that writes to the backup bucket: a dedicated service account (no keys, no
 * project roles) that may create objects under its own prefix and do nothing else, so that a compromised job
 * can neither read, replace nor delete any backup, nor write where another job writes. The job itself (a
 * systemd timer on a host, a Cloud Run job) runs as this account or impersonates it.
 */
export class BackupWriter extends Construct {
  readonly account: WorkloadServiceAccount;
  readonly access: BucketPrefixAccess;

  constructor(scope: Construct, id: string, props: BackupWriterProps) {
    super(scope, id);
    this.account = new WorkloadServiceAccount(this, "account", {
      project: props.project,
      accountId: props.accountId,
      description: `Writes ${props.writes} to gs://<backup bucket>/${props.prefix} (create only)`,
    });
    this.access = new BucketPrefixAccess(this, "write", {
      bucket: props.bucket,
      member: this.account.member,
      prefix: props.prefix,
      access: "write",
    });
  }

  get email(): string {
    return this.account.email;
  }
}
