import { ENC01SymmetricKeys } from "../../../policies/controls/enc/ENC-01-symmetric-keys";
import { expectFails, expectPasses, mutate, run } from "../../support/control-fixtures";
import { KMS_STACK, keys, scope } from "./fixture";

describe("ENC-01 Encryption keys are symmetric AES-256-GCM", () => {
  it("passes GOOGLE_SYMMETRIC_ENCRYPTION and the provider default (no version_template)", () => {
    const json = mutate(KMS_STACK, (j) => delete keys(j).europe.version_template);
    expect(run(ENC01SymmetricKeys, scope(json))).toEqual([
      "google_kms_crypto_key.london: pass",
      "google_kms_crypto_key.europe: pass",
    ]);
    expectPasses(ENC01SymmetricKeys, scope());
    expectPasses(ENC01SymmetricKeys, scope(json));
  });

  it("passes version_template.algorithm = null and purpose = null: the provider defaults are symmetric encryption", () => {
    const json = mutate(KMS_STACK, (j) => {
      keys(j).london.version_template.algorithm = null;
      keys(j).europe.purpose = null;
    });
    expectPasses(ENC01SymmetricKeys, scope(json));
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
    expectFails(ENC01SymmetricKeys, scope(raw), "google_kms_crypto_key.london");
  });
});
