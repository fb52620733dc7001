import { Construct } from "constructs";
import { Token } from "cdktf";
import { SecretManagerSecret } from "@cdktf/provider-google/lib/secret-manager-secret";
import { SecretManagerSecretIamMember } from "@cdktf/provider-google/lib/secret-manager-secret-iam-member";

export interface CmekSecretProps {
  readonly secretId: string;
  /** The one region the payload is stored in (a user-managed replica; never automatic replication). */
  readonly location: string;
  /** CMEK key id in `location`; the Secret Manager service agent must be granted it (foundation stack). */
  readonly kmsKey: string;
  /** The one principal (`serviceAccount:…`) given roles/secretmanager.secretAccessor on this secret. */
  readonly accessor?: string;
  /** Lets Terraform delete the secret, and with it every version an operator added. Off by default. */
  readonly allowDeletion?: boolean;
  readonly labels?: Record<string, string>;
}

/**
 * A Secret Manager secret that guarantees: its payload is stored in exactly one named region, encrypted with
 * a customer-managed key (required; a literal key id in another region is refused), Terraform deletion
 * protection unless `allowDeletion`, read access for at most one named principal, and never a secret
 * version: payloads are added by an operator out of band, so none ever reaches Terraform configuration,
 * state or outputs. The secret is this construct's default child, so its Terraform address is the
 * construct's own.
 */
export class CmekSecret extends Construct {
  readonly secret: SecretManagerSecret;

  constructor(scope: Construct, id: string, props: CmekSecretProps) {
    super(scope, id);
    validate(props);
    this.secret = new SecretManagerSecret(this, "Default", {
      secretId: props.secretId,
      labels: props.labels,
      deletionProtection: !props.allowDeletion,
      replication: {
        userManaged: {
          replicas: [{ location: props.location, customerManagedEncryption: { kmsKeyName: props.kmsKey } }],
        },
      },
    });
    if (props.accessor !== undefined) {
      new SecretManagerSecretIamMember(this, "accessor", {
        secretId: this.secret.id,
        role: "roles/secretmanager.secretAccessor",
        member: props.accessor,
      });
    }
  }
}

function validate(props: CmekSecretProps): void {
  const problem = (text: string) => new Error(`CmekSecret ${props.secretId}: ${text}`);
  if (props.location.trim() === "") throw problem("location is required (the replica's region)");
  if (props.kmsKey.trim() === "") throw problem("kmsKey is required (a customer-managed key)");
  if (Token.isUnresolved(props.kmsKey) || Token.isUnresolved(props.location)) return;
  const keyLocation = /(?:^|\/)locations\/([^/]+)\//.exec(props.kmsKey)?.[1];
  if (keyLocation !== undefined && keyLocation !== props.location) {
    throw problem(`kmsKey is in ${keyLocation}; Secret Manager needs the key in ${props.location}`);
  }
}
