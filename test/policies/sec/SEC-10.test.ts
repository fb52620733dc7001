import { SEC10SecretPayloads } from "../../../policies/controls/sec/SEC-10-secret-payloads";
import {
  expectFails,
  expectPasses,
  resultFor,
  run,
  scopeOf,
  statuses,
  tf,
} from "../../support/control-fixtures";
import { type Stacks, after, prodScope } from "./fixture";

describe("SEC-10 No secret payload passes through Terraform", () => {
  test("passes the baseline, which declares secrets without versions", () => {
    const [result] = expectPasses(SEC10SecretPayloads, prodScope());
    expect(result.message).toContain("no secret version is declared or read");
  });

  test("fails on a declared secret version or a data source reading one", () => {
    const change = (s: Stacks) => {
      s["prod-vault"].resource!.google_secret_manager_secret_version = {
        key: { secret: "s", secret_data: "-----BEGIN PRIVATE KEY-----" },
      };
      s["prod-vault"].data = {
        ...s["prod-vault"].data,
        google_secret_manager_secret_version: { read: { secret: "s" } },
      };
    };
    expect(statuses(after(SEC10SecretPayloads, change))).toEqual([
      "google_secret_manager_secret_version.key: fail",
      "data.google_secret_manager_secret_version.read: fail",
    ]);
    expectFails(SEC10SecretPayloads, prodScope(change), "google_secret_manager_secret_version.key");
    expectFails(SEC10SecretPayloads, prodScope(change), "data.google_secret_manager_secret_version.read");
  });

  test("fails on KMS decryption, private keys and passwords Terraform keeps in state", () => {
    const results = after(SEC10SecretPayloads, (s) => {
      const vault = s["prod-vault"];
      Object.assign(vault.resource!, {
        google_kms_secret_ciphertext: { token: { crypto_key: "k", plaintext: "hunter2" } },
        google_compute_ssl_certificate: { cert: { certificate: "c", private_key: "-----BEGIN" } },
        google_certificate_manager_certificate: {
          own: { name: "own", self_managed: { pem_certificate: "c", pem_private_key: "-----BEGIN" } },
          managed: { name: "managed", managed: { domains: ["example.com"] } },
        },
        tls_private_key: { ca: { algorithm: "RSA" } },
      });
      vault.data = { ...vault.data, google_kms_secret: { read: { crypto_key: "k", ciphertext: "x" } } };
    });
    expect(statuses(results).filter((s) => s.endsWith(": fail"))).toEqual([
      "google_kms_secret_ciphertext.token: fail",
      "google_compute_ssl_certificate.cert: fail",
      "google_certificate_manager_certificate.own: fail",
      "tls_private_key.ca: fail",
      "data.google_kms_secret.read: fail",
    ]);
  });

  describe("customer-supplied encryption keys are secrets in configuration and state", () => {
    const KEY = "SGVsbG8gZnJvbSBHb29nbGUgQ2xvdWQgUGxhdGZvcm0="; // 32 bytes, base64: a CSEK's shape
    const csek = tf({
      google_compute_disk: {
        raw: { name: "raw", zone: "europe-west2-a", disk_encryption_key: { raw_key: KEY } },
        wrapped: {
          name: "wrapped",
          zone: "europe-west2-a",
          disk_encryption_key: [{ rsa_encrypted_key: KEY }],
        },
        fromSnapshot: {
          name: "s",
          zone: "europe-west2-a",
          snapshot: "snap",
          source_snapshot_encryption_key: { raw_key: "${var.snapshot_key}" },
        },
      },
      google_compute_instance: {
        vm: {
          name: "vm",
          zone: "europe-west2-a",
          boot_disk: { disk_encryption_key_raw: KEY },
          attached_disk: [{ source: "d1" }, { source: "d2", disk_encryption_key_rsa: KEY }],
        },
      },
      google_compute_snapshot: {
        snap: { name: "snap", source_disk: "d", snapshot_encryption_key: { raw_key: KEY } },
      },
      google_compute_image: {
        image: { name: "i", source_disk: "d", image_encryption_key: { raw_key: KEY } },
      },
      google_compute_instance_template: {
        t: { disk: [{ source_image: "i", source_image_encryption_key: { rsa_encrypted_key: KEY } }] },
      },
      google_storage_bucket_object: {
        object: { name: "o", bucket: "b", content: "x", customer_encryption: { encryption_key: KEY } },
      },
    });

    test("fails every resource that writes a raw or RSA-wrapped key, naming the path, never the key", () => {
      const results = SEC10SecretPayloads.evaluate(scopeOf(csek));
      expect(statuses(results)).toEqual([
        "google_compute_disk.raw: fail",
        "google_compute_disk.wrapped: fail",
        "google_compute_disk.fromSnapshot: fail",
        "google_compute_instance.vm: fail",
        "google_compute_instance_template.t: fail",
        "google_compute_snapshot.snap: fail",
        "google_compute_image.image: fail",
        "google_storage_bucket_object.object: fail",
      ]);
      const vm = resultFor(SEC10SecretPayloads, scopeOf(csek), "google_compute_instance.vm");
      expect(vm.message).toContain(
        "customer-supplied encryption key (boot_disk.disk_encryption_key_raw, attached_disk.1.disk_encryption_key_rsa)",
      );
      expect(JSON.stringify(results.map((r) => [r.message, r.evidence]))).not.toContain(KEY);
      expect(vm.evidence).toContainEqual({
        path: "boot_disk.disk_encryption_key_raw",
        value: `(set: ${KEY.length} characters, not shown)`,
      });
      expectFails(SEC10SecretPayloads, scopeOf(csek), "google_storage_bucket_object.object");
      expect(
        resultFor(SEC10SecretPayloads, scopeOf(csek), "google_compute_disk.fromSnapshot").evidence,
      ).toEqual([
        {
          path: "source_snapshot_encryption_key.raw_key",
          value: "(set from an expression: the value lands in state)",
        },
      ]);
    });

    test("passes disks encrypted with Cloud KMS keys, and keys set to null (unset)", () => {
      const kms = tf({
        google_compute_disk: {
          cmek: {
            name: "c",
            zone: "europe-west2-a",
            disk_encryption_key: { kms_key_self_link: "k", raw_key: null },
          },
        },
        google_compute_instance: {
          vm: {
            name: "vm",
            zone: "europe-west2-a",
            boot_disk: { kms_key_self_link: "k", disk_encryption_key_raw: null },
          },
        },
        google_storage_bucket_object: { object: { name: "o", bucket: "b", content: "x", kms_key_name: "k" } },
      });
      expectPasses(SEC10SecretPayloads, scopeOf(kms));
      expect(run(SEC10SecretPayloads, scopeOf(kms))).toEqual(["project: pass"]);
    });
  });
});
