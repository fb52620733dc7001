import { STO02PublicAccessPrevention } from "../../../policies/controls/sto/STO-02-public-access-prevention";
import { expectFails, expectPasses, mutate, resultFor, run } from "../../support/control-fixtures";
import { BOTH_PASS, STORAGE_STACK, bucket, scope } from "./fixture";

describe("STO-02 Public access prevention enforced on every bucket", () => {
  it.each([undefined, "inherited", null])("fails %s", (value) => {
    expectPasses(STO02PublicAccessPrevention, scope());
    expect(run(STO02PublicAccessPrevention, scope())).toEqual(BOTH_PASS);
    const json = mutate(STORAGE_STACK, (j) => (bucket(j, "backups").public_access_prevention = value));
    expectFails(STO02PublicAccessPrevention, scope(json), "google_storage_bucket.backups");
    expect(resultFor(STO02PublicAccessPrevention, scope(json), "google_storage_bucket.backups").status).toBe(
      "fail",
    );
  });
});
