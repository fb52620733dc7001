import { Construct } from "constructs";
import { AuthBackend } from "@cdktf/provider-vault/lib/auth-backend";
import { GcpAuthBackend } from "@cdktf/provider-vault/lib/gcp-auth-backend";
import { GcpAuthBackendRole } from "@cdktf/provider-vault/lib/gcp-auth-backend-role";
import { JwtAuthBackendRole } from "@cdktf/provider-vault/lib/jwt-auth-backend-role";

export interface TokenLifetimes {
  readonly ttlSeconds: number;
  readonly maxTtlSeconds: number;
}

export interface GcpLoginRole {
  /** Role name (`auth/gcp/role/<name>`). */
  readonly name: string;
  /** `iam` (a signed JWT of the account) or `gce` (the instance identity token of a VM running as it). */
  readonly type: "iam" | "gce";
  /** The one service account (email) that may log in. */
  readonly serviceAccount: string;
  readonly policies: readonly string[];
}

export interface VaultGcpAuthProps {
  readonly path: string;
  /** The project the accounts (and, for gce, the VMs) belong to. */
  readonly project: string;
  readonly roles: readonly GcpLoginRole[];
  readonly tokens: TokenLifetimes;
}

/**
 * The GCP auth method with no key: Vault verifies logins with the nodes' own service account (application
 * default credentials). Each role is bound to exactly one service account (and for gce, its project) and gets
 * short, non-periodic tokens that carry only the listed policies.
 */
export class VaultGcpAuth extends Construct {
  readonly backend: GcpAuthBackend;
  readonly roles: GcpAuthBackendRole[];

  constructor(scope: Construct, id: string, props: VaultGcpAuthProps) {
    super(scope, id);
    this.backend = new GcpAuthBackend(this, "backend", {
      path: props.path,
      description: "Workloads log in as their service account",
    });
    this.roles = props.roles.map(
      (role) =>
        new GcpAuthBackendRole(this, `role-${role.name}`, {
          backend: this.backend.path,
          role: role.name,
          type: role.type,
          boundServiceAccounts: [role.serviceAccount],
          ...(role.type === "gce" ? { boundProjects: [props.project] } : {}),
          ...(role.type === "iam" ? { maxJwtExp: "900", allowGceInference: false } : {}),
          tokenPolicies: [...role.policies],
          tokenNoDefaultPolicy: true,
          tokenTtl: props.tokens.ttlSeconds,
          tokenMaxTtl: props.tokens.maxTtlSeconds,
          tokenType: "service",
        }),
    );
  }
}

export interface VaultOidcAuthProps {
  readonly path: string;
  readonly clientId: string;
  readonly groupsClaim: string;
  readonly redirectUris: readonly string[];
  /** Group -> policies; a person outside every group cannot log in. */
  readonly groups: ReadonlyArray<{
    readonly role: string;
    readonly group: string;
    readonly policies: string[];
  }>;
  readonly tokens: TokenLifetimes;
}

/**
 * OIDC login for people. Terraform mounts the method and declares one role per allowed group (bound to the
 * client id as audience and to that group in the groups claim); the method's configuration (issuer,
 * client id and the client secret) is written by the runbook from Secret Manager, because Vault refuses an
 * OIDC configuration without its secret and the provider would keep the secret in state.
 */
export class VaultOidcAuth extends Construct {
  readonly backend: AuthBackend;
  readonly roles: JwtAuthBackendRole[];

  constructor(scope: Construct, id: string, props: VaultOidcAuthProps) {
    super(scope, id);
    this.backend = new AuthBackend(this, "backend", {
      type: "oidc",
      path: props.path,
      description: "People log in through the identity provider (MFA enforced there)",
    });
    this.roles = props.groups.map(
      ({ role, group, policies }) =>
        new JwtAuthBackendRole(this, `role-${role}`, {
          backend: this.backend.path,
          roleName: role,
          roleType: "oidc",
          userClaim: "email",
          groupsClaim: props.groupsClaim,
          boundAudiences: [props.clientId],
          boundClaims: { [props.groupsClaim]: group },
          allowedRedirectUris: [...props.redirectUris],
          oidcScopes: ["openid", "email", "profile"],
          tokenPolicies: policies,
          tokenNoDefaultPolicy: true,
          tokenTtl: props.tokens.ttlSeconds,
          tokenMaxTtl: props.tokens.maxTtlSeconds,
          tokenType: "service",
        }),
    );
  }
}
