import { BAK12SecondOffsiteCopy } from "../../../policies/controls/bak/BAK-12-second-offsite-copy";
import { expectFails, expectPasses, resultFor, run } from "../../support/control-fixtures";
import { environmentScope, environmentStacks, resourceOf } from "../../support/environment";
import type { Attributes } from "../../support/synth";
import { BUCKET, COPY_BUCKET, COPY_JOB, prodAfter, prodScope, removeWhere, scopeAfter } from "./fixture";

const options = (job: Attributes) => job.transfer_spec.transfer_options;

describe("BAK-12 A second offsite copy is a third region's bucket, fed daily and create-only", () => {
  test("prod: the copy bucket in europe-west3 is fed daily, create-only, from the backup bucket", () => {
    const stacks = environmentStacks("prod");
    const scope = prodScope();
    const job = resourceOf(stacks, COPY_JOB).address;
    const bucket = resourceOf(stacks, COPY_BUCKET).address;
    expectPasses(BAK12SecondOffsiteCopy, scope);
    expect(run(BAK12SecondOffsiteCopy, scope)).toEqual([`${job}: pass`, `${bucket}: pass`]);
    expect(resultFor(BAK12SecondOffsiteCopy, scope, bucket).message).toContain(
      "stored in europe-west3, apart from the primary region(s) europe-west2 and the backup bucket's europe-west1",
    );
  });

  test("staging declares no second copy: not applicable", () => {
    expect(run(BAK12SecondOffsiteCopy, environmentScope(environmentStacks("staging"), "staging"))).toEqual([
      "project: not-applicable",
    ]);
  });

  test.each([
    [
      "deletes from the source",
      (j: Attributes) => (options(j).delete_objects_from_source_after_transfer = true),
      "a move, not a copy",
    ],
    [
      "deletes in the copy what the source lost",
      (j: Attributes) => (options(j).delete_objects_unique_in_sink = true),
      "a deletion is replicated",
    ],
    [
      "overwrites objects that differ",
      (j: Attributes) => (options(j).overwrite_when = "DIFFERENT"),
      "overwrite_when is DIFFERENT",
    ],
    [
      "leaves overwrite_when unset",
      (j: Attributes) => delete options(j).overwrite_when,
      "objects that differ are overwritten",
    ],
    [
      "overwrites every object",
      (j: Attributes) => (options(j).overwrite_objects_already_existing_in_sink = true),
      "overwrite_objects_already_existing_in_sink is true",
    ],
    [
      "keeps the source's key",
      (j: Attributes) => (options(j).metadata_options.kms_key = "KMS_KEY_PRESERVE"),
      "keeps each object's source key",
    ],
    ["is disabled", (j: Attributes) => (j.status = "DISABLED"), "status is DISABLED"],
    ["runs weekly", (j: Attributes) => (j.schedule.repeat_interval = "604800s"), "less often than daily"],
    [
      "stops on an end date",
      (j: Attributes) => (j.schedule.schedule_end_date = { year: 2027, month: 1, day: 1 }),
      "the schedule ends",
    ],
    ["has no schedule", (j: Attributes) => delete j.schedule, "runs once"],
  ])("a transfer job that %s fails", (_what, change, message) => {
    const { scope, address } = scopeAfter(COPY_JOB, change);
    const result = resultFor(BAK12SecondOffsiteCopy, scope, address);
    expect(result.status).toBe("fail");
    expect(result.message).toContain(message);
    expectFails(BAK12SecondOffsiteCopy, scope, address);
  });

  test("a transfer job that points elsewhere (the copy's access log bucket) fails, and the copy is then unfed", () => {
    const stacks = environmentStacks("prod");
    const job = resourceOf(stacks, COPY_JOB);
    const bucket = resourceOf(stacks, COPY_BUCKET);
    job.attributes.transfer_spec.gcs_data_sink.bucket_name = "acme-sec-prod-backups-copy-access-logs";
    const scope = environmentScope(stacks, "prod");
    expect(resultFor(BAK12SecondOffsiteCopy, scope, job.address).message).toContain(
      "not a declared second-copy bucket",
    );
    expect(resultFor(BAK12SecondOffsiteCopy, scope, bucket.address).message).toContain(
      "no transfer job copies a backup bucket into it",
    );
    expectFails(BAK12SecondOffsiteCopy, scope, job.address);
    expectFails(BAK12SecondOffsiteCopy, scope, bucket.address);
  });

  test("a copy bucket with no transfer job fails", () => {
    const { scope, address } = prodAfter(COPY_BUCKET, (stacks) => {
      expect(removeWhere(stacks, "google_storage_transfer_job", () => true)).toBe(1);
    });
    expect(resultFor(BAK12SecondOffsiteCopy, scope, address).message).toContain("nobody feeds");
    expectFails(BAK12SecondOffsiteCopy, scope, address);
  });

  test("a copy bucket in the backup region fails, and so does the transfer that copies within it", () => {
    const stacks = environmentStacks("prod");
    const job = resourceOf(stacks, COPY_JOB);
    const bucket = resourceOf(stacks, COPY_BUCKET);
    bucket.attributes.location = "EUROPE-WEST1";
    const scope = environmentScope(stacks, "prod");
    expect(resultFor(BAK12SecondOffsiteCopy, scope, bucket.address).message).toContain(
      "stored in europe-west1, where the backup bucket it copies is",
    );
    expect(resultFor(BAK12SecondOffsiteCopy, scope, job.address).message).toContain(
      "copies within europe-west1",
    );
    expectFails(BAK12SecondOffsiteCopy, scope, bucket.address);
    expectFails(BAK12SecondOffsiteCopy, scope, job.address);
  });

  test("a copy bucket in the primary region fails", () => {
    const { scope, address } = scopeAfter(COPY_BUCKET, (b) => (b.location = "europe-west2"));
    expect(resultFor(BAK12SecondOffsiteCopy, scope, address).message).toContain(
      "stored in europe-west2, the primary region",
    );
    expectFails(BAK12SecondOffsiteCopy, scope, address);
  });

  test("a transfer from a bucket that is not a backup bucket into the copy fails", () => {
    const { scope, address } = scopeAfter(COPY_JOB, (j) => {
      j.transfer_spec.gcs_data_source.bucket_name = "some-other-bucket";
    });
    expect(resultFor(BAK12SecondOffsiteCopy, scope, address).message).toContain(
      "copies from some-other-bucket, not a declared backup bucket",
    );
    expectFails(BAK12SecondOffsiteCopy, scope, address);
  });

  test("a transfer agent that may delete in the copy (legacyBucketWriter) fails", () => {
    const { scope, address } = prodAfter(COPY_JOB, (stacks) => {
      const grants = Object.values(stacks).flatMap((s) =>
        Object.values(s.resource?.google_storage_bucket_iam_member ?? {}),
      );
      const creator = grants.find(
        (g) => g.role === "roles/storage.objectCreator" && /storage-transfer-service/.test(g.member),
      )!;
      creator.role = "roles/storage.legacyBucketWriter";
    });
    expect(resultFor(BAK12SecondOffsiteCopy, scope, address).message).toContain(
      "its agent holds roles/storage.legacyBucketWriter",
    );
    expectFails(BAK12SecondOffsiteCopy, scope, address);
  });

  test("overwrite_when from an expression is unknown, not passed", () => {
    const { scope, address } = scopeAfter(COPY_JOB, (j) => (options(j).overwrite_when = "${var.overwrite}"));
    expect(resultFor(BAK12SecondOffsiteCopy, scope, address).status).toBe("unknown");
  });

  test("the backup bucket itself is never judged as a copy", () => {
    const stacks = environmentStacks("prod");
    const scope = prodScope();
    expect(() => resultFor(BAK12SecondOffsiteCopy, scope, resourceOf(stacks, BUCKET).address)).toThrow(
      "expected one result",
    );
  });
});
