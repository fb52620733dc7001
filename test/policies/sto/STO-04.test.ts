import { STO04ObjectRecovery } from "../../../policies/controls/sto/STO-04-object-recovery";
import { expectFails, expectPasses, mutate, run } from "../../support/control-fixtures";
import { BOTH_PASS, STORAGE_STACK, bucket, scope } from "./fixture";

describe("STO-04 Every bucket keeps overwritten or deleted data recoverable", () => {
  it("passes versioning or a retention policy", () => {
    expectPasses(STO04ObjectRecovery, scope());
    expect(run(STO04ObjectRecovery, scope())).toEqual(BOTH_PASS);
  });
  it("fails a bucket with neither (or versioning off)", () => {
    const json = mutate(STORAGE_STACK, (j) => {
      bucket(j, "state").versioning.enabled = false;
      delete bucket(j, "backups").retention_policy;
    });
    expectFails(STO04ObjectRecovery, scope(json), "google_storage_bucket.state");
    expectFails(STO04ObjectRecovery, scope(json), "google_storage_bucket.backups");
    expect(run(STO04ObjectRecovery, scope(json))).toEqual([
      "google_storage_bucket.state: fail",
      "google_storage_bucket.backups: fail",
    ]);
  });
  it("fails versioning.enabled = null, versioning = null and retention_policy = null (unset: neither)", () => {
    const json = mutate(STORAGE_STACK, (j) => {
      bucket(j, "state").versioning.enabled = null;
      bucket(j, "backups").retention_policy = null;
    });
    expect(run(STO04ObjectRecovery, scope(json))).toEqual([
      "google_storage_bucket.state: fail",
      "google_storage_bucket.backups: fail",
    ]);
    const noBlock = mutate(STORAGE_STACK, (j) => (bucket(j, "state").versioning = null));
    expectFails(STO04ObjectRecovery, scope(noBlock), "google_storage_bucket.state");
  });
});
