import { BAK09BucketWrittenByJob } from "../../../policies/controls/bak/BAK-09-bucket-written-by-job";
import { expectFails, expectPasses, resultFor } from "../../support/control-fixtures";
import { environmentScope, environmentStacks, resourceOf } from "../../support/environment";
import { baselineText } from "../../support/baseline-text";
import { scopeFromStacks } from "../../support/scope";
import { configFromYaml, synthBaseline } from "../../support/synth";
import { BUCKET, EXPORT_JOB, EXPORT_SCHEDULER, prodAfter, prodScope, removeWhere } from "./fixture";

describe("BAK-09 Every backup bucket is written by a declared scheduled job", () => {
  test("prod: the database export writes to the backup bucket, as Cloud SQL's own account", () => {
    const [result] = expectPasses(BAK09BucketWrittenByJob, prodScope());
    expect(result.message).toMatch(
      /written by google_cloud_scheduler_job\..* \(0 3 \* \* \*\) running google_cloud_run_v2_job\..* \(an export of google_sql_database_instance\./,
    );
    expect(result.evidence).toContainEqual({
      path: "(writer)",
      value: expect.objectContaining({ role: "roles/storage.objectCreator", prefix: "sql/acme-prod-pg/" }),
    });
    // The Vault and Wazuh writers are declared, their host-side jobs are not (yet) visible here.
    expect(result.evidence.filter((e) => e.path === "(create grant without a scheduled job)")).toHaveLength(
      2,
    );
  });

  test("a backup bucket nobody writes to fails (the export's scheduler removed)", () => {
    const { scope, address } = prodAfter(BUCKET, (stacks) => {
      removeWhere(stacks, "google_cloud_scheduler_job", (s) => s.name === EXPORT_SCHEDULER.value);
    });
    const [failure] = expectFails(BAK09BucketWrittenByJob, scope, address);
    expect(failure.message).toContain("no declared scheduled job writes to it");
  });

  test("an export whose instance may not create objects in the bucket does not count", () => {
    const { scope, address } = prodAfter(BUCKET, (stacks) => {
      removeWhere(stacks, "google_storage_bucket_iam_member", (g) =>
        String(g.member).includes("service_account_email_address"),
      );
    });
    expectFails(BAK09BucketWrittenByJob, scope, address);
  });

  test("a job that does not name the bucket does not count", () => {
    const { scope, address } = prodAfter(BUCKET, (stacks) => {
      const job = resourceOf(stacks, EXPORT_JOB).attributes;
      job.template.template.containers[0].env = job.template.template.containers[0].env.filter(
        (e: { name: string }) => e.name !== "BUCKET",
      );
    });
    expectFails(BAK09BucketWrittenByJob, scope, address);
  });

  test("a paused scheduler fails; one paused by an expression is unknown", () => {
    const paused = prodAfter(
      BUCKET,
      (stacks) => (resourceOf(stacks, EXPORT_SCHEDULER).attributes.paused = true),
    );
    const [failure] = expectFails(BAK09BucketWrittenByJob, paused.scope, paused.address);
    expect(failure.message).toContain("every scheduled job that writes to it is paused");
    const maybe = prodAfter(
      BUCKET,
      (stacks) => (resourceOf(stacks, EXPORT_SCHEDULER).attributes.paused = "${var.pause}"),
    );
    expect(resultFor(BAK09BucketWrittenByJob, maybe.scope, maybe.address).status).toBe("unknown");
  });

  test("staging passes too", () => {
    expectPasses(BAK09BucketWrittenByJob, environmentScope(environmentStacks("staging"), "staging"));
  });

  test("without a database nothing writes to the bucket yet: it fails until the hosts' jobs are declared", () => {
    const config = configFromYaml(
      baselineText().replace("database:\n  enabled: true", "database:\n  enabled: false"),
    );
    const stacks = Object.fromEntries(
      Object.entries(synthBaseline(config)).filter(([name]) => name.startsWith("prod-")),
    );
    const scope = scopeFromStacks(stacks, "prod");
    expect(BAK09BucketWrittenByJob.evaluate(scope).map((r) => r.status)).toEqual(["fail"]);
    expectFails(BAK09BucketWrittenByJob, scope);
  });
});
