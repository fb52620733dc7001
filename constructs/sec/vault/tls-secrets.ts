import { Construct } from "constructs";
import { CmekSecret } from "../cmek-secret";
import type { VaultTlsSecretIds } from "./startup-script";

export interface VaultTlsSecretsProps {
  readonly namePrefix: string;
  /** The only region the secrets are stored in (the cluster's). */
  readonly location: string;
  /** CMEK key in `location` that encrypts the payloads. */
  readonly kmsKey: string;
  /** The one principal allowed to read them: the Vault nodes' service account. */
  readonly accessor: string;
  readonly labels?: Record<string, string>;
}

/**
 * Empty Secret Manager secrets (CmekSecret) for the Vault TLS certificate, key and CA: stored in one region
 * only, encrypted with a customer-managed key, readable by the Vault nodes alone. No version is declared, so
 * no key material ever passes through Terraform state or the repository: the operator adds the versions.
 */
export class VaultTlsSecrets extends Construct {
  readonly ids: VaultTlsSecretIds;

  constructor(scope: Construct, id: string, props: VaultTlsSecretsProps) {
    super(scope, id);
    const names = { cert: "tls-cert", key: "tls-key", ca: "tls-ca" } as const;
    this.ids = {
      cert: `${props.namePrefix}-vault-${names.cert}`,
      key: `${props.namePrefix}-vault-${names.key}`,
      ca: `${props.namePrefix}-vault-${names.ca}`,
    };
    for (const part of ["cert", "key", "ca"] as const) {
      new CmekSecret(this, names[part], {
        secretId: this.ids[part],
        location: props.location,
        kmsKey: props.kmsKey,
        accessor: props.accessor,
        labels: { ...props.labels, purpose: "vault-tls" },
      });
    }
  }
}
