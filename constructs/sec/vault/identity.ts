import { Construct } from "constructs";
import { KmsCryptoKeyIamMember } from "@cdktf/provider-google/lib/kms-crypto-key-iam-member";
import { ProjectIamCustomRole } from "@cdktf/provider-google/lib/project-iam-custom-role";
import { ProjectIamMember } from "@cdktf/provider-google/lib/project-iam-member";
import { WorkloadServiceAccount } from "../../iam/workload-service-account";

/** Roles the seal needs on its key: encrypt/decrypt, and cloudkms.cryptoKeys.get (in viewer) at startup. */
export const SEAL_KEY_ROLES = [
  "roles/cloudkms.cryptoKeyEncrypterDecrypter",
  "roles/cloudkms.viewer",
] as const;

/** What go-discover's GCE provider calls to find raft peers: Zones.List, then Instances.List per zone. */
export const AUTO_JOIN_PERMISSIONS = ["compute.zones.list", "compute.instances.list"] as const;

export interface VaultIdentityProps {
  readonly project: string;
  readonly namePrefix: string;
  /** Crypto key id of the unseal key. */
  readonly unsealKeyId: string;
}

/**
 * The Vault nodes' own service account, holding only what Vault needs: the seal roles on the unseal key alone
 * (never on its key ring or the project), a custom role with just the two list permissions raft auto-join
 * uses (roles/compute.viewer would also expose every disk, image and network), and log and metric writing
 * for the Ops Agent. Secret access is granted on each TLS secret by VaultTlsSecrets.
 */
export class VaultIdentity extends Construct {
  readonly serviceAccount: WorkloadServiceAccount;

  constructor(scope: Construct, id: string, props: VaultIdentityProps) {
    super(scope, id);
    this.serviceAccount = new WorkloadServiceAccount(this, "account", {
      project: props.project,
      accountId: `${props.namePrefix}-vault`,
      description: "Vault server nodes: KMS auto-unseal, raft auto-join, TLS secrets, audit log shipping",
      projectRoles: ["roles/logging.logWriter", "roles/monitoring.metricWriter"],
    });
    for (const role of SEAL_KEY_ROLES) {
      new KmsCryptoKeyIamMember(this, `seal-${role.replace(/^roles\/cloudkms\./, "")}`, {
        cryptoKeyId: props.unsealKeyId,
        role,
        member: this.serviceAccount.member,
      });
    }
    const autoJoin = new ProjectIamCustomRole(this, "auto-join-role", {
      project: props.project,
      roleId: `${props.namePrefix.replace(/-/g, "_")}_vault_auto_join`,
      title: "Vault raft auto-join",
      description: "Lists zones and instances so Vault nodes find their raft peers by network tag",
      permissions: [...AUTO_JOIN_PERMISSIONS],
    });
    new ProjectIamMember(this, "auto-join", {
      project: props.project,
      role: autoJoin.name,
      member: this.serviceAccount.member,
    });
  }
}
