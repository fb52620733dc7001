import { ENC03KeyPreventDestroy } from "../../../policies/controls/enc/ENC-03-key-prevent-destroy";
import { Unknown } from "../../../policies/model/types";
import { expectFails, expectPasses, mutate, run } from "../../support/control-fixtures";
import { KMS_STACK, keys, planScope, scope } from "./fixture";

describe("ENC-03 Keys are protected from terraform destroy", () => {
  it("passes keys with lifecycle.prevent_destroy", () => {
    expect(run(ENC03KeyPreventDestroy, scope())).toEqual([
      "google_kms_crypto_key.london: pass",
      "google_kms_crypto_key.europe: pass",
    ]);
    expectPasses(ENC03KeyPreventDestroy, scope());
  });

  it("fails a key without it", () => {
    const json = mutate(KMS_STACK, (j) => delete keys(j).london.lifecycle);
    expectFails(ENC03KeyPreventDestroy, scope(json), "google_kms_crypto_key.london");
  });

  it("fails lifecycle.prevent_destroy = null (unset: Terraform would destroy the key)", () => {
    const json = mutate(KMS_STACK, (j) => (keys(j).london.lifecycle.prevent_destroy = null));
    expectFails(ENC03KeyPreventDestroy, scope(json), "google_kms_crypto_key.london");
  });

  it("is unknown when the input (a plan) does not record lifecycle", () => {
    const s = scope();
    const london = s.ofType("google_kms_crypto_key")[0] as { lifecycle?: unknown };
    london.lifecycle = { preventDestroy: new Unknown("plan JSON does not record lifecycle settings") };
    expect(run(ENC03KeyPreventDestroy, s)).toContain("google_kms_crypto_key.london: unknown");
  });

  it("reports prevent_destroy unknown on a plan (terraform show -json), since plans do not record lifecycle", () => {
    expect(run(ENC03KeyPreventDestroy, planScope())).toEqual(["google_kms_crypto_key.k: unknown"]);
  });
});
