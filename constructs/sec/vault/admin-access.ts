import { Construct } from "constructs";
import { IapTunnelIamMember } from "@cdktf/provider-google/lib/iap-tunnel-iam-member";
import { ProjectIamMember } from "@cdktf/provider-google/lib/project-iam-member";
import { ServiceAccountIamMember } from "@cdktf/provider-google/lib/service-account-iam-member";

export interface VaultAdminAccessProps {
  readonly project: string;
  /** The Vault administrators (`group:…` preferably): who runs the init, upgrade and replacement runbooks. */
  readonly members: readonly string[];
  /** Zones the Vault nodes run in. */
  readonly zones: readonly string[];
  /** Name prefix of every Vault node (the group's base instance name). */
  readonly instanceNamePrefix: string;
  /** `projects/…/serviceAccounts/…` of the Vault nodes' service account. */
  readonly nodeServiceAccount: string;
}

/** The roles Vault administrators get, and where. */
export const VAULT_ADMIN_ROLES = {
  /** IAP TCP forwarding, project-wide (group instances have no fixed names) but to port 22 only. */
  tunnel: "roles/iap.tunnelResourceAccessor",
  /** OS Login without sudo, on the Vault nodes only (an IAM condition on the instance name). */
  login: "roles/compute.osLogin",
  /** OS Login to a VM that runs as a service account needs actAs on that one account. */
  actAs: "roles/iam.serviceAccountUser",
} as const;

/**
 * The Vault administrators' way onto the nodes: SSH through Identity-Aware Proxy (no public address, the
 * network stack's allow-iap-ssh rule) and OS Login, least privilege: the tunnel only to port 22, login only on
 * instances named like the Vault nodes and without sudo (roles/compute.osLogin, not osAdminLogin: the
 * runbooks need the Vault CLI, which reads the node's CA certificate, not root), and actAs on the Vault
 * service account alone (OS Login requires it for a VM that runs as a service account; never project-wide).
 */
export class VaultAdminAccess extends Construct {
  constructor(scope: Construct, id: string, props: VaultAdminAccessProps) {
    super(scope, id);
    if (props.members.length === 0)
      throw new Error("VaultAdminAccess: at least one administrator is required");
    const onVaultNodes = props.zones
      .map(
        (zone) =>
          `resource.name.startsWith("projects/${props.project}/zones/${zone}/instances/${props.instanceNamePrefix}-")`,
      )
      .join(" || ");
    props.members.forEach((member, i) => {
      new IapTunnelIamMember(this, `tunnel-${i}`, {
        project: props.project,
        role: VAULT_ADMIN_ROLES.tunnel,
        member,
        condition: {
          title: "ssh-only",
          description: "IAP TCP forwarding to SSH (22) only",
          expression: "destination.port == 22",
        },
      });
      new ProjectIamMember(this, `login-${i}`, {
        project: props.project,
        role: VAULT_ADMIN_ROLES.login,
        member,
        condition: {
          title: "vault-nodes-only",
          description: `OS Login on the ${props.instanceNamePrefix} instances only`,
          expression: onVaultNodes,
        },
      });
      new ServiceAccountIamMember(this, `act-as-${i}`, {
        serviceAccountId: props.nodeServiceAccount,
        role: VAULT_ADMIN_ROLES.actAs,
        member,
      });
    });
  }
}
