import { ENC11CryptoRolesToServiceAccounts } from "../../../policies/controls/enc/ENC-11-crypto-roles-to-service-accounts";
import { expectFails, expectPasses, mutate, resultFor, run } from "../../support/control-fixtures";
import { KMS_STACK, scope } from "./fixture";

describe("ENC-11 Only service agents and dedicated service accounts use keys", () => {
  it("passes service agents (literal or data source) and a declared service account", () => {
    expect(run(ENC11CryptoRolesToServiceAccounts, scope())).toEqual([
      "google_kms_crypto_key_iam_member.compute_agent: pass",
      "google_kms_crypto_key_iam_member.storage_agent: pass",
      "google_kms_crypto_key_iam_member.vault: pass",
    ]);
    expectPasses(ENC11CryptoRolesToServiceAccounts, scope());
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
    expectFails(ENC11CryptoRolesToServiceAccounts, scope(json), "google_kms_crypto_key_iam_member.vault");
  });

  it("is unknown for a member that references nothing declared", () => {
    const json = mutate(
      KMS_STACK,
      (j) =>
        (j.resource.google_kms_crypto_key_iam_member.vault.member = "${google_service_account.gone.member}"),
    );
    expect(run(ENC11CryptoRolesToServiceAccounts, scope(json))).toContain(
      "google_kms_crypto_key_iam_member.vault: unknown",
    );
  });
});
