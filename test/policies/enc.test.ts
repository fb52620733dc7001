import { ENC_CONTROLS } from "../../policies/controls/enc";
import { ENC06CmekBuckets } from "../../policies/controls/enc/ENC-06-cmek-buckets";
import { ENC05CmekDisks } from "../../policies/controls/enc/ENC-05-cmek-disks";
import { ENC08CmekLogBuckets } from "../../policies/controls/enc/ENC-08-cmek-log-buckets";
import { ENC07CmekSql } from "../../policies/controls/enc/ENC-07-cmek-sql";
import { ENC10CryptoRolesOnKeysOnly } from "../../policies/controls/enc/ENC-10-crypto-roles-on-keys-only";
import { ENC11CryptoRolesToServiceAccounts } from "../../policies/controls/enc/ENC-11-crypto-roles-to-service-accounts";
import { ENC09KeyLocation } from "../../policies/controls/enc/ENC-09-key-location";
import { ENC03KeyPreventDestroy } from "../../policies/controls/enc/ENC-03-key-prevent-destroy";
import { ENC02KeyRotation } from "../../policies/controls/enc/ENC-02-key-rotation";
import { ENC04NoPublicKeys } from "../../policies/controls/enc/ENC-04-no-public-keys";
import { ENC01SymmetricKeys } from "../../policies/controls/enc/ENC-01-symmetric-keys";
import { Unknown } from "../../policies/model/types";
import {
  type Attrs,
  expectWellFormed,
  mutate,
  resourceIn,
  resultFor,
  run,
  tf,
  verdictWithUnknown,
} from "../support/control-fixtures";
import { modelFromDocuments } from "../../policies/load/documents";
import { readPlanJson } from "../../policies/load/plan";
import { scopeFromStacks } from "../support/scope";

const ENCRYPTER = "roles/cloudkms.cryptoKeyEncrypterDecrypter";
const key = (ring: string) => ({
  name: ring,
  key_ring: `\${google_kms_key_ring.${ring}.id}`,
  purpose: "ENCRYPT_DECRYPT",
  rotation_period: "7776000s",
  version_template: { algorithm: "GOOGLE_SYMMETRIC_ENCRYPTION", protection_level: "HSM" },
  lifecycle: { prevent_destroy: true },
});

/** The kms stack: key rings in europe-west2 and europe (multi-region), keys exported as cdktf cross-stack outputs. */
const KMS_STACK: Attrs = {
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

const REMOTE = "data.terraform_remote_state.kms.outputs";
/** The data stack: every CMEK consumer, each naming a key of the kms stack through remote state. */
const DATA_STACK: Attrs = {
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

const scope = (kms: Attrs = KMS_STACK, data: Attrs = DATA_STACK) =>
  scopeFromStacks({ "test-kms": kms, "test-data": data });
const keys = (json: Attrs): Attrs => json.resource.google_kms_crypto_key;

describe("ENC controls", () => {
  it("are well formed, numbered ENC-01.. in order", () => expectWellFormed(ENC_CONTROLS, "ENC"));

  describe("ENC-01 symmetric keys", () => {
    it("passes GOOGLE_SYMMETRIC_ENCRYPTION and the provider default (no version_template)", () => {
      const json = mutate(KMS_STACK, (j) => delete keys(j).europe.version_template);
      expect(run(ENC01SymmetricKeys, scope(json))).toEqual([
        "google_kms_crypto_key.london: pass",
        "google_kms_crypto_key.europe: pass",
      ]);
    });
    it("fails asymmetric decryption and raw AES keys; signing keys are not applicable", () => {
      const json = mutate(KMS_STACK, (j) => {
        keys(j).london.purpose = "ASYMMETRIC_DECRYPT";
        keys(j).europe.purpose = "ASYMMETRIC_SIGN";
      });
      expect(run(ENC01SymmetricKeys, scope(json))).toEqual([
        "google_kms_crypto_key.london: fail",
        "google_kms_crypto_key.europe: not-applicable",
      ]);
      const raw = mutate(KMS_STACK, (j) => (keys(j).london.version_template.algorithm = "AES_256_CBC"));
      expect(run(ENC01SymmetricKeys, scope(raw))).toContain("google_kms_crypto_key.london: fail");
    });
  });

  describe("ENC-02 rotation", () => {
    it("passes 90 days or less", () => {
      const json = mutate(KMS_STACK, (j) => (keys(j).europe.rotation_period = "2592000s"));
      expect(run(ENC02KeyRotation, scope(json))).toEqual([
        "google_kms_crypto_key.london: pass",
        "google_kms_crypto_key.europe: pass",
      ]);
    });
    it("fails a missing or longer rotation period", () => {
      const json = mutate(KMS_STACK, (j) => {
        delete keys(j).london.rotation_period;
        keys(j).europe.rotation_period = "7776001s";
      });
      expect(run(ENC02KeyRotation, scope(json))).toEqual([
        "google_kms_crypto_key.london: fail",
        "google_kms_crypto_key.europe: fail",
      ]);
      expect(resultFor(ENC02KeyRotation, scope(json), "google_kms_crypto_key.london").message).toContain(
        "never rotates",
      );
    });
    it("is unknown when the period is known only after apply", () => {
      const address = "google_kms_crypto_key.london";
      expect(verdictWithUnknown(ENC02KeyRotation, scope(), address, "rotation_period").status).toBe(
        "unknown",
      );
    });
  });

  describe("ENC-03 prevent_destroy", () => {
    it("passes keys with lifecycle.prevent_destroy", () => {
      expect(run(ENC03KeyPreventDestroy, scope())).toEqual([
        "google_kms_crypto_key.london: pass",
        "google_kms_crypto_key.europe: pass",
      ]);
    });
    it("fails a key without it", () => {
      const json = mutate(KMS_STACK, (j) => delete keys(j).london.lifecycle);
      expect(run(ENC03KeyPreventDestroy, scope(json))).toContain("google_kms_crypto_key.london: fail");
    });
    it("is unknown when the input (a plan) does not record lifecycle", () => {
      const s = scope();
      const london = s.ofType("google_kms_crypto_key")[0] as { lifecycle?: unknown };
      london.lifecycle = { preventDestroy: new Unknown("plan JSON does not record lifecycle settings") };
      expect(run(ENC03KeyPreventDestroy, s)).toContain("google_kms_crypto_key.london: unknown");
    });
  });

  describe("ENC-04 no public key IAM", () => {
    it("passes grants to service agents and service accounts", () => {
      expect(run(ENC04NoPublicKeys, scope())).toEqual([
        "google_kms_crypto_key_iam_member.compute_agent: pass",
        "google_kms_crypto_key_iam_member.storage_agent: pass",
        "google_kms_crypto_key_iam_member.vault: pass",
      ]);
    });
    it.each(["allUsers", "allAuthenticatedUsers"])(
      "fails %s on a key ring binding and in a policy",
      (member) => {
        const json = mutate(KMS_STACK, (j) => {
          j.resource.google_kms_key_ring_iam_binding = {
            viewers: {
              key_ring_id: "${google_kms_key_ring.london.id}",
              role: "roles/cloudkms.viewer",
              members: [member],
            },
          };
          j.resource.google_kms_crypto_key_iam_policy = {
            p: {
              crypto_key_id: "${google_kms_crypto_key.europe.id}",
              policy_data: JSON.stringify({ bindings: [{ role: ENCRYPTER, members: [member] }] }),
            },
          };
        });
        const statuses = run(ENC04NoPublicKeys, scope(json));
        expect(statuses).toContain("google_kms_key_ring_iam_binding.viewers: fail");
        expect(statuses).toContain("google_kms_crypto_key_iam_policy.p: fail");
      },
    );
    it("reads an authoritative policy through its google_iam_policy data source, and is unknown when it cannot", () => {
      const json = mutate(KMS_STACK, (j) => {
        j.data.google_iam_policy = { p: { binding: [{ role: ENCRYPTER, members: ["allUsers"] }] } };
        j.resource.google_kms_crypto_key_iam_policy = {
          p: { crypto_key_id: "k", policy_data: "${data.google_iam_policy.p.policy_data}" },
          q: { crypto_key_id: "k", policy_data: "${var.policy}" },
        };
      });
      const statuses = run(ENC04NoPublicKeys, scope(json));
      expect(statuses).toContain("google_kms_crypto_key_iam_policy.p: fail");
      expect(statuses).toContain("google_kms_crypto_key_iam_policy.q: unknown");
    });
  });

  describe("ENC-05..08 CMEK coverage", () => {
    it("passes every disk, bucket, SQL instance and log bucket encrypted with a key declared in another stack", () => {
      expect(run(ENC05CmekDisks, scope())).toEqual([
        "google_compute_disk.data: pass",
        "google_compute_instance.vm: pass",
        "google_compute_instance_template.app: pass",
      ]);
      expect(run(ENC06CmekBuckets, scope())).toEqual([
        "google_storage_bucket.regional: pass",
        "google_storage_bucket.multi: pass",
      ]);
      expect(run(ENC07CmekSql, scope())).toEqual(["google_sql_database_instance.db: pass"]);
      expect(run(ENC08CmekLogBuckets, scope())).toEqual(["google_logging_project_bucket_config.logs: pass"]);
      expect(resultFor(ENC07CmekSql, scope(), "google_sql_database_instance.db").message).toContain(
        "google_kms_crypto_key.london",
      );
    });
    it("fails resources without a key, naming the attribute", () => {
      const json = mutate(DATA_STACK, (j) => {
        delete resourceIn(j, "google_compute_instance_template", "app").disk[1].disk_encryption_key;
        delete resourceIn(j, "google_compute_instance", "vm").boot_disk.kms_key_self_link;
        delete resourceIn(j, "google_storage_bucket", "multi").encryption;
        delete resourceIn(j, "google_sql_database_instance", "db").encryption_key_name;
        delete resourceIn(j, "google_logging_project_bucket_config", "logs").cmek_settings;
      });
      const s = scope(KMS_STACK, json);
      expect(resultFor(ENC05CmekDisks, s, "google_compute_instance_template.app").message).toContain(
        "disk.1.disk_encryption_key.kms_key_self_link is not set",
      );
      expect(run(ENC05CmekDisks, s)).toContain("google_compute_instance.vm: fail");
      expect(run(ENC06CmekBuckets, s)).toContain("google_storage_bucket.multi: fail");
      expect(run(ENC07CmekSql, s)).toEqual(["google_sql_database_instance.db: fail"]);
      expect(run(ENC08CmekLogBuckets, s)).toEqual(["google_logging_project_bucket_config.logs: fail"]);
    });
    it("judges an instance from a template by the boot disk it overrides, leaving inherited disks to the template", () => {
      const json = mutate(DATA_STACK, (j) => {
        j.resource.google_compute_instance_from_template = {
          inherits: { name: "i", zone: "europe-west2-a", source_instance_template: "t" },
          overrides: {
            name: "o",
            zone: "europe-west2-a",
            source_instance_template: "t",
            boot_disk: { initialize_params: { image: "debian-12" } },
          },
        };
      });
      const results = run(ENC05CmekDisks, scope(KMS_STACK, json));
      expect(results).toContain("google_compute_instance_from_template.inherits: not-applicable");
      expect(results).toContain("google_compute_instance_from_template.overrides: fail");
    });
    it("fails a disk whose attached disk is not a declared resource and has no key", () => {
      const json = mutate(
        DATA_STACK,
        (j) => (resourceIn(j, "google_compute_instance", "vm").attached_disk = [{ source: "existing-disk" }]),
      );
      expect(run(ENC05CmekDisks, scope(KMS_STACK, json))).toContain("google_compute_instance.vm: fail");
    });
    it("fails a literal key name this configuration does not declare", () => {
      const json = mutate(DATA_STACK, (j) => {
        resourceIn(j, "google_sql_database_instance", "db").encryption_key_name =
          "projects/p/locations/europe-west2/keyRings/r/cryptoKeys/k";
      });
      expect(
        resultFor(ENC07CmekSql, scope(KMS_STACK, json), "google_sql_database_instance.db").message,
      ).toContain("does not declare");
    });
    it("is unknown when the key reference cannot be resolved (kms stack missing)", () => {
      const data = scopeFromStacks({ "test-data": DATA_STACK });
      expect(run(ENC07CmekSql, data)).toEqual(["google_sql_database_instance.db: unknown"]);
    });
  });

  describe("ENC-09 key location", () => {
    it("passes keys in the data's region, and the europe multi-region for an EU bucket", () => {
      expect(run(ENC09KeyLocation, scope())).toEqual([
        "google_compute_disk.data: pass",
        "google_compute_instance.vm: pass",
        "google_compute_instance_template.app: pass",
        "google_storage_bucket.regional: pass",
        "google_storage_bucket.multi: pass",
        "google_sql_database_instance.db: pass",
        "google_logging_project_bucket_config.logs: pass",
      ]);
    });
    it("fails a key in another region or in global", () => {
      const json = mutate(DATA_STACK, (j) => {
        resourceIn(j, "google_sql_database_instance", "db").region = "europe-west1";
        resourceIn(j, "google_storage_bucket", "regional").encryption.default_kms_key_name =
          `\${${REMOTE}.europe_key}`;
        resourceIn(j, "google_compute_region_instance_group_manager", "app").region = "europe-west3";
      });
      const s = scope(KMS_STACK, json);
      const statuses = run(ENC09KeyLocation, s);
      expect(statuses).toContain("google_sql_database_instance.db: fail");
      expect(statuses).toContain("google_storage_bucket.regional: fail");
      expect(statuses).toContain("google_compute_instance_template.app: fail");
      expect(resultFor(ENC09KeyLocation, s, "google_sql_database_instance.db").message).toContain(
        "encryption_key_name is in europe-west2, data in europe-west1 needs europe-west1",
      );
      const global = mutate(KMS_STACK, (j) => (j.resource.google_kms_key_ring.london.location = "global"));
      expect(run(ENC09KeyLocation, scope(global))).toContain("google_compute_disk.data: fail");
    });
    it("is unknown for a region inherited from the provider, and not applicable to a template no group uses", () => {
      const json = mutate(DATA_STACK, (j) => {
        delete resourceIn(j, "google_sql_database_instance", "db").region;
        delete j.resource.google_compute_region_instance_group_manager;
      });
      const statuses = run(ENC09KeyLocation, scope(KMS_STACK, json));
      expect(statuses).toContain("google_sql_database_instance.db: unknown");
      expect(statuses).toContain("google_compute_instance_template.app: not-applicable");
    });
  });

  describe("ENC-10 crypto roles only on keys", () => {
    it("passes when every grant is on a key", () => {
      expect(run(ENC10CryptoRolesOnKeysOnly, scope())).toEqual(["project: pass"]);
    });
    it("fails a project-level or key-ring-level encrypter grant", () => {
      const json = mutate(KMS_STACK, (j) => {
        j.resource.google_project_iam_member = {
          wide: {
            project: "p",
            role: ENCRYPTER,
            member: "serviceAccount:service-1@compute-system.iam.gserviceaccount.com",
          },
        };
        j.resource.google_kms_key_ring_iam_member = {
          ring: {
            key_ring_id: "r",
            role: "roles/cloudkms.cryptoKeyDecrypter",
            member: "${google_service_account.vault.member}",
          },
        };
      });
      expect(run(ENC10CryptoRolesOnKeysOnly, scope(json))).toEqual([
        "google_project_iam_member.wide: fail",
        "google_kms_key_ring_iam_member.ring: fail",
      ]);
    });
  });

  describe("ENC-11 crypto roles to service agents and dedicated service accounts", () => {
    it("passes service agents (literal or data source) and a declared service account", () => {
      expect(run(ENC11CryptoRolesToServiceAccounts, scope())).toEqual([
        "google_kms_crypto_key_iam_member.compute_agent: pass",
        "google_kms_crypto_key_iam_member.storage_agent: pass",
        "google_kms_crypto_key_iam_member.vault: pass",
      ]);
    });
    it.each([
      ["user:alice@example.com", "user"],
      ["group:admins@example.com", "group"],
      ["serviceAccount:123456-compute@developer.gserviceaccount.com", "default-service-account"],
    ])("fails %s", (member, kind) => {
      const json = mutate(
        KMS_STACK,
        (j) => (j.resource.google_kms_crypto_key_iam_member.vault.member = member),
      );
      const result = resultFor(
        ENC11CryptoRolesToServiceAccounts,
        scope(json),
        "google_kms_crypto_key_iam_member.vault",
      );
      expect(result.status).toBe("fail");
      expect(result.message).toContain(`(${kind})`);
    });
    it("fails roles/cloudkms.cryptoOperator (encrypt and decrypt) granted to a person", () => {
      const json = mutate(KMS_STACK, (j) => {
        j.resource.google_kms_crypto_key_iam_member.vault.role = "roles/cloudkms.cryptoOperator";
        j.resource.google_kms_crypto_key_iam_member.vault.member = "user:alice@example.com";
      });
      expect(run(ENC11CryptoRolesToServiceAccounts, scope(json))).toContain(
        "google_kms_crypto_key_iam_member.vault: fail",
      );
    });
    it("is unknown for a member that references nothing declared", () => {
      const json = mutate(
        KMS_STACK,
        (j) =>
          (j.resource.google_kms_crypto_key_iam_member.vault.member =
            "${google_service_account.gone.member}"),
      );
      expect(run(ENC11CryptoRolesToServiceAccounts, scope(json))).toContain(
        "google_kms_crypto_key_iam_member.vault: unknown",
      );
    });
  });

  describe("on a plan (terraform show -json)", () => {
    const planned = (address: string, values: Attrs) => {
      const [type, name] = address.split(".");
      return { address, mode: "managed", type, name, values };
    };
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
    const planScope = () =>
      modelFromDocuments([readPlanJson(PLAN, { stack: "test-plan", file: "plan.json" })]).scope("test");

    it("follows a key known only after apply through the configuration's references, and is unknown without one", () => {
      expect(run(ENC06CmekBuckets, planScope())).toEqual([
        "google_storage_bucket.wired: pass",
        "google_storage_bucket.opaque: unknown",
      ]);
      expect(run(ENC09KeyLocation, planScope())).toEqual([
        "google_storage_bucket.wired: pass",
        "google_storage_bucket.opaque: unknown",
      ]);
    });
    it("reports prevent_destroy unknown, since plans do not record lifecycle", () => {
      expect(run(ENC03KeyPreventDestroy, planScope())).toEqual(["google_kms_crypto_key.k: unknown"]);
    });
  });
});
