import type { Construct } from "constructs";
import { Fn, type TerraformResource, TerraformVariable, dependable } from "cdktf";
import { VaultProvider } from "@cdktf/provider-vault/lib/provider";
import { Policy } from "@cdktf/provider-vault/lib/policy";
import { ProjectIamCustomRole } from "@cdktf/provider-google/lib/project-iam-custom-role";
import { ProjectIamMember } from "@cdktf/provider-google/lib/project-iam-member";
import { ServiceAccountIamMember } from "@cdktf/provider-google/lib/service-account-iam-member";
import type { Config, EnvironmentConfig } from "../config/schema";
import { WorkloadServiceAccount } from "../constructs/iam/workload-service-account";
import { SIGN_JWT_PERMISSIONS } from "../constructs/bak/vault-snapshot-job";
import type { VaultConfigSection } from "../config/sections/vault-config";
import { VAULT_PATHS } from "../constructs/sec/vault/layout";
import { VaultAuditDevices } from "../constructs/sec/vault-config/audit";
import { type GcpLoginRole, VaultGcpAuth, VaultOidcAuth } from "../constructs/sec/vault-config/auth";
import { VaultDatabaseEngine } from "../constructs/sec/vault-config/database";
import {
  ADMIN_POLICY,
  READER_POLICY,
  VAULT_MOUNTS,
  renderAdminPolicy,
  renderReaderPolicy,
  renderSnapshotPolicy,
  renderWorkloadPolicy,
} from "../constructs/sec/vault-config/acl";
import { VaultGcpSecrets, VaultKv } from "../constructs/sec/vault-config/secrets";
import { VAULT_PORTS, VAULT_SNAPSHOT_ACCESS, vaultServiceName } from "../shared/vault";
import { envPrefix } from "../shared/stack-naming";
import { BaselineStack } from "./baseline-stack";
import type { DataStack } from "./data";
import type { VaultStack } from "./vault";

export interface VaultConfigStackDependencies {
  readonly vault: VaultStack;
  /** The environment's Cloud SQL instance, when `database.enabled`. */
  readonly data?: DataStack;
}

/** Lifetime of an access token the GCP secrets engine issues. */
const GCP_TOKEN_TTL_SECONDS = 900;

/**
 * `<env>-vault-config`: what lives inside the environment's Vault, applied after `vault operator init` and
 * `vault-post-init` from a runner that reaches the internal load balancer (README, Vault configuration): two
 * audit devices, GCP login for each workload's service account (and OIDC for people), KV v2, dynamic
 * PostgreSQL credentials for the Cloud SQL instance, access tokens of impersonated service accounts, and a
 * least-privilege policy for each. No secret value is written: the database's first password is an ephemeral
 * write-only value that Vault rotates away, and the GCP engines use the nodes' own service account.
 */
export class VaultConfigStack extends BaselineStack {
  constructor(
    scope: Construct,
    config: Config,
    env: EnvironmentConfig,
    settings: VaultConfigSection,
    deps: VaultConfigStackDependencies,
  ) {
    super(scope, config, env, "vault-config");
    const prefix = envPrefix(env);
    const project = env.projectId;
    const created = new Map(
      settings.createServiceAccounts.map((id) => [
        id,
        new WorkloadServiceAccount(this, `account-${id}`, {
          project,
          accountId: id,
          description: "Vault workload identity declared in vault.config (no keys, no project roles)",
        }),
      ]),
    );
    // Emails stay literal (the SEC controls prove each binding from them); depends_on orders Vault after the
    // accounts this stack creates.
    const email = (id: string) => `${id}@${project}.iam.gserviceaccount.com`;
    const createdAccounts = [...created.values()].map((account) => account.account);
    const tokens = {
      ttlSeconds: settings.tokenTtlMinutes * 60,
      maxTtlSeconds: settings.tokenMaxTtlMinutes * 60,
    };
    const nodes = deps.vault.cluster.identity.serviceAccount;

    // The runner reaches the internal load balancer from inside the VPC (or sets vault_address to the local
    // end of an IAP tunnel); the node certificates name the service, and the CA is the deployment's own.
    const address = new TerraformVariable(this, "vault_address", {
      type: "string",
      default: "",
      description: "Vault API URL when not the internal load balancer (e.g. https://127.0.0.1:8200 over IAP)",
    });
    const caFile = new TerraformVariable(this, "vault_ca_cert_file", {
      type: "string",
      description: "PEM file of the deployment's Vault CA certificate (README, Vault configuration)",
    });
    new VaultProvider(this, "vault", {
      address: Fn.coalesce([
        address.stringValue,
        `https://${deps.vault.cluster.loadBalancer.address.address}:${VAULT_PORTS.api}`,
      ]),
      caCertFile: caFile.stringValue,
      tlsServerName: vaultServiceName(prefix),
      skipTlsVerify: false,
      // The token comes from VAULT_TOKEN at apply time; the provider works with a 20-minute child of it.
      maxLeaseTtlSeconds: 1200,
    });

    new VaultAuditDevices(this, "audit", {
      shippedFile: VAULT_PATHS.auditLog,
      fallbackFile: VAULT_PATHS.auditFallbackLog,
    });

    new VaultKv(this, "kv", { path: VAULT_MOUNTS.kv, maxVersions: settings.kvMaxVersions });

    const database = deps.data && env.database.enabled ? deps.data : undefined;
    const dbWorkloads = database ? settings.workloads.filter((w) => w.databaseGrant) : [];
    if (database && dbWorkloads.length > 0) {
      const password = new TerraformVariable(this, "vault_db_bootstrap_password", {
        type: "string",
        sensitive: true,
        nullable: false,
        description:
          "First password of the database user Vault connects as: ephemeral, written only (password_wo), " +
          "rotated away by `vault write -f database/rotate-root/<connection>` right after apply",
      });
      password.addOverride("ephemeral", true);
      new VaultDatabaseEngine(this, "database", {
        mountPath: VAULT_MOUNTS.database,
        connectionName: `${prefix}-pg`,
        host: database.postgres.instance.privateIpAddress,
        // The instance's current server CA (per-instance CA: the data stack leaves server_ca_mode at its
        // default). After `gcloud sql ssl server-ca-certs rotate`, apply this stack again (README).
        serverCa: database.postgres.instance.serverCaCert.get(0).cert,
        database: env.database.databaseName,
        username: settings.database.username,
        bootstrapPassword: password.stringValue,
        roles: dbWorkloads.map((w) => ({ name: w.name, groupRole: w.databaseGrant! })),
        defaultTtlSeconds: settings.database.credentialTtlMinutes * 60,
        maxTtlSeconds: settings.database.credentialMaxTtlMinutes * 60,
      });
    }

    const impersonated = [...new Set(settings.workloads.flatMap((w) => w.impersonate ?? []))];
    if (impersonated.length > 0) {
      const secrets = new VaultGcpSecrets(this, "gcp-secrets", {
        path: VAULT_MOUNTS.gcpSecrets,
        accounts: impersonated.map((id) => ({ name: id, email: email(id) })),
        tokenTtlSeconds: GCP_TOKEN_TTL_SECONDS,
      });
      // Vault's account may mint tokens for these accounts only (never project-wide).
      const tokenCreators = impersonated.map(
        (id) =>
          new ServiceAccountIamMember(this, `token-creator-${id}`, {
            serviceAccountId: `projects/${project}/serviceAccounts/${email(id)}`,
            role: "roles/iam.serviceAccountTokenCreator",
            member: nodes.member,
            dependsOn: createdAccounts,
          }),
      );
      // Vault checks an impersonated account with Google when it is registered: the grant must exist first.
      for (const account of secrets.accounts) dependOn(account, ...tokenCreators);
    }

    const policies = [
      new Policy(this, "policy-admin", { name: ADMIN_POLICY, policy: renderAdminPolicy() }),
      new Policy(this, "policy-reader", { name: READER_POLICY, policy: renderReaderPolicy() }),
      new Policy(this, "policy-snapshot", {
        name: VAULT_SNAPSHOT_ACCESS.policy,
        policy: renderSnapshotPolicy(),
      }),
    ];
    const roles: GcpLoginRole[] = [
      {
        name: VAULT_SNAPSHOT_ACCESS.authRole,
        type: "iam",
        serviceAccount: email(VAULT_SNAPSHOT_ACCESS.serviceAccountId),
        policies: [VAULT_SNAPSHOT_ACCESS.policy],
      },
    ];
    // An iam login is a JWT the workload's account signs as itself (`vault login -method=gcp`): each account
    // may sign for itself only, through a custom role holding signJwt alone (roles/iam.serviceAccountTokenCreator
    // would also mint access tokens). The raft snapshot job's account gets the same from the backup stack.
    const signJwt = new ProjectIamCustomRole(this, "login-sign-jwt-role", {
      project,
      roleId: `${prefix.replace(/-/g, "_")}_vault_login_sign_jwt`,
      title: "Sign a JWT as itself (Vault GCP login)",
      description: "Lets a Vault workload account sign its own Vault GCP (iam) login JWT; nothing else",
      permissions: [...SIGN_JWT_PERMISSIONS],
    });
    for (const id of new Set(settings.workloads.map((w) => w.serviceAccount))) {
      const account = email(id);
      new ServiceAccountIamMember(this, `login-sign-jwt-${id}`, {
        serviceAccountId: `projects/${project}/serviceAccounts/${account}`,
        role: signJwt.name,
        member: `serviceAccount:${account}`,
        dependsOn: createdAccounts,
      });
    }
    for (const workload of settings.workloads) {
      const policy = new Policy(this, `policy-${workload.name}`, {
        name: workload.name,
        policy: renderWorkloadPolicy({
          name: workload.name,
          databaseRole: database && workload.databaseGrant ? workload.name : undefined,
          impersonatedAccounts: workload.impersonate,
        }),
      });
      policies.push(policy);
      const login = { serviceAccount: email(workload.serviceAccount), policies: [workload.name] };
      roles.push({ name: workload.name, type: "iam", ...login });
      if (workload.gce) roles.push({ name: `${workload.name}-gce`, type: "gce", ...login });
    }
    const gcpAuth = new VaultGcpAuth(this, "gcp-auth", {
      path: VAULT_MOUNTS.gcpAuth,
      project,
      roles,
      tokens,
    });
    for (const role of gcpAuth.roles) dependOn(role, ...policies, ...createdAccounts);

    // What Vault's account needs to verify logins: the account and its public keys (iam), the instance and
    // its groups (gce). A custom role: roles/iam.serviceAccountKeyAdmin or compute.viewer would give more.
    const verifier = new ProjectIamCustomRole(this, "gcp-auth-role", {
      project,
      roleId: `${prefix.replace(/-/g, "_")}_vault_gcp_auth`,
      title: "Vault GCP auth verifier",
      description: "Reads service accounts, their public keys and instances to verify Vault GCP logins",
      permissions: [
        "iam.serviceAccounts.get",
        "iam.serviceAccountKeys.get",
        "compute.instances.get",
        "compute.instanceGroups.list",
      ],
    });
    new ProjectIamMember(this, "gcp-auth-verifier", { project, role: verifier.name, member: nodes.member });

    if (settings.oidc) {
      const oidc = settings.oidc;
      new VaultOidcAuth(this, "oidc", {
        path: VAULT_MOUNTS.oidcAuth,
        clientId: oidc.clientId,
        groupsClaim: oidc.groupsClaim,
        redirectUris: oidc.redirectUris,
        groups: oidc.allowedGroups.map((group, index) => ({
          role: `people-${index + 1}`,
          group,
          policies: [oidc.adminGroups.includes(group) ? ADMIN_POLICY : READER_POLICY],
        })),
        tokens,
      });
    }
  }
}

/** Adds Terraform `depends_on` entries (a construct-level `node.addDependency` is not rendered by cdktf). */
function dependOn(resource: TerraformResource, ...others: TerraformResource[]): void {
  resource.dependsOn = [...(resource.dependsOn ?? []), ...others.map((other) => dependable(other))];
}
