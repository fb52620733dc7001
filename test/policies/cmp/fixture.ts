import { type Attrs, resourceIn, scopeFor, tf } from "../../support/control-fixtures";

/** The metadata HardenedInstanceTemplate sets. */
export const HARDENED = {
  "enable-oslogin": "TRUE",
  "block-project-ssh-keys": "TRUE",
  "serial-port-enable": "FALSE",
  "enable-osconfig": "TRUE",
};
export const SHIELDED = { enable_secure_boot: true, enable_vtpm: true, enable_integrity_monitoring: true };

/** A compliant compute stack: one VM and one template used by a regional group, both hardened and patched. */
export const COMPUTE_STACK = tf({
  google_service_account: { app: { account_id: "app" } },
  google_compute_instance: {
    wazuh: {
      name: "wazuh",
      zone: "europe-west2-a",
      labels: { role: "wazuh" },
      metadata: { ...HARDENED },
      shielded_instance_config: { ...SHIELDED },
      service_account: { email: "${google_service_account.app.email}", scopes: ["cloud-platform"] },
    },
  },
  google_compute_instance_template: {
    app: {
      name_prefix: "app-",
      labels: { role: "app" },
      metadata: { ...HARDENED },
      shielded_instance_config: { ...SHIELDED },
      service_account: { email: "app@acme-prod.iam.gserviceaccount.com", scopes: ["cloud-platform"] },
    },
  },
  google_compute_region_instance_group_manager: {
    app: {
      base_instance_name: "app",
      region: "europe-west2",
      distribution_policy_zones: ["europe-west2-a", "europe-west2-b"],
      version: [{ instance_template: "${google_compute_instance_template.app.self_link}" }],
    },
  },
  google_os_config_patch_deployment: {
    weekly: {
      patch_deployment_id: "weekly",
      instance_filter: { all: true },
      recurring_schedule: {
        time_zone: { id: "UTC" },
        time_of_day: { hours: 3 },
        weekly: { day_of_week: "SUNDAY" },
      },
    },
  },
});

export const scope = scopeFor(COMPUTE_STACK);
export const vm = (json: Attrs) => resourceIn(json, "google_compute_instance", "wazuh");
export const template = (json: Attrs) => resourceIn(json, "google_compute_instance_template", "app");
export const VM = "google_compute_instance.wazuh";
export const TEMPLATE = "google_compute_instance_template.app";
export const BOTH_PASS = [`${VM}: pass`, `${TEMPLATE}: pass`];
/** A count that Terraform knows only at plan time: the resource may not be created. */
export const COUNTED = "${var.on ? 1 : 0}";
