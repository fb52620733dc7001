import { IAM02NoServiceAccountKeys } from "../../../policies/controls/iam/IAM-02-no-service-account-keys";
import { expectFails, expectPasses, mutate, run } from "../../support/control-fixtures";
import { FOUNDATION_STACK, scope } from "./fixture";

describe("IAM-02 No user-managed service account keys", () => {
  it("passes without keys and fails each key", () => {
    expect(run(IAM02NoServiceAccountKeys, scope())).toEqual(["project: pass"]);
    expectPasses(IAM02NoServiceAccountKeys, scope());
    const json = mutate(FOUNDATION_STACK, (j) => {
      j.resource.google_service_account_key = {
        k: { service_account_id: "${google_service_account.vault.name}" },
      };
    });
    expect(run(IAM02NoServiceAccountKeys, scope(json))).toEqual(["google_service_account_key.k: fail"]);
    expectFails(IAM02NoServiceAccountKeys, scope(json), "google_service_account_key.k");
  });

  it("fails a Cloud Storage HMAC key for a service account", () => {
    const json = mutate(FOUNDATION_STACK, (j) => {
      j.resource.google_storage_hmac_key = {
        h: { service_account_email: "${google_service_account.vault.email}" },
      };
    });
    expect(run(IAM02NoServiceAccountKeys, scope(json))).toEqual(["google_storage_hmac_key.h: fail"]);
  });
});
