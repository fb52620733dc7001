import { SEC11SecretCmek } from "../../../policies/controls/sec/SEC-11-secret-cmek";
import { expectFails, expectPasses } from "../../support/control-fixtures";
import { type Stacks, after, failures, prodAddress, prodScope, resource } from "./fixture";

const SECRET = "google_secret_manager_secret";
const tlsCa = (s: Stacks) => resource(s, SECRET, "vault_tls_tls-ca");
const breakGlass = (s: Stacks) => resource(s, SECRET, "admin-password");

describe("SEC-11 Secrets are stored in named regions and encrypted with customer-managed keys", () => {
  test("passes the baseline's secrets, each with one user-managed replica under a customer-managed key", () => {
    const results = expectPasses(SEC11SecretCmek, prodScope());
    expect(results.map((r) => r.resource?.address)).toContain(prodAddress(SECRET, "vault_tls_tls-ca"));
  });

  test("fails on automatic replication and on a replica without a customer-managed key", () => {
    const change = (s: Stacks) => {
      breakGlass(s).attributes.replication = { auto: {} };
      delete tlsCa(s).attributes.replication.user_managed.replicas[0].customer_managed_encryption;
    };
    expect(failures(after(SEC11SecretCmek, change))).toEqual([
      expect.stringMatching(/admin-password: automatic replication/),
      expect.stringMatching(/tls-ca_\w+: replica\(s\) in europe-west2 use a Google-managed key$/),
    ]);
    expectFails(SEC11SecretCmek, prodScope(change), prodAddress(SECRET, "vault_tls_tls-ca"));
    expectFails(SEC11SecretCmek, prodScope(change), prodAddress(SECRET, "admin-password"));
  });

  test("fails on a replica whose key is null (unset: the provider's Google-managed default)", () => {
    for (const change of [
      (s: Stacks) =>
        (tlsCa(s).attributes.replication.user_managed.replicas[0].customer_managed_encryption = null),
      (s: Stacks) =>
        (tlsCa(s).attributes.replication.user_managed.replicas[0].customer_managed_encryption.kms_key_name =
          null),
    ]) {
      const [result] = expectFails(
        SEC11SecretCmek,
        prodScope(change),
        prodAddress(SECRET, "vault_tls_tls-ca"),
      );
      expect(result.message).toContain("replica(s) in europe-west2 use a Google-managed key");
    }
  });
});
