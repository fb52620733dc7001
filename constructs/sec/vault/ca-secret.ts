import { Construct } from "constructs";
import { SecretManagerSecretIamMember } from "@cdktf/provider-google/lib/secret-manager-secret-iam-member";
import { CmekSecret } from "../cmek-secret";
import { VAULT_CA_SECRETS } from "../../../shared/vault";

export interface VaultCaSecretProps {
  readonly namePrefix: string;
  /** The only region the secret is stored in (the cluster's). */
  readonly location: string;
  /** CMEK key in `location` that encrypts the payload. */
  readonly kmsKey: string;
  /** The Vault nodes' service account (`serviceAccount:…`): the only principal granted anything on it. */
  readonly nodes: string;
  /**
   * The one principal besides the nodes that reads the certificate-only secret (the raft snapshot job's
   * account); never given anything on the CA bundle.
   */
  readonly certificateReader?: string;
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
 * What the Vault nodes may do with the certificate-only secret: read its latest version (to see whether it
 * already holds the current CA certificate) and add one. Nothing else: no listing, disabling or destroying.
 */
export const CA_CERTIFICATE_SECRET_NODE_ROLES = [
  "roles/secretmanager.secretAccessor",
  "roles/secretmanager.secretVersionAdder",
] as const;

/**
 * Two Secret Manager secrets, each stored in one region and encrypted with a customer-managed key, neither with
 * a version in Terraform (no key material passes through Terraform state):
 * - the deployment's Vault CA (certificate and private key, PEM), used by the Vault nodes alone: the first node
 *   to boot creates the CA (renderVaultNodeTlsScript) and every node issues its own certificate from it;
 * - the CA certificate alone, which the nodes publish there (never the key) so that a client outside the
 *   cluster, the raft snapshot job (`certificateReader`), can verify Vault's TLS without an operator copying
 *   the certificate by hand.
 */
export class VaultCaSecret extends Construct {
  readonly secretId: string;
  readonly certificateSecretId: string;
  readonly certificateSecret: CmekSecret;

  constructor(scope: Construct, id: string, props: VaultCaSecretProps) {
    super(scope, id);
    this.secretId = VAULT_CA_SECRETS.bundle(props.namePrefix);
    this.certificateSecretId = VAULT_CA_SECRETS.certificate(props.namePrefix);
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
    this.certificateSecret = new CmekSecret(this, "ca-certificate", {
      secretId: this.certificateSecretId,
      location: props.location,
      kmsKey: props.kmsKey,
      accessor: props.certificateReader,
      labels: { ...props.labels, purpose: "vault-ca-certificate" },
    });
    for (const role of CA_CERTIFICATE_SECRET_NODE_ROLES) {
      new SecretManagerSecretIamMember(this, `certificate-${role.replace(/^roles\/secretmanager\./, "")}`, {
        secretId: this.certificateSecret.secret.id,
        role,
        member: props.nodes,
      });
    }
  }
}
