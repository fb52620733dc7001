import { type Attrs, mutate, resourceIn, tf } from "../../support/control-fixtures";
import { modelFromDocuments } from "../../../policies/load/documents";
import { readPlanJson } from "../../../policies/load/plan";
import { scopeFromStacks } from "../../support/scope";

export const ENCRYPTER = "roles/cloudkms.cryptoKeyEncrypterDecrypter";

const key = (ring: string) => ({
  name: ring,
  key_ring: `\${google_kms_key_ring.${ring}.id}`,
  purpose: "ENCRYPT_DECRYPT",
  rotation_period: "7776000s",
  version_template: { algorithm: "GOOGLE_SYMMETRIC_ENCRYPTION", protection_level: "HSM" },
  lifecycle: { prevent_destroy: true },
});

/** The kms stack: key rings in europe-west2 and europe (multi-region), keys exported as cdktf cross-stack outputs. */
export const KMS_STACK: Attrs = {
  ...tf(
    {
      google_kms_key_ring: {
        london: { name: "london", location: "europe-west2" },
        europe: { name: "europe", location: "europe" },
      },
      google_kms_crypto_key: { london: key("london"), europe: key("europe") },
      google_kms_crypto_key_iam_member: {
        compute_agent: {
          crypto_key_id: "${google_kms_crypto_key.london.id}",
          role: ENCRYPTER,
          member: "serviceAccount:service-123456@compute-system.iam.gserviceaccount.com",
        },
        storage_agent: {
          crypto_key_id: "${google_kms_crypto_key.europe.id}",
          role: ENCRYPTER,
          member: "serviceAccount:${data.google_storage_project_service_account.gcs.email_address}",
        },
        vault: {
          crypto_key_id: "${google_kms_crypto_key.london.id}",
          role: ENCRYPTER,
          member: "${google_service_account.vault.member}",
        },
      },
      google_service_account: { vault: { account_id: "vault" } },
    },
    { google_storage_project_service_account: { gcs: {} } },
  ),
  output: {
    london_key: { value: "${google_kms_crypto_key.london.id}", sensitive: true },
    europe_key: { value: "${google_kms_crypto_key.europe.id}", sensitive: true },
  },
  terraform: { backend: { gcs: { bucket: "state", prefix: "test/kms" } } },
};

export const REMOTE = "data.terraform_remote_state.kms.outputs";

/** The data stack: every CMEK consumer, each naming a key of the kms stack through remote state. */
export const DATA_STACK: Attrs = {
  ...tf(
    {
      google_compute_disk: {
        data: {
          name: "data",
          zone: "europe-west2-a",
          disk_encryption_key: { kms_key_self_link: `\${${REMOTE}.london_key}` },
        },
      },
      google_compute_instance: {
        vm: {
          name: "vm",
          zone: "europe-west2-b",
          boot_disk: { kms_key_self_link: `\${${REMOTE}.london_key}` },
          attached_disk: [{ source: "${google_compute_disk.data.id}" }],
        },
      },
      google_compute_instance_template: {
        app: {
          disk: [
            { boot: true, disk_encryption_key: { kms_key_self_link: `\${${REMOTE}.london_key}` } },
            { boot: false, disk_encryption_key: { kms_key_self_link: `\${${REMOTE}.london_key}` } },
          ],
        },
      },
      google_compute_region_instance_group_manager: {
        app: {
          region: "europe-west2",
          version: [{ instance_template: "${google_compute_instance_template.app.id}" }],
        },
      },
      google_storage_bucket: {
        regional: {
          name: "regional",
          location: "EUROPE-WEST2",
          encryption: { default_kms_key_name: `\${${REMOTE}.london_key}` },
        },
        multi: {
          name: "multi",
          location: "EU",
          encryption: { default_kms_key_name: `\${${REMOTE}.europe_key}` },
        },
      },
      google_sql_database_instance: {
        db: { region: "europe-west2", encryption_key_name: `\${${REMOTE}.london_key}` },
      },
      google_logging_project_bucket_config: {
        logs: {
          bucket_id: "audit",
          location: "europe-west2",
          cmek_settings: { kms_key_name: `\${${REMOTE}.london_key}` },
        },
      },
    },
    { terraform_remote_state: { kms: { backend: "gcs", config: { bucket: "state", prefix: "test/kms" } } } },
  ),
  terraform: { backend: { gcs: { bucket: "state", prefix: "test/data" } } },
};

/** The scope of the kms and data stacks of environment "test" (the compliant ones by default). */
export const scope = (kms: Attrs = KMS_STACK, data: Attrs = DATA_STACK) =>
  scopeFromStacks({ "test-kms": kms, "test-data": data });

/** The (mutable) `google_kms_crypto_key` blocks of a kms stack. */
export const keys = (json: Attrs): Attrs => json.resource.google_kms_crypto_key;

const planned = (address: string, values: Attrs) => {
  const [type, name] = address.split(".");
  return { address, mode: "managed", type, name, values };
};

/**
 * A plan (terraform show -json) with a key whose key ring is known only after apply, a bucket whose key is known
 * only after apply but referenced in the configuration (`wired`), and one whose key nothing tells (`opaque`).
 */
const PLAN = {
  format_version: "1.2",
  planned_values: {
    root_module: {
      resources: [
        planned("google_kms_key_ring.r", { name: "r", location: "europe-west2" }),
        planned("google_kms_crypto_key.k", { name: "k", rotation_period: "7776000s" }),
        planned("google_storage_bucket.wired", {
          name: "wired",
          location: "EUROPE-WEST2",
          encryption: [{}],
        }),
        planned("google_storage_bucket.opaque", {
          name: "opaque",
          location: "EUROPE-WEST2",
          encryption: [{}],
        }),
      ],
    },
  },
  resource_changes: [
    { address: "google_kms_crypto_key.k", change: { after_unknown: { key_ring: true, id: true } } },
    ...["wired", "opaque"].map((name) => ({
      address: `google_storage_bucket.${name}`,
      change: { after_unknown: { encryption: [{ default_kms_key_name: true }] } },
    })),
  ],
  configuration: {
    root_module: {
      resources: [
        {
          address: "google_kms_crypto_key.k",
          expressions: { key_ring: { references: ["google_kms_key_ring.r.id"] } },
        },
        {
          address: "google_storage_bucket.wired",
          expressions: {
            encryption: [{ default_kms_key_name: { references: ["google_kms_crypto_key.k.id"] } }],
          },
        },
      ],
    },
  },
};

/** The scope of the plan above. */
export const planScope = () =>
  modelFromDocuments([readPlanJson(PLAN, { stack: "test-plan", file: "plan.json" })]).scope("test");

/** The data stack with a key taken from one resource of each CMEK control (ENC-05..08). */
export const DATA_STACK_WITHOUT_KEYS: Attrs = mutate(DATA_STACK, (j) => {
  delete resourceIn(j, "google_compute_instance_template", "app").disk[1].disk_encryption_key;
  delete resourceIn(j, "google_compute_instance", "vm").boot_disk.kms_key_self_link;
  delete resourceIn(j, "google_storage_bucket", "multi").encryption;
  delete resourceIn(j, "google_sql_database_instance", "db").encryption_key_name;
  delete resourceIn(j, "google_logging_project_bucket_config", "logs").cmek_settings;
});
