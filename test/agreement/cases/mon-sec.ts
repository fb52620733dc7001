import { MON01AuditConfig } from "../../../policies/controls/mon/MON-01-audit-config";
import { SEC10SecretPayloads } from "../../../policies/controls/sec/SEC-10-secret-payloads";
import { type Attrs, tf } from "../../support/control-fixtures";
import type { PeerCase } from "../support";

const ALL_TYPES = [{ log_type: "ADMIN_READ" }, { log_type: "DATA_READ" }, { log_type: "DATA_WRITE" }];
/** A declared project with the given audit configs (service → audit_log_config). */
const audited = (configs: Record<string, Attrs[]>) =>
  tf({
    google_project: { p: { name: "p", project_id: "acme-prod", auto_create_network: false } },
    ...(Object.keys(configs).length > 0
      ? {
          google_project_iam_audit_config: Object.fromEntries(
            Object.entries(configs).map(([service, logConfigs], i) => [
              `c${i}`,
              { project: "${google_project.p.project_id}", service, audit_log_config: logConfigs },
            ]),
          ),
        }
      : {}),
  });
const KEY = "SGVsbG8gZnJvbSBHb29nbGUgQ2xvdWQgUGxhdGZvcm0=";
const disk = (encryption: Attrs) =>
  tf({ google_compute_disk: { d: { name: "d", zone: "europe-west2-a", disk_encryption_key: encryption } } });

export const MON_SEC_CASES: readonly PeerCase[] = [
  {
    peer: "CKV2_GCP_8",
    control: MON01AuditConfig,
    tests:
      "a google_project fails unless a connected google_project_iam_audit_config has service allServices and " +
      "no exempted_members (log types are not read)",
    passes: audited({ allServices: ALL_TYPES }),
    fails: audited({}),
    address: "project",
    differences: [
      {
        case: "an allServices audit config recording admin reads only",
        json: audited({ allServices: [{ log_type: "ADMIN_READ" }] }),
        peer: "pass",
        ours: "fail",
        address: "google_project_iam_audit_config.c0",
      },
    ],
  },
  {
    peer: "AVD-GCP-0079",
    control: MON01AuditConfig,
    tests:
      "a declared project fails without audit configs, with one whose service is not allServices, or with one " +
      "missing ADMIN_READ, DATA_READ or DATA_WRITE",
    passes: audited({ allServices: ALL_TYPES }),
    fails: audited({ allServices: [{ log_type: "ADMIN_READ" }, { log_type: "DATA_WRITE" }] }),
    address: "google_project_iam_audit_config.c0",
    differences: [
      {
        case: "a Cloud Storage audit config beside the allServices one",
        json: audited({ allServices: ALL_TYPES, "storage.googleapis.com": ALL_TYPES }),
        peer: "fail",
        ours: "pass",
        address: "google_project_iam_audit_config.c0",
      },
      {
        case: "allServices with every log type but an exempted member",
        json: audited({
          allServices: [
            { log_type: "ADMIN_READ" },
            { log_type: "DATA_READ", exempted_members: ["user:ops@example.com"] },
            { log_type: "DATA_WRITE" },
          ],
        }),
        peer: "pass",
        ours: "fail",
        address: "google_project_iam_audit_config.c0",
      },
    ],
  },
  {
    peer: "AVD-GCP-0037",
    control: SEC10SecretPayloads,
    tests: "a disk's raw_key, or an instance boot or attached disk's disk_encryption_key_raw, fails when set",
    passes: disk({ kms_key_self_link: "projects/p/locations/europe-west2/keyRings/r/cryptoKeys/k" }),
    fails: disk({ raw_key: KEY }),
    address: "google_compute_disk.d",
    differences: [
      {
        case: "an RSA-wrapped customer-supplied key (rsa_encrypted_key)",
        json: disk({ rsa_encrypted_key: KEY }),
        peer: "pass",
        ours: "fail",
        address: "google_compute_disk.d",
      },
      {
        case: "a snapshot encrypted with a raw customer-supplied key",
        json: tf({
          google_compute_snapshot: {
            s: { name: "s", source_disk: "d", snapshot_encryption_key: { raw_key: KEY } },
          },
        }),
        peer: "pass",
        ours: "fail",
        address: "google_compute_snapshot.s",
      },
    ],
  },
];
