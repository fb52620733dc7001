/**
 * The roles the identity that runs `cdktf deploy` needs, instead of Owner: for each, the Terraform types whose
 * create/read/update/delete it covers. Derived from the resource and data source types the stacks synthesize
 * (test/stacks/bootstrap.test.ts fails when a stack declares a type no role here covers) and the predefined
 * role each type's API documents for managing it. Predefined roles, not a custom role listing permissions:
 * Google keeps them in step with the permissions its APIs check, while a hand-written permission list can only
 * be proven complete by applying it (a missing one stops an apply half-way), which this repository never does.
 * None of them is Owner, Editor or an organisation-wide admin role, except Organization Policy Administrator,
 * which org policies require and `orgPolicies: false` makes unnecessary.
 */
export interface DeployerRole {
  readonly role: string;
  /** Where it is granted: each environment project (and the state project where marked), or the organization. */
  readonly on: "environment projects" | "environment and state projects" | "state project" | "organization";
  readonly covers: readonly string[];
}

export const DEPLOYER_ROLES: readonly DeployerRole[] = [
  {
    role: "roles/serviceusage.serviceUsageAdmin",
    on: "environment and state projects",
    covers: ["google_project_service"],
  },
  {
    role: "roles/resourcemanager.projectIamAdmin",
    on: "environment and state projects",
    covers: [
      "google_project_iam_member",
      "google_project_iam_member_remove",
      "google_project_iam_audit_config",
    ],
  },
  {
    role: "roles/cloudkms.admin",
    on: "environment and state projects",
    covers: ["google_kms_key_ring", "google_kms_crypto_key", "google_kms_crypto_key_iam_member"],
  },
  {
    role: "roles/storage.admin",
    on: "environment and state projects",
    covers: [
      "google_storage_bucket",
      "google_storage_bucket_iam_member",
      "data.google_storage_project_service_account",
      // Reading the other stacks' outputs from the state bucket.
      "data.terraform_remote_state",
    ],
  },
  {
    role: "roles/compute.networkAdmin",
    on: "environment projects",
    covers: [
      "google_compute_network",
      "google_compute_subnetwork",
      "google_compute_route",
      "google_compute_router",
      "google_compute_router_nat",
      "google_compute_address",
      "google_compute_global_address",
      "google_compute_forwarding_rule",
      "google_compute_global_forwarding_rule",
      "google_compute_backend_service",
      "google_compute_region_backend_service",
      "google_compute_health_check",
      "google_compute_region_health_check",
      "google_compute_url_map",
      "google_compute_target_http_proxy",
      "google_compute_target_https_proxy",
      "google_compute_region_network_endpoint_group",
      "google_compute_packet_mirroring",
      "google_compute_network_firewall_policy_association",
    ],
  },
  {
    role: "roles/compute.securityAdmin",
    on: "environment projects",
    covers: [
      "google_compute_firewall",
      "google_compute_security_policy",
      "google_compute_ssl_policy",
      "google_compute_managed_ssl_certificate",
      "google_compute_network_firewall_policy",
      "google_compute_network_firewall_policy_rule",
    ],
  },
  {
    role: "roles/compute.instanceAdmin.v1",
    on: "environment projects",
    covers: [
      "google_compute_instance",
      "google_compute_instance_template",
      "google_compute_region_instance_group_manager",
      "google_compute_disk",
      "google_compute_resource_policy",
      "google_compute_disk_resource_policy_attachment",
      "google_compute_project_metadata_item",
    ],
  },
  {
    role: "roles/iam.serviceAccountAdmin",
    on: "environment projects",
    covers: ["google_service_account", "google_service_account_iam_member"],
  },
  // Attaching the workload service accounts to VMs, Cloud Run jobs and Cloud Scheduler jobs (actAs).
  { role: "roles/iam.serviceAccountUser", on: "environment projects", covers: [] },
  { role: "roles/iam.roleAdmin", on: "environment projects", covers: ["google_project_iam_custom_role"] },
  {
    role: "roles/logging.admin",
    on: "environment projects",
    covers: [
      "google_logging_metric",
      "google_logging_project_bucket_config",
      "google_logging_project_exclusion",
      "google_logging_project_sink",
      "data.google_logging_project_cmek_settings",
    ],
  },
  {
    role: "roles/monitoring.alertPolicyEditor",
    on: "environment projects",
    covers: ["google_monitoring_alert_policy"],
  },
  {
    role: "roles/monitoring.notificationChannelEditor",
    on: "environment projects",
    covers: ["google_monitoring_notification_channel"],
  },
  {
    role: "roles/monitoring.uptimeCheckConfigEditor",
    on: "environment projects",
    covers: ["google_monitoring_uptime_check_config"],
  },
  {
    role: "roles/secretmanager.admin",
    on: "environment projects",
    covers: ["google_secret_manager_secret", "google_secret_manager_secret_iam_member"],
  },
  {
    role: "roles/cloudsql.admin",
    on: "environment projects",
    covers: ["google_sql_database_instance", "google_sql_database", "google_sql_user"],
  },
  {
    role: "roles/dns.admin",
    on: "environment projects",
    covers: ["google_dns_managed_zone", "google_dns_record_set", "google_dns_policy"],
  },
  {
    role: "roles/servicenetworking.networksAdmin",
    on: "environment projects",
    covers: ["google_service_networking_connection"],
  },
  {
    role: "roles/iap.admin",
    on: "environment projects",
    covers: ["google_iap_tunnel_iam_member", "google_iap_tunnel_instance_iam_member"],
  },
  {
    role: "roles/osconfig.patchDeploymentAdmin",
    on: "environment projects",
    covers: ["google_os_config_patch_deployment"],
  },
  { role: "roles/backupdr.admin", on: "environment projects", covers: ["google_backup_dr_backup_vault"] },
  {
    role: "roles/run.admin",
    on: "environment projects",
    covers: ["google_cloud_run_v2_job", "google_cloud_run_v2_job_iam_member"],
  },
  { role: "roles/cloudscheduler.admin", on: "environment projects", covers: ["google_cloud_scheduler_job"] },
  {
    role: "roles/storagetransfer.admin",
    on: "environment projects",
    covers: ["google_storage_transfer_job", "data.google_storage_transfer_project_service_account"],
  },
  // With monitoring.securityCommandCenter: SCC grants its own agent publisher on the topic when the
  // notification config is created, which takes setIamPolicy on the topic (admin, not editor).
  {
    role: "roles/pubsub.admin",
    on: "environment projects",
    covers: ["google_pubsub_topic", "google_pubsub_subscription"],
  },
  {
    role: "roles/securitycenter.notificationConfigEditor",
    on: "environment projects",
    covers: ["google_scc_v2_project_notification_config"],
  },
  { role: "roles/orgpolicy.policyAdmin", on: "organization", covers: ["google_org_policy_policy"] },
  // With network.serviceControls: granted on the organization's access policy (the narrowest place it exists).
  {
    role: "roles/accesscontextmanager.policyEditor",
    on: "organization",
    covers: ["google_access_context_manager_service_perimeter"],
  },
];

/** Types that call no Google Cloud API: Terraform's own, and the Vault provider's (a Vault token, not IAM). */
export const NO_GOOGLE_PERMISSION: readonly RegExp[] = [/^time_sleep$/, /^vault_/];
