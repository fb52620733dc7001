import { ENC07CmekSql } from "../../../policies/controls/enc/ENC-07-cmek-sql";
import {
  expectFails,
  expectPasses,
  mutate,
  resourceIn,
  resultFor,
  run,
} from "../../support/control-fixtures";
import { scopeFromStacks } from "../../support/scope";
import { DATA_STACK, DATA_STACK_WITHOUT_KEYS, KMS_STACK, scope } from "./fixture";

describe("ENC-07 CMEK on every Cloud SQL instance", () => {
  it("passes an instance encrypted with a key declared in another stack, naming the key", () => {
    expect(run(ENC07CmekSql, scope())).toEqual(["google_sql_database_instance.db: pass"]);
    expect(resultFor(ENC07CmekSql, scope(), "google_sql_database_instance.db").message).toContain(
      "google_kms_crypto_key.london",
    );
    expectPasses(ENC07CmekSql, scope());
  });

  it("fails an instance without a key", () => {
    const s = scope(KMS_STACK, DATA_STACK_WITHOUT_KEYS);
    expect(run(ENC07CmekSql, s)).toEqual(["google_sql_database_instance.db: fail"]);
    expectFails(ENC07CmekSql, s, "google_sql_database_instance.db");
  });

  it("fails encryption_key_name = null (unset: a Google-managed key)", () => {
    const json = mutate(
      DATA_STACK,
      (j) => (resourceIn(j, "google_sql_database_instance", "db").encryption_key_name = null),
    );
    expectFails(ENC07CmekSql, scope(KMS_STACK, json), "google_sql_database_instance.db");
  });

  it("fails a literal key name this configuration does not declare", () => {
    const json = mutate(DATA_STACK, (j) => {
      resourceIn(j, "google_sql_database_instance", "db").encryption_key_name =
        "projects/p/locations/europe-west2/keyRings/r/cryptoKeys/k";
    });
    expect(
      resultFor(ENC07CmekSql, scope(KMS_STACK, json), "google_sql_database_instance.db").message,
    ).toContain("does not declare");
  });

  it("is unknown when the key reference cannot be resolved (kms stack missing)", () => {
    const data = scopeFromStacks({ "test-data": DATA_STACK });
    expect(run(ENC07CmekSql, data)).toEqual(["google_sql_database_instance.db: unknown"]);
  });
});
