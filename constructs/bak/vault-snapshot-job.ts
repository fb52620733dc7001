import { Construct } from "constructs";
import { ProjectIamCustomRole } from "@cdktf/provider-google/lib/project-iam-custom-role";
import { ServiceAccountIamMember } from "@cdktf/provider-google/lib/service-account-iam-member";
import type { BackupWriter } from "./backup-writer";
import { JobOutcomeAlerts } from "./job-outcome-alerts";
import { ScheduledJob } from "./scheduled-job";
import { backupScript, terraformLiteral } from "./scripts";

/** What the GCP auth method's iam login needs of the job's own account: a JWT signed by Google as it. */
export const SIGN_JWT_PERMISSIONS = ["iam.serviceAccounts.signJwt"] as const;

export interface VaultSnapshotJobProps {
  readonly project: string;
  /** Job and scheduler name, e.g. acme-prod-vault-snapshot. */
  readonly name: string;
  /** Where the job runs: the Vault cluster's region (its internal load balancer has no global access). */
  readonly region: string;
  /** Five-field cron, UTC. */
  readonly schedule: string;
  /** An image with bash, curl, tar, gzip and coreutils (the Google Cloud CLI image has them). */
  readonly image: string;
  /** The identity the job runs as: create-only on its prefix of the backup bucket. */
  readonly writer: BackupWriter;
  /** The backup bucket's name. */
  readonly bucket: string;
  /** The writer's prefix, ending with `/`. */
  readonly prefix: string;
  /** `https://<Vault service name>:8200`: the internal load balancer's private DNS name. */
  readonly vaultAddress: string;
  /** The GCP auth method's role the job logs in with (iam type, bound to the writer's account). */
  readonly authRole: string;
  /** Where the GCP auth method is mounted (default `gcp`). */
  readonly authPath?: string;
  /**
   * Id of the secret holding the Vault CA certificate (PEM) the job trusts: the vault stack's certificate-only
   * secret, which the Vault nodes fill and the vault stack lets the writer read (VaultCaSecret). This job
   * declares no secret and no secret access of its own.
   */
  readonly caSecretId: string;
  /** Direct VPC egress: a subnet the Vault firewall admits (one of `vault.clientCidrs`). */
  readonly network: string;
  readonly subnetwork: string;
  /** Id of the custom role holding SIGN_JWT_PERMISSIONS (project-wide ids: camelCase). */
  readonly signJwtRoleId?: string;
  /** An alert fires when no snapshot has succeeded for this many days. */
  readonly overdueDays: number;
  readonly notificationChannels: readonly string[];
  readonly labels?: Record<string, string>;
}

/**
 * A scheduled Vault raft snapshot into the backup bucket (scripts/backups/vault-snapshot.sh):
 * `<prefix>raft-<UTC time>.snap`, encrypted with the bucket's key in the backup region and kept under its
 * retention policy (locked in production). Guarantees: the job runs as the writer account, which may create
 * objects under its prefix (never read, replace or delete one), have Google sign a JWT as itself (nothing else of
 * IAM) and read the Vault CA certificate's secret (granted by the vault stack, on a secret holding a certificate
 * only: the Vault nodes publish it there, never the key); in Vault it holds only what the
 * GCP auth role grants (the `raft-snapshot` policy, declared by the vault-config stack). It reaches Vault's
 * internal load balancer by Direct VPC egress for private ranges only and verifies Vault's certificate against
 * that CA; it verifies each snapshot's checksums before uploading it and the stored object's size and MD5 after.
 * An alert fires when a run fails, and when none has succeeded for `overdueDays`.
 */
export class VaultSnapshotJob extends Construct {
  readonly job: ScheduledJob;
  readonly alerts: JobOutcomeAlerts;

  constructor(scope: Construct, id: string, props: VaultSnapshotJobProps) {
    super(scope, id);
    if (!props.vaultAddress.startsWith("https://")) {
      throw new Error(
        `VaultSnapshotJob ${props.name}: vaultAddress must be https://, got ${props.vaultAddress}`,
      );
    }
    const signJwt = new ProjectIamCustomRole(this, "sign-jwt-role", {
      project: props.project,
      roleId: props.signJwtRoleId ?? "vaultSnapshotSignJwt",
      title: "Sign a JWT as itself (Vault GCP login)",
      description:
        "Lets the Vault raft snapshot job log in to Vault's GCP auth method (iam type); nothing else",
      permissions: [...SIGN_JWT_PERMISSIONS],
    });
    new ServiceAccountIamMember(this, "sign-jwt", {
      serviceAccountId: props.writer.account.account.name,
      role: signJwt.name,
      member: props.writer.account.member,
    });
    this.job = new ScheduledJob(this, "job", {
      project: props.project,
      name: props.name,
      region: props.region,
      schedule: props.schedule,
      description: `Saves a Vault raft snapshot to the backup bucket (${props.prefix})`,
      image: props.image,
      script: { text: terraformLiteral(backupScript("vault-snapshot.sh")), name: "vault-snapshot" },
      env: {
        VAULT_ADDR: props.vaultAddress,
        VAULT_AUTH_ROLE: props.authRole,
        VAULT_AUTH_PATH: props.authPath ?? "gcp",
        CA_SECRET: `projects/${props.project}/secrets/${props.caSecretId}`,
        BUCKET: props.bucket,
        PREFIX: props.prefix,
      },
      serviceAccountEmail: props.writer.email,
      invokerAccountId: "vault-snapshot-invoker",
      privateNetwork: { network: props.network, subnetwork: props.subnetwork },
      timeoutSeconds: 3600,
      labels: props.labels,
    });
    this.alerts = new JobOutcomeAlerts(this, "alerts", {
      project: props.project,
      // The literal name, not a reference: the alerts' log filters stay readable to the checker (MON-07).
      jobName: props.name,
      payload: { key: "job", value: "vault-snapshot" },
      metricStem: "vault-snapshot",
      what: "Vault raft snapshot",
      overdueDays: props.overdueDays,
      notificationChannels: props.notificationChannels,
      runbook:
        `The Vault raft snapshot (Cloud Run job ${props.name}, ${props.region}) failed or has not succeeded for ` +
        `${props.overdueDays} day(s). Read its last execution's log (jsonPayload.message and detail say which ` +
        "step: the CA secret, the GCP login, the snapshot, its verification or the upload), fix the cause, then " +
        `run it by hand: \`gcloud run jobs execute ${props.name} --region=${props.region} --wait\`. Until it ` +
        "succeeds, the newest off-region, locked copy of Vault is getting older.",
    });
  }
}
