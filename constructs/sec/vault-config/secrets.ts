import { Construct } from "constructs";
import { GcpSecretBackend } from "@cdktf/provider-vault/lib/gcp-secret-backend";
import { GcpSecretImpersonatedAccount } from "@cdktf/provider-vault/lib/gcp-secret-impersonated-account";
import { KvSecretBackendV2 } from "@cdktf/provider-vault/lib/kv-secret-backend-v2";
import { Mount } from "@cdktf/provider-vault/lib/mount";

export interface VaultKvProps {
  readonly path: string;
  /** Versions kept per secret; older ones are destroyed. */
  readonly maxVersions: number;
}

/** KV version 2 with a bounded history per secret. No secret is written by Terraform. */
export class VaultKv extends Construct {
  readonly mount: Mount;
  readonly config: KvSecretBackendV2;

  constructor(scope: Construct, id: string, props: VaultKvProps) {
    super(scope, id);
    this.mount = new Mount(this, "mount", {
      path: props.path,
      type: "kv",
      options: { version: "2" },
      description: "Workload secrets (KV v2), one prefix per workload",
    });
    this.config = new KvSecretBackendV2(this, "config", {
      mount: this.mount.path,
      maxVersions: props.maxVersions,
      casRequired: false,
    });
  }
}

export interface ImpersonatedAccount {
  /** Name in Vault (`gcp/impersonated-account/<name>`): the account id. */
  readonly name: string;
  readonly email: string;
}

export interface VaultGcpSecretsProps {
  readonly path: string;
  readonly accounts: readonly ImpersonatedAccount[];
  /** Lifetime of an issued access token (Google caps it at 3600). */
  readonly tokenTtlSeconds: number;
}

/**
 * The GCP secrets engine issuing short-lived OAuth access tokens for impersonated service accounts: Vault's
 * own service account (no key) calls generateAccessToken on them, so no service account key exists anywhere.
 */
export class VaultGcpSecrets extends Construct {
  readonly backend: GcpSecretBackend;
  readonly accounts: GcpSecretImpersonatedAccount[];

  constructor(scope: Construct, id: string, props: VaultGcpSecretsProps) {
    super(scope, id);
    this.backend = new GcpSecretBackend(this, "backend", {
      path: props.path,
      description: "Access tokens of impersonated service accounts (no keys)",
      defaultLeaseTtlSeconds: props.tokenTtlSeconds,
      maxLeaseTtlSeconds: props.tokenTtlSeconds,
    });
    this.accounts = props.accounts.map(
      (account) =>
        new GcpSecretImpersonatedAccount(this, `account-${account.name}`, {
          backend: this.backend.path,
          impersonatedAccount: account.name,
          serviceAccountEmail: account.email,
          tokenScopes: ["https://www.googleapis.com/auth/cloud-platform"],
          ttl: String(props.tokenTtlSeconds),
        }),
    );
  }
}
