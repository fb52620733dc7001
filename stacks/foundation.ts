import type { Construct } from "constructs";
import type { ITerraformDependable } from "cdktf";
import { DataGoogleLoggingProjectCmekSettings } from "@cdktf/provider-google/lib/data-google-logging-project-cmek-settings";
import { DataGoogleStorageProjectServiceAccount } from "@cdktf/provider-google/lib/data-google-storage-project-service-account";
import type { KmsCryptoKeyIamMember } from "@cdktf/provider-google/lib/kms-crypto-key-iam-member";
import { ProjectService } from "@cdktf/provider-google/lib/project-service";
import type { Config, EnvironmentConfig } from "../config/schema";
import type { KeyPurpose } from "../config/sections/kms";
import { AuditLogConfig } from "../constructs/mon/audit-log-config";
import { KeyEncrypterGrant } from "../constructs/enc/key-encrypter-grant";
import { DefaultServiceAccountGrants } from "../constructs/iam/default-service-account-grants";
import { ProjectOrgPolicies } from "../constructs/iam/project-org-policies";
import { SERVICE_AGENTS, type ServiceAgent, expectServiceAgent } from "../constructs/enc/service-agents";
import { VmManager } from "../constructs/cmp/vm-manager";
import { BaselineStack } from "./baseline-stack";
import type { KeyLocation, KmsStack } from "./kms";

interface Api {
  readonly service: string;
  /** What the baseline uses it for (also listed in the README). */
  readonly usedFor: string;
  readonly needed?: (env: EnvironmentConfig) => boolean;
}

/** Every API the baseline's stacks call, enabled per environment project. */
export const BASELINE_APIS: readonly Api[] = [
  { service: "cloudresourcemanager.googleapis.com", usedFor: "project IAM and audit log configuration" },
  { service: "iam.googleapis.com", usedFor: "dedicated workload service accounts" },
  { service: "compute.googleapis.com", usedFor: "VPC, firewall, NAT, VMs, disks, load balancers" },
  { service: "cloudkms.googleapis.com", usedFor: "customer-managed encryption keys" },
  { service: "logging.googleapis.com", usedFor: "audit log bucket, sinks and log-based metrics" },
  { service: "monitoring.googleapis.com", usedFor: "alert policies and notification channels" },
  { service: "storage.googleapis.com", usedFor: "backup bucket" },
  { service: "servicenetworking.googleapis.com", usedFor: "private services access (Cloud SQL private IP)" },
  { service: "dns.googleapis.com", usedFor: "private googleapis.com zone (Private Google Access)" },
  { service: "iap.googleapis.com", usedFor: "SSH through Identity-Aware Proxy TCP forwarding" },
  { service: "osconfig.googleapis.com", usedFor: "OS patch deployments" },
  { service: "orgpolicy.googleapis.com", usedFor: "project organization policies" },
  { service: "backupdr.googleapis.com", usedFor: "backup vault with enforced retention" },
  {
    service: "secretmanager.googleapis.com",
    usedFor: "Vault's CA, the database break-glass password and the Wazuh enrolment password",
    needed: (env) => env.vault.enabled || env.database.enabled || env.monitoring.enabled,
  },
  {
    service: "sqladmin.googleapis.com",
    usedFor: "Cloud SQL PostgreSQL",
    needed: (env) => env.database.enabled,
  },
  {
    service: "run.googleapis.com",
    usedFor: "Cloud Run service behind the edge load balancer; the database export and restore-drill jobs",
    needed: (env) => (env.edge.enabled && env.edge.backend.type === "cloudRun") || env.database.enabled,
  },
  {
    service: "cloudscheduler.googleapis.com",
    usedFor: "schedules of the database export and restore drill",
    needed: (env) => env.database.enabled,
  },
];

interface KeyGrantSpec {
  readonly agent: ServiceAgent;
  readonly purpose: KeyPurpose;
  readonly where: KeyLocation;
  /** The API whose data the agent encrypts; no grant when the environment does not use it. */
  readonly api: string;
}

/** Which service agent may use which key: exactly the keys its service encrypts with, nothing project-wide. */
export const KEY_GRANTS: readonly KeyGrantSpec[] = [
  { agent: "compute", purpose: "disks", where: "primary", api: "compute.googleapis.com" },
  // Snapshots are stored in the backup region.
  { agent: "compute", purpose: "disks", where: "backup", api: "compute.googleapis.com" },
  { agent: "storage", purpose: "storage", where: "primary", api: "storage.googleapis.com" },
  { agent: "storage", purpose: "backups", where: "backup", api: "storage.googleapis.com" },
  { agent: "sql", purpose: "sql", where: "primary", api: "sqladmin.googleapis.com" },
  { agent: "logging", purpose: "logs", where: "primary", api: "logging.googleapis.com" },
  { agent: "secretManager", purpose: "storage", where: "primary", api: "secretmanager.googleapis.com" },
];

/**
 * Project-wide foundations of one environment: enabled APIs, organization policy guardrails, Data Access
 * audit logs for all services, VM Manager with a weekly patch deployment, and the service agents' grants on
 * the specific keys of the kms stack.
 */
export class FoundationStack extends BaselineStack {
  private readonly apis = new Map<string, ProjectService>();
  private readonly grants = new Map<string, KmsCryptoKeyIamMember>();

  constructor(scope: Construct, config: Config, env: EnvironmentConfig, kms: KmsStack) {
    super(scope, config, env, "foundation");
    for (const api of BASELINE_APIS.filter((a) => a.needed?.(env) ?? true)) {
      this.apis.set(
        api.service,
        new ProjectService(this, `api-${api.service.split(".")[0]}`, {
          service: api.service,
          disableOnDestroy: false,
        }),
      );
    }
    // Needs Organization Policy Administrator on the organization; `orgPolicies: false` is the explicit opt-out.
    if (env.orgPolicies !== false)
      new ProjectOrgPolicies(this, "org-policies", {
        projectNumber: env.projectNumber,
        allowedRegions: env.allowedRegions,
        after: [this.api("orgpolicy.googleapis.com")],
      });
    // The constraint above stops Editor for default accounts created from now on; this removes an existing one.
    new DefaultServiceAccountGrants(this, "default-service-accounts", {
      projectId: env.projectId,
      projectNumber: env.projectNumber,
      after: [this.api("compute.googleapis.com"), this.api("cloudresourcemanager.googleapis.com")],
    });
    new AuditLogConfig(this, "audit-logs", {
      projectId: env.projectId,
      after: [this.api("cloudresourcemanager.googleapis.com")],
    });
    new VmManager(this, "vm-manager", {
      after: [this.api("osconfig.googleapis.com"), this.api("compute.googleapis.com")],
    });
    const provisioned = this.provisionAgents(env);
    for (const spec of KEY_GRANTS.filter((g) => this.apis.has(g.api))) {
      const grant = new KeyEncrypterGrant(this, `grant-${spec.agent}-${spec.purpose}-${spec.where}`, {
        cryptoKeyId: kms.key(spec.purpose, spec.where).id,
        agent: spec.agent,
        projectNumber: env.projectNumber,
        after: [this.api(SERVICE_AGENTS[spec.agent].api), ...(provisioned[spec.agent] ?? [])],
      });
      this.grants.set(grantKey(spec.agent, spec.purpose, spec.where), grant.member);
    }
  }

  /**
   * The grant that lets `agent` use the `purpose` key in `where`. Within this stack, depend on it; from
   * another stack, stacks/app.ts declares `addDependency(foundation)` so cdktf deploys the grants first.
   */
  grant(agent: ServiceAgent, purpose: KeyPurpose, where: KeyLocation): KmsCryptoKeyIamMember {
    const grant = this.grants.get(grantKey(agent, purpose, where));
    if (!grant)
      throw new Error(`${this.node.id}: no grant of the ${purpose} key (${where}) to the ${agent} agent`);
    return grant;
  }

  /** The enablement of one API (e.g. `compute.googleapis.com`). */
  api(service: string): ProjectService {
    const api = this.apis.get(service);
    if (!api) throw new Error(`${this.node.id}: ${service} is not enabled in this environment`);
    return api;
  }

  /**
   * Agents Google creates on first use: reading these data sources creates them, and the postcondition
   * checks they have the address the grants name. The Cloud SQL and Secret Manager agents cannot be
   * created by the GA provider (google_project_service_identity is beta-only): see the README.
   */
  private provisionAgents(env: EnvironmentConfig): Partial<Record<ServiceAgent, ITerraformDependable[]>> {
    const storage = new DataGoogleStorageProjectServiceAccount(this, "storage-agent", {
      lifecycle: expectServiceAgent("email_address", "storage", env.projectNumber),
      dependsOn: [this.api("storage.googleapis.com")],
    });
    const logging = new DataGoogleLoggingProjectCmekSettings(this, "logging-agent", {
      project: env.projectId,
      lifecycle: expectServiceAgent("service_account_id", "logging", env.projectNumber),
      dependsOn: [this.api("logging.googleapis.com")],
    });
    return { storage: [storage], logging: [logging] };
  }
}

function grantKey(agent: ServiceAgent, purpose: KeyPurpose, where: KeyLocation): string {
  return `${agent}/${purpose}/${where}`;
}
