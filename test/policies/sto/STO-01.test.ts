import { STO01UniformAccess } from "../../../policies/controls/sto/STO-01-uniform-access";
import { expectFails, expectPasses, mutate, run, verdictWithUnknown } from "../../support/control-fixtures";
import { BOTH_PASS, STORAGE_STACK, bucket, scope } from "./fixture";

describe("STO-01 Uniform bucket-level access on every bucket", () => {
  it("passes true and fails absent (the default is off)", () => {
    expectPasses(STO01UniformAccess, scope());
    expect(run(STO01UniformAccess, scope())).toEqual(BOTH_PASS);
    const json = mutate(STORAGE_STACK, (j) => delete bucket(j, "state").uniform_bucket_level_access);
    expectFails(STO01UniformAccess, scope(json), "google_storage_bucket.state");
    expect(run(STO01UniformAccess, scope(json))).toEqual([
      "google_storage_bucket.state: fail",
      "google_storage_bucket.backups: pass",
    ]);
  });
  it("fails uniform_bucket_level_access = null (unset: object ACLs honoured)", () => {
    const json = mutate(STORAGE_STACK, (j) => (bucket(j, "state").uniform_bucket_level_access = null));
    expectFails(STO01UniformAccess, scope(json), "google_storage_bucket.state");
  });
  it("is unknown when known only after apply", () => {
    const path = "uniform_bucket_level_access";
    const result = verdictWithUnknown(STO01UniformAccess, scope(), "google_storage_bucket.state", path);
    expect(result.status).toBe("unknown");
  });
});
