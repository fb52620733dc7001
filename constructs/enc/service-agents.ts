/**
 * Google-managed service agents that encrypt data with customer-managed keys on a project's behalf. Their
 * addresses are derived from the project number, so grants to them are known (and provable) at synth time.
 */
export const SERVICE_AGENTS = {
  /** Encrypts persistent disks, images and snapshots. Created when the Compute Engine API is enabled. */
  compute: { domain: "compute-system.iam.gserviceaccount.com", api: "compute.googleapis.com" },
  /** Encrypts Cloud Storage objects. Created on first use; `google_storage_project_service_account` creates it. */
  storage: { domain: "gs-project-accounts.iam.gserviceaccount.com", api: "storage.googleapis.com" },
  /** Encrypts Cloud SQL instances. Not created by the GA provider: see README "Deploying for real". */
  sql: { domain: "gcp-sa-cloud-sql.iam.gserviceaccount.com", api: "sqladmin.googleapis.com" },
  /** Encrypts log buckets. `google_logging_project_cmek_settings` provisions it and returns its address. */
  logging: { domain: "gcp-sa-logging.iam.gserviceaccount.com", api: "logging.googleapis.com" },
  /** Encrypts secret payloads. Not created by the GA provider: see README "Deploying for real". */
  secretManager: {
    domain: "gcp-sa-secretmanager.iam.gserviceaccount.com",
    api: "secretmanager.googleapis.com",
  },
} as const;

export type ServiceAgent = keyof typeof SERVICE_AGENTS;

/** `service-<number>@<agent domain>`: the address Google gives a project's service agent. */
export function serviceAgentEmail(agent: ServiceAgent, projectNumber: string): string {
  return `service-${projectNumber}@${SERVICE_AGENTS[agent].domain}`;
}

/**
 * Lifecycle for a data source that provisions a service agent: the plan stops if the address Google returns
 * (in `attribute`) is not the derived one that grants name.
 */
export function expectServiceAgent(
  attribute: string,
  agent: ServiceAgent,
  projectNumber: string,
): { postcondition: { condition: string; errorMessage: string }[] } {
  const email = serviceAgentEmail(agent, projectNumber);
  return {
    postcondition: [
      {
        condition: `\${self.${attribute} == "${email}"}`,
        errorMessage: `The ${agent} service agent is not ${email}; grant the address Google reports instead.`,
      },
    ],
  };
}
