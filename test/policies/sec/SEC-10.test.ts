import { SEC10SecretPayloads } from "../../../policies/controls/sec/SEC-10-secret-payloads";
import { expectFails, expectPasses, statuses } from "../../support/control-fixtures";
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
});
