import { SEC03SealKeyExclusive } from "../../../policies/controls/sec/SEC-03-seal-key-exclusive";
import { expectFails, expectPasses, statuses } from "../../support/control-fixtures";
import { type Stacks, after, failures, prodScope, resource, unsealKeyAddress } from "./fixture";

/** The Vault service account's own grant on the unseal key. */
const ownGrant = (stacks: Stacks) =>
  resource(stacks, "google_kms_crypto_key_iam_member", "vault_identity_seal-cryptoKeyEncrypterDecrypter");

/** Adds a copy of the Vault service account's grant on the unseal key, for `member`. */
const grantOnUnsealKey = (stacks: Stacks, member: string) => {
  stacks["prod-vault"].resource!.google_kms_crypto_key_iam_member.extra = {
    ...ownGrant(stacks).attributes,
    member,
  };
};

describe("SEC-03 Only Vault's service account can use the unseal key", () => {
  test("passes when only the Vault service account holds a role on the unseal key", () => {
    const [result] = expectPasses(SEC03SealKeyExclusive, prodScope());
    expect(result.resource?.address).toBe(unsealKeyAddress());
  });

  test("fails with an extra principal on the key", () => {
    const change = (s: Stacks) => grantOnUnsealKey(s, "user:eve@example.com");
    const results = after(SEC03SealKeyExclusive, change);
    expect(statuses(results)).toEqual(["google_kms_crypto_key_iam_member.extra: fail"]);
    expect(results[0].message).toContain(
      "grants roles/cloudkms.cryptoKeyEncrypterDecrypter to user:eve@example.com",
    );
    expectFails(SEC03SealKeyExclusive, prodScope(change), "google_kms_crypto_key_iam_member.extra");
  });

  test("fails with another service account, even a service agent", () => {
    const agent = "serviceAccount:service-100000000003@compute-system.iam.gserviceaccount.com";
    expect(failures(after(SEC03SealKeyExclusive, (s) => grantOnUnsealKey(s, agent)))).toHaveLength(1);
  });

  test("fails with a Cloud KMS role on the project, which reaches the key", () => {
    const change = (stacks: Stacks) => {
      stacks["prod-vault"].resource!.google_project_iam_member.kms_admin = {
        project: "acme-sec-prod",
        role: "roles/cloudkms.cryptoKeyDecrypter",
        member: "group:ops@example.com",
      };
    };
    expect(failures(after(SEC03SealKeyExclusive, change))).toEqual([
      expect.stringContaining("to group:ops@example.com on the project"),
    ]);
    expectFails(SEC03SealKeyExclusive, prodScope(change), "google_project_iam_member.kms_admin");
  });

  test("fails when the Vault service account itself cannot use the key", () => {
    const change = (stacks: Stacks) => {
      const own = ownGrant(stacks);
      delete stacks["prod-vault"].resource!.google_kms_crypto_key_iam_member[own.address.split(".")[1]];
    };
    expect(failures(after(SEC03SealKeyExclusive, change))).toEqual([
      expect.stringContaining("auto-unseal would fail"),
    ]);
    expectFails(SEC03SealKeyExclusive, prodScope(change), unsealKeyAddress());
  });
});
