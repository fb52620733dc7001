import { Construct } from "constructs";
import type { ITerraformDependable } from "cdktf";
import { SecretManagerSecret } from "@cdktf/provider-google/lib/secret-manager-secret";

export interface AdminPasswordSecretProps {
  readonly secretId: string;
  /** Region the secret's payload is stored in. */
  readonly location: string;
  /** CMEK key id in `location`, granted to the Secret Manager service agent. */
  readonly kmsKey: string;
  readonly labels?: Record<string, string>;
  readonly after?: ITerraformDependable[];
}

/**
 * The Secret Manager secret that holds the database's break-glass administrator password. Guarantees the
 * payload is encrypted with a customer-managed key in one named region and that the secret cannot be deleted
 * by Terraform. No version is declared: the password is generated and stored by an operator (README,
 * "Database"), so it never appears in Terraform configuration, state or outputs.
 */
export class AdminPasswordSecret extends Construct {
  readonly secret: SecretManagerSecret;

  constructor(scope: Construct, id: string, props: AdminPasswordSecretProps) {
    super(scope, id);
    this.secret = new SecretManagerSecret(this, "secret", {
      secretId: props.secretId,
      labels: props.labels,
      deletionProtection: true,
      replication: {
        userManaged: {
          replicas: [{ location: props.location, customerManagedEncryption: { kmsKeyName: props.kmsKey } }],
        },
      },
      dependsOn: props.after,
    });
  }
}
