import { ENC06CmekBuckets } from "../../../policies/controls/enc/ENC-06-cmek-buckets";
import { expectFails, expectPasses, mutate, resourceIn, run } from "../../support/control-fixtures";
import { DATA_STACK, DATA_STACK_WITHOUT_KEYS, KMS_STACK, planScope, scope } from "./fixture";

describe("ENC-06 CMEK on every Cloud Storage bucket", () => {
  it("passes every bucket encrypted with a key declared in another stack", () => {
    expect(run(ENC06CmekBuckets, scope())).toEqual([
      "google_storage_bucket.regional: pass",
      "google_storage_bucket.multi: pass",
    ]);
    expectPasses(ENC06CmekBuckets, scope());
  });

  it("fails a bucket without a key", () => {
    expectFails(ENC06CmekBuckets, scope(KMS_STACK, DATA_STACK_WITHOUT_KEYS), "google_storage_bucket.multi");
  });

  it("fails encryption = null and default_kms_key_name = null (unset: a Google-managed key)", () => {
    const json = mutate(DATA_STACK, (j) => {
      resourceIn(j, "google_storage_bucket", "regional").encryption = null;
      resourceIn(j, "google_storage_bucket", "multi").encryption.default_kms_key_name = null;
    });
    const s = scope(KMS_STACK, json);
    expectFails(ENC06CmekBuckets, s, "google_storage_bucket.regional");
    expectFails(ENC06CmekBuckets, s, "google_storage_bucket.multi");
  });

  it("on a plan, follows a key known only after apply through the configuration's references, and is unknown without one", () => {
    expect(run(ENC06CmekBuckets, planScope())).toEqual([
      "google_storage_bucket.wired: pass",
      "google_storage_bucket.opaque: unknown",
    ]);
  });
});
