/**
 * Where each resource type records the location of what it stores or runs. `kind` says how to read the value:
 * a region, a zone, a list of either, a Cloud Storage bucket location, or a generic location (region,
 * multi-region or global). `whenAbsent`: "provider" = the provider's default region applies (not in the
 * model), "google-chooses" = Google picks a multi-region (a residency failure), "skip" = nothing is stored.
 */
export interface LocatedAttribute {
  readonly path: string;
  readonly kind: "region" | "zone" | "zones" | "locations" | "bucket" | "location";
  readonly whenAbsent: "provider" | "google-chooses" | "skip";
  /** Judge only when this attribute is set and not false (snapshots only exist with a snapshot schedule). */
  readonly onlyIf?: string;
}

const region = (path = "region"): LocatedAttribute => ({ path, kind: "region", whenAbsent: "provider" });
const location = (path = "location"): LocatedAttribute => ({
  path,
  kind: "location",
  whenAbsent: "provider",
});
const zone: LocatedAttribute = { path: "zone", kind: "zone", whenAbsent: "provider" };

export const LOCATED: Readonly<Record<string, readonly LocatedAttribute[]>> = {
  google_storage_bucket: [{ path: "location", kind: "bucket", whenAbsent: "provider" }],
  google_kms_key_ring: [location()],
  google_logging_project_bucket_config: [location()],
  google_artifact_registry_repository: [location()],
  google_backup_dr_backup_vault: [location()],
  google_backup_dr_backup_plan: [location()],
  google_secret_manager_regional_secret: [location()],
  google_cloud_run_v2_service: [location()],
  google_cloud_run_v2_job: [location()],
  google_bigquery_dataset: [location()],
  google_sql_database_instance: [
    region(),
    {
      path: "settings.backup_configuration.location",
      kind: "location",
      whenAbsent: "google-chooses",
      onlyIf: "settings.backup_configuration.enabled",
    },
  ],
  google_secret_manager_secret: [
    { path: "replication.user_managed.replicas.*.location", kind: "locations", whenAbsent: "google-chooses" },
  ],
  google_compute_instance: [zone],
  google_compute_disk: [zone],
  google_compute_instance_group_manager: [zone],
  google_compute_region_disk: [region(), { path: "replica_zones", kind: "zones", whenAbsent: "skip" }],
  google_compute_region_instance_group_manager: [
    region(),
    { path: "distribution_policy_zones", kind: "zones", whenAbsent: "skip" },
  ],
  google_compute_resource_policy: [
    region(),
    {
      path: "snapshot_schedule_policy.snapshot_properties.storage_locations",
      kind: "locations",
      whenAbsent: "google-chooses",
      onlyIf: "snapshot_schedule_policy",
    },
  ],
  google_compute_snapshot: [{ path: "storage_locations", kind: "locations", whenAbsent: "google-chooses" }],
  google_compute_subnetwork: [region()],
  google_compute_router: [region()],
  google_compute_router_nat: [region()],
  google_compute_address: [region()],
  google_compute_forwarding_rule: [region()],
  google_compute_region_backend_service: [region()],
  google_compute_region_health_check: [region()],
  google_compute_region_instance_template: [region()],
  google_compute_region_network_endpoint_group: [region()],
  google_compute_packet_mirroring: [region()],
};
