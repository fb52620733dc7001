import { BAK05BackupKeys } from "../../../policies/controls/bak/BAK-05-backup-keys";
import { ENC02KeyRotation } from "../../../policies/controls/enc/ENC-02-key-rotation";
import { ENC03KeyPreventDestroy } from "../../../policies/controls/enc/ENC-03-key-prevent-destroy";
import { ENC04NoPublicKeys } from "../../../policies/controls/enc/ENC-04-no-public-keys";
import { ENC05CmekDisks } from "../../../policies/controls/enc/ENC-05-cmek-disks";
import { ENC06CmekBuckets } from "../../../policies/controls/enc/ENC-06-cmek-buckets";
import { type Attrs, tf } from "../../support/control-fixtures";
import type { PeerCase } from "../support";

const RING = { google_kms_key_ring: { r: { name: "r", location: "europe-west2" } } };
const KEY_ID = "${google_kms_crypto_key.k.id}";
const EXTERNAL_KEY = "projects/other/locations/europe-west2/keyRings/r/cryptoKeys/k";
/** A key ring and one key in it, with the given attributes, beside other resources. */
const keyed = (key: Attrs, extra: Attrs = {}) =>
  tf({
    ...RING,
    google_kms_crypto_key: { k: { name: "k", key_ring: "${google_kms_key_ring.r.id}", ...key } },
    ...extra,
  });
const ROTATED = { rotation_period: "7776000s", lifecycle: { prevent_destroy: true } };
const KEY = "google_kms_crypto_key.k";

const disk = (encryption?: Attrs) =>
  keyed(ROTATED, {
    google_compute_disk: {
      d: { name: "d", zone: "europe-west2-a", ...(encryption ? { disk_encryption_key: encryption } : {}) },
    },
  });
const instance = (bootDisk: Attrs) =>
  keyed(ROTATED, {
    google_compute_instance: { vm: { name: "vm", zone: "europe-west2-a", boot_disk: bootDisk } },
  });
const bucket = (extra: Attrs) =>
  keyed(ROTATED, { google_storage_bucket: { b: { name: "b", location: "EUROPE-WEST2", ...extra } } });
const keyMember = (member: string) =>
  keyed(ROTATED, {
    google_kms_crypto_key_iam_member: {
      m: { crypto_key_id: KEY_ID, role: "roles/cloudkms.cryptoKeyEncrypterDecrypter", member },
    },
  });

export const ENC_CASES: readonly PeerCase[] = [
  {
    peer: "CKV_GCP_43",
    control: ENC02KeyRotation,
    tests: "a crypto key passes with a rotation_period from 1 to 90 days; asymmetric keys are unknown",
    passes: keyed({ rotation_period: "7776000s" }),
    fails: keyed({}),
    address: KEY,
  },
  {
    peer: "AVD-GCP-0065",
    control: ENC02KeyRotation,
    tests:
      "a key (in a declared key ring) fails when its rotation period exceeds 90 days; no period reads as -1",
    passes: keyed({ rotation_period: "2592000s" }),
    fails: keyed({ rotation_period: "31536000s" }),
    address: KEY,
    differences: [
      {
        case: "a key without rotation_period (it never rotates)",
        json: keyed({}),
        peer: "pass",
        ours: "fail",
        address: KEY,
      },
    ],
  },
  {
    peer: "CKV_GCP_82",
    control: ENC03KeyPreventDestroy,
    tests: "a crypto key passes only with lifecycle.prevent_destroy true",
    passes: keyed({ lifecycle: { prevent_destroy: true } }),
    fails: keyed({}),
    address: KEY,
  },
  {
    peer: "CKV_GCP_112",
    control: ENC04NoPublicKeys,
    tests: "a crypto key IAM member, binding or policy fails when it names allUsers or allAuthenticatedUsers",
    passes: keyMember("group:kms-users@example.com"),
    fails: keyMember("allAuthenticatedUsers"),
    address: "google_kms_crypto_key_iam_member.m",
    differences: [
      {
        case: "allUsers granted on the key ring (every key in it)",
        json: keyed(ROTATED, {
          google_kms_key_ring_iam_member: {
            m: {
              key_ring_id: "${google_kms_key_ring.r.id}",
              role: "roles/cloudkms.viewer",
              member: "allUsers",
            },
          },
        }),
        peer: "pass",
        ours: "fail",
        address: "google_kms_key_ring_iam_member.m",
      },
    ],
  },
  {
    peer: "CKV_GCP_37",
    control: ENC05CmekDisks,
    tests: "a google_compute_disk passes with any disk_encryption_key block (a raw or RSA-wrapped key too)",
    passes: disk({ kms_key_self_link: KEY_ID }),
    fails: disk(),
    address: "google_compute_disk.d",
    differences: [
      {
        case: "a customer-supplied raw key in disk_encryption_key.raw_key",
        json: disk({ raw_key: "SGVsbG8gZnJvbSBHb29nbGUgQ2xvdWQgUGxhdGZvcm0=" }),
        peer: "pass",
        ours: "fail",
        address: "google_compute_disk.d",
      },
    ],
  },
  {
    peer: "CKV_GCP_38",
    control: ENC05CmekDisks,
    tests: "an instance passes when boot_disk sets disk_encryption_key_raw or kms_key_self_link",
    passes: instance({ kms_key_self_link: KEY_ID }),
    fails: instance({ initialize_params: { image: "debian-cloud/debian-12" } }),
    address: "google_compute_instance.vm",
    differences: [
      {
        case: "a boot disk with a customer-supplied raw key (disk_encryption_key_raw)",
        json: instance({ disk_encryption_key_raw: "SGVsbG8gZnJvbSBHb29nbGUgQ2xvdWQgUGxhdGZvcm0=" }),
        peer: "pass",
        ours: "fail",
        address: "google_compute_instance.vm",
      },
    ],
  },
  {
    peer: "AVD-GCP-0033",
    control: ENC05CmekDisks,
    tests: "an instance fails when a boot or attached disk has no kms_key_self_link",
    passes: instance({ kms_key_self_link: KEY_ID }),
    fails: instance({}),
    address: "google_compute_instance.vm",
    differences: [
      {
        case: "an instance template whose disk has no customer-managed key (trivy reads no templates)",
        json: keyed(ROTATED, {
          google_compute_instance_template: { t: { disk: [{ boot: true, source_image: "i" }] } },
        }),
        peer: "pass",
        ours: "fail",
        address: "google_compute_instance_template.t",
      },
    ],
  },
  {
    peer: "AVD-GCP-0034",
    control: ENC05CmekDisks,
    tests: "a google_compute_disk fails without disk_encryption_key.kms_key_self_link",
    passes: disk({ kms_key_self_link: KEY_ID }),
    fails: disk({}),
    address: "google_compute_disk.d",
    differences: [
      {
        case: "a disk naming a key the configuration does not declare (its rotation and location cannot be proven)",
        json: disk({ kms_key_self_link: EXTERNAL_KEY }),
        peer: "pass",
        ours: "fail",
        address: "google_compute_disk.d",
      },
    ],
  },
  ...["CKV_GCP_5", "AVD-GCP-0066"].map((peer): PeerCase => ({
    peer,
    control: ENC06CmekBuckets,
    tests: "a bucket passes with any encryption.default_kms_key_name",
    passes: bucket({ encryption: { default_kms_key_name: KEY_ID } }),
    fails: bucket({}),
    address: "google_storage_bucket.b",
    differences: [
      {
        case: "a bucket naming a key the configuration does not declare",
        json: bucket({ encryption: { default_kms_key_name: EXTERNAL_KEY } }),
        peer: "pass",
        ours: "fail",
        address: "google_storage_bucket.b",
      },
    ],
  })),
  {
    peer: "AVD-GCP-0066",
    control: BAK05BackupKeys,
    tests: "a bucket fails without encryption.default_kms_key_name (BAK-05 asks it of backup buckets)",
    passes: bucket({ labels: { purpose: "backups" }, encryption: { default_kms_key_name: KEY_ID } }),
    fails: bucket({ labels: { purpose: "backups" } }),
    address: "google_storage_bucket.b",
  },
];
