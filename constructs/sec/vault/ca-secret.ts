import { Construct } from "constructs";
import { SecretManagerSecretIamMember } from "@cdktf/provider-google/lib/secret-manager-secret-iam-member";
import { CmekSecret } from "../cmek-secret";

export interface VaultCaSecretProps {
  readonly namePrefix: string;
  /** The only region the secret is stored in (the cluster's). */
  readonly location: string;
  /** CMEK key in `location` that encrypts the payload. */
  readonly kmsKey: string;
  /** The Vault nodes' service account (`serviceAccount:…`): the only principal granted anything on it. */
  readonly nodes: string;
  readonly labels?: Record<string, string>;
}

/**
 * What the Vault nodes may do with the CA secret, beyond reading versions (secretAccessor, from CmekSecret):
 * list versions (to find the oldest enabled one, the CA every node agrees on) and add one (the first node
 * creates the CA). No role to disable or destroy versions: an operator rotates the CA.
 */
export const CA_SECRET_NODE_ROLES = [
  "roles/secretmanager.viewer",
  "roles/secretmanager.secretVersionAdder",
] as const;

/**
 * The Secret Manager secret holding the deployment's Vault CA (certificate and private key, PEM): stored in
 * one region, encrypted with a customer-managed key, used by the Vault nodes alone. Terraform declares no
 * version, so no key material passes through Terraform state: the first node to boot creates the CA
 * (renderVaultNodeTlsScript) and every node issues its own certificate from it.
 */
export class VaultCaSecret extends Construct {
  readonly secretId: string;

  constructor(scope: Construct, id: string, props: VaultCaSecretProps) {
    super(scope, id);
    this.secretId = `${props.namePrefix}-vault-tls-ca`;
    const secret = new CmekSecret(this, "tls-ca", {
      secretId: this.secretId,
      location: props.location,
      kmsKey: props.kmsKey,
      accessor: props.nodes,
      labels: { ...props.labels, purpose: "vault-tls" },
    });
    for (const role of CA_SECRET_NODE_ROLES) {
      new SecretManagerSecretIamMember(this, role.replace(/^roles\/secretmanager\./, ""), {
        secretId: secret.secret.id,
        role,
        member: props.nodes,
      });
    }
  }
}
