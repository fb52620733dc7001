import { STATE01Versioning } from "../../../policies/controls/state/STATE-01-versioning";
import { STO01UniformAccess } from "../../../policies/controls/sto/STO-01-uniform-access";
import { STO02PublicAccessPrevention } from "../../../policies/controls/sto/STO-02-public-access-prevention";
import { STO03NoPublicBuckets } from "../../../policies/controls/sto/STO-03-no-public-buckets";
import { STO04ObjectRecovery } from "../../../policies/controls/sto/STO-04-object-recovery";
import { STO05NoPublicDatasets } from "../../../policies/controls/sto/STO-05-no-public-datasets";
import { STO06UsageLogs } from "../../../policies/controls/sto/STO-06-usage-logs";
import { type Attrs, tf } from "../../support/control-fixtures";
import type { PeerCase } from "../support";

const BUCKET = "google_storage_bucket.b";
const bucket = (attributes: Attrs, others: Attrs = {}) =>
  tf({ google_storage_bucket: { b: { name: "b", location: "EUROPE-WEST2", ...attributes }, ...others } });
const member = (m: string) =>
  tf({
    google_storage_bucket_iam_member: { m: { bucket: "b", role: "roles/storage.objectViewer", member: m } },
  });
const dataset = (access: Attrs[]) =>
  tf({ google_bigquery_dataset: { d: { dataset_id: "d", location: "europe-west2", access } } });
const DATASET = "google_bigquery_dataset.d";
const LOG_TARGET = {
  logs: { name: "b-logs", location: "EUROPE-WEST2", retention_policy: { retention_period: 86400 } },
};

export const STO_CASES: readonly PeerCase[] = [
  ...[
    ["CKV_GCP_29", "a bucket passes only with uniform_bucket_level_access true"],
    ["AVD-GCP-0002", "a bucket fails when uniform_bucket_level_access is false (unset reads as false)"],
  ].map(([peer, tests]): PeerCase => ({
    peer,
    control: STO01UniformAccess,
    tests,
    passes: bucket({ uniform_bucket_level_access: true }),
    fails: bucket({ uniform_bucket_level_access: false }),
    address: BUCKET,
  })),
  {
    peer: "CKV_GCP_114",
    control: STO02PublicAccessPrevention,
    tests: "a bucket passes only with public_access_prevention enforced",
    passes: bucket({ public_access_prevention: "enforced" }),
    fails: bucket({ public_access_prevention: "inherited" }),
    address: BUCKET,
  },
  ...[
    ["CKV_GCP_28", "a bucket IAM member or binding fails when it names allUsers or allAuthenticatedUsers"],
    [
      "AVD-GCP-0001",
      "a bucket's IAM members and bindings fail when one names allUsers or allAuthenticatedUsers",
    ],
  ].map(([peer, tests]): PeerCase => ({
    peer,
    control: STO03NoPublicBuckets,
    tests,
    passes: member("group:readers@example.com"),
    fails: member("allUsers"),
    address: "google_storage_bucket_iam_member.m",
    differences: [
      {
        case: "a bucket ACL granting READER to allUsers",
        json: tf({ google_storage_bucket_acl: { a: { bucket: "b", role_entity: ["READER:allUsers"] } } }),
        peer: "pass",
        ours: "fail",
        address: "google_storage_bucket_acl.a",
      },
    ],
  })),
  ...[
    ["CKV_GCP_78", "a bucket passes only with versioning.enabled true"],
    ["AVD-GCP-0078", "a bucket fails unless versioning.enabled is true"],
  ].map(([peer, tests]): PeerCase => ({
    peer,
    control: STO04ObjectRecovery,
    tests,
    passes: bucket({ versioning: { enabled: true } }),
    fails: bucket({ versioning: { enabled: false } }),
    address: BUCKET,
    differences: [
      {
        case: "a retention policy instead of versioning (Cloud Storage refuses both together)",
        json: bucket({ retention_policy: { retention_period: 2592000 } }),
        peer: "fail",
        ours: "pass",
        address: BUCKET,
      },
    ],
  })),
  ...["CKV_GCP_78", "AVD-GCP-0078"].map((peer): PeerCase => ({
    peer,
    control: STATE01Versioning,
    tests: "a bucket passes only with versioning.enabled true (STATE-01 asks it of the state bucket)",
    passes: bucket({ labels: { purpose: "terraform-state" }, versioning: { enabled: true } }),
    fails: bucket({ labels: { purpose: "terraform-state" } }),
    address: BUCKET,
  })),
  {
    peer: "CKV_GCP_15",
    control: STO05NoPublicDatasets,
    tests:
      "a dataset fails when an access block has special_group allAuthenticatedUsers or allUsers, or names no " +
      "user_by_email, group_by_email, domain or view",
    passes: dataset([{ role: "READER", group_by_email: "analysts@example.com" }]),
    fails: dataset([{ role: "READER", special_group: "allAuthenticatedUsers" }]),
    address: DATASET,
    differences: [
      {
        case: "an access block naming a service account by iam_member",
        json: dataset([
          { role: "READER", iam_member: "serviceAccount:etl@acme-prod.iam.gserviceaccount.com" },
        ]),
        peer: "fail",
        ours: "pass",
        address: DATASET,
      },
    ],
  },
  {
    peer: "AVD-GCP-0046",
    control: STO05NoPublicDatasets,
    tests: "a dataset fails when an access grant's special_group is allAuthenticatedUsers",
    passes: dataset([{ role: "READER", group_by_email: "analysts@example.com" }]),
    fails: dataset([{ role: "READER", special_group: "allAuthenticatedUsers" }]),
    address: DATASET,
    differences: [
      {
        case: "an access block with iam_member allUsers (anyone on the internet)",
        json: dataset([{ role: "READER", iam_member: "allUsers" }]),
        peer: "pass",
        ours: "fail",
        address: DATASET,
      },
    ],
  },
  ...[
    ["CKV_GCP_62", "a bucket fails without logging.log_bucket"],
    ["AVD-GCP-0077", "a bucket fails without logging.log_bucket"],
  ].map(([peer, tests]): PeerCase => ({
    peer,
    control: STO06UsageLogs,
    tests,
    passes: bucket({ logging: { log_bucket: "central-access-logs" } }),
    fails: bucket({}),
    address: BUCKET,
    differences: [
      {
        case: "the bucket that receives another bucket's usage logs",
        json: bucket({ logging: { log_bucket: "${google_storage_bucket.logs.name}" } }, LOG_TARGET),
        peer: "fail",
        ours: "not-applicable",
        address: "google_storage_bucket.logs",
      },
    ],
  })),
  {
    peer: "CKV_GCP_63",
    control: STO06UsageLogs,
    tests: "a bucket fails when logging.log_bucket is its own name (no logging block: unknown)",
    passes: bucket({ logging: { log_bucket: "central-access-logs" } }),
    fails: bucket({ logging: { log_bucket: "b" } }),
    address: BUCKET,
  },
];
