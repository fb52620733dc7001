import { STO06UsageLogs } from "../../../policies/controls/sto/STO-06-usage-logs";
import {
  expectFails,
  expectPasses,
  mutate,
  resultFor,
  run,
  scopeOf,
  tf,
} from "../../support/control-fixtures";

/** A data bucket logging to an access log bucket (referenced), and one logging to a bucket named by a literal. */
const LOGGED = tf({
  google_storage_bucket: {
    data: {
      name: "data",
      logging: { log_bucket: "${google_storage_bucket.logs.name}", log_object_prefix: "data" },
    },
    logs: { name: "data-access-logs", retention_policy: { retention_period: 34560000 } },
    media: { name: "media", logging: { log_bucket: "data-access-logs" } },
  },
});
const scope = (json = LOGGED) => scopeOf(json);

describe("STO-06 Every bucket writes usage logs to another bucket", () => {
  it("passes buckets logging to another bucket, and reports the log bucket not applicable", () => {
    expectPasses(STO06UsageLogs, scope());
    expect(run(STO06UsageLogs, scope())).toEqual([
      "google_storage_bucket.data: pass",
      "google_storage_bucket.logs: not-applicable",
      "google_storage_bucket.media: pass",
    ]);
    expect(resultFor(STO06UsageLogs, scope(), "google_storage_bucket.logs").message).toContain(
      "receives the usage logs of google_storage_bucket.data, google_storage_bucket.media",
    );
  });

  it("passes usage logs to a bucket outside the configuration, named literally", () => {
    const json = tf({ google_storage_bucket: { b: { name: "b", logging: { log_bucket: "central-logs" } } } });
    expectPasses(STO06UsageLogs, scope(json));
  });

  it("fails a bucket without usage logs, or with logging = null (unset)", () => {
    const none = mutate(LOGGED, (j) => delete j.resource.google_storage_bucket.data.logging);
    const [failed] = expectFails(STO06UsageLogs, scope(none), "google_storage_bucket.data");
    expect(failed.message).toContain("no usage logs");
    const unset = mutate(LOGGED, (j) => (j.resource.google_storage_bucket.media.logging = null));
    expectFails(STO06UsageLogs, scope(unset), "google_storage_bucket.media");
  });

  it("fails a bucket that logs to itself, by name or by reference", () => {
    const byName = mutate(
      LOGGED,
      (j) => (j.resource.google_storage_bucket.media.logging.log_bucket = "media"),
    );
    expectFails(STO06UsageLogs, scope(byName), "google_storage_bucket.media");
    const byReference = mutate(
      LOGGED,
      (j) =>
        (j.resource.google_storage_bucket.data.logging.log_bucket = "${google_storage_bucket.data.name}"),
    );
    const [failed] = expectFails(STO06UsageLogs, scope(byReference), "google_storage_bucket.data");
    expect(failed.message).toContain("logs to itself");
  });

  it("is unknown when the log bucket comes from a variable", () => {
    const json = mutate(
      LOGGED,
      (j) => (j.resource.google_storage_bucket.data.logging.log_bucket = "${var.logs}"),
    );
    expect(resultFor(STO06UsageLogs, scope(json), "google_storage_bucket.data").status).toBe("unknown");
  });
});
