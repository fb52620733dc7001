import { ENC02KeyRotation } from "../../../policies/controls/enc/ENC-02-key-rotation";
import {
  expectFails,
  expectPasses,
  mutate,
  resultFor,
  run,
  verdictWithUnknown,
} from "../../support/control-fixtures";
import { KMS_STACK, keys, scope } from "./fixture";

describe("ENC-02 Keys rotate automatically every 90 days or sooner", () => {
  it("passes 90 days or less", () => {
    const json = mutate(KMS_STACK, (j) => (keys(j).europe.rotation_period = "2592000s"));
    expect(run(ENC02KeyRotation, scope(json))).toEqual([
      "google_kms_crypto_key.london: pass",
      "google_kms_crypto_key.europe: pass",
    ]);
    expectPasses(ENC02KeyRotation, scope(json));
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
    expectFails(ENC02KeyRotation, scope(json), "google_kms_crypto_key.europe");
  });

  it("fails rotation_period = null (unset: the key never rotates)", () => {
    const json = mutate(KMS_STACK, (j) => (keys(j).london.rotation_period = null));
    expectFails(ENC02KeyRotation, scope(json), "google_kms_crypto_key.london");
  });

  it("is unknown when the period is known only after apply", () => {
    const address = "google_kms_crypto_key.london";
    expect(verdictWithUnknown(ENC02KeyRotation, scope(), address, "rotation_period").status).toBe("unknown");
  });
});
