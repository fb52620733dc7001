import { ENC10CryptoRolesOnKeysOnly } from "../../../policies/controls/enc/ENC-10-crypto-roles-on-keys-only";
import { expectFails, expectPasses, mutate, run } from "../../support/control-fixtures";
import { ENCRYPTER, KMS_STACK, scope } from "./fixture";

describe("ENC-10 Encrypt/decrypt roles granted only on individual keys", () => {
  it("passes when every grant is on a key", () => {
    expect(run(ENC10CryptoRolesOnKeysOnly, scope())).toEqual(["project: pass"]);
    expectPasses(ENC10CryptoRolesOnKeysOnly, scope());
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
    expectFails(ENC10CryptoRolesOnKeysOnly, scope(json), "google_project_iam_member.wide");
    expectFails(ENC10CryptoRolesOnKeysOnly, scope(json), "google_kms_key_ring_iam_member.ring");
  });
});
