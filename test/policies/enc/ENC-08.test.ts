import { ENC08CmekLogBuckets } from "../../../policies/controls/enc/ENC-08-cmek-log-buckets";
import {
  type Attrs,
  expectFails,
  expectPasses,
  mutate,
  resourceIn,
  run,
} from "../../support/control-fixtures";
import { DATA_STACK, DATA_STACK_WITHOUT_KEYS, KMS_STACK, scope } from "./fixture";

describe("ENC-08 CMEK on every log bucket", () => {
  it("passes a log bucket encrypted with a key declared in another stack", () => {
    expect(run(ENC08CmekLogBuckets, scope())).toEqual(["google_logging_project_bucket_config.logs: pass"]);
    expectPasses(ENC08CmekLogBuckets, scope());
  });

  it("fails a log bucket without a key", () => {
    const s = scope(KMS_STACK, DATA_STACK_WITHOUT_KEYS);
    expect(run(ENC08CmekLogBuckets, s)).toEqual(["google_logging_project_bucket_config.logs: fail"]);
    expectFails(ENC08CmekLogBuckets, s, "google_logging_project_bucket_config.logs");
  });

  it.each<[string, (logs: Attrs) => void]>([
    ["cmek_settings = null", (logs) => (logs.cmek_settings = null)],
    ["cmek_settings.kms_key_name = null", (logs) => (logs.cmek_settings.kms_key_name = null)],
  ])("fails %s (unset: a Google-managed key)", (_, change) => {
    const json = mutate(DATA_STACK, (j) =>
      change(resourceIn(j, "google_logging_project_bucket_config", "logs")),
    );
    expectFails(ENC08CmekLogBuckets, scope(KMS_STACK, json), "google_logging_project_bucket_config.logs");
  });
});
