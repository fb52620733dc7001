import { BAK09BucketWrittenByJob } from "../../../policies/controls/bak/BAK-09-bucket-written-by-job";
import { expectFails, expectPasses, resultFor } from "../../support/control-fixtures";
import { environmentScope, environmentStacks, resourceOf } from "../../support/environment";
import { baselineText } from "../../support/baseline-text";
import { scopeFromStacks } from "../../support/scope";
import { configFromYaml, synthBaseline } from "../../support/synth";
import {
  BUCKET,
  EXPORT_JOB,
  EXPORT_SCHEDULER,
  VAULT_SNAPSHOT_JOB,
  VAULT_SNAPSHOT_SCHEDULER,
  prodAfter,
  prodScope,
  removeWhere,
} from "./fixture";
import type { TerraformJson } from "../../support/synth";

/** Removes one writer's scheduler: what is left must prove the bucket written on its own. */
const unschedule = (stacks: Record<string, TerraformJson>, name: unknown) =>
  expect(removeWhere(stacks, "google_cloud_scheduler_job", (s) => s.name === name)).toBe(1);

describe("BAK-09 Every backup bucket is written by a declared scheduled job", () => {
  test("prod: the Vault raft snapshot job (as the Vault writer) and the database export (as Cloud SQL's account) write to it", () => {
    const [result] = expectPasses(BAK09BucketWrittenByJob, prodScope());
    expect(result.message).toMatch(
      /^.*: written by google_cloud_scheduler_job\..* running google_cloud_run_v2_job\./,
    );
    const writers = result.evidence.filter((e) => e.path === "(writer)").map((e) => e.value);
    expect(writers).toEqual([
      expect.objectContaining({
        schedule: "15 */6 * * *",
        role: "roles/storage.objectCreator",
        prefix: "vault/",
        writes_as: [expect.stringMatching(/vault-snapshot-writer_account_[0-9A-F]+\.member/)],
      }),
      expect.objectContaining({
        schedule: "0 3 * * *",
        role: "roles/storage.objectCreator",
        prefix: "sql/acme-prod-pg/",
        writes_as: expect.stringMatching(/^google_sql_database_instance\..* \(its service account\)$/),
      }),
    ]);
    // The Wazuh writer is declared; its host-side job is not (yet) visible here.
    expect(result.evidence.filter((e) => e.path === "(create grant without a scheduled job)")).toHaveLength(
      1,
    );
  });

  test("each writer alone proves it: the export without the snapshot job, the snapshot job without the export", () => {
    const exportOnly = prodAfter(BUCKET, (stacks) => unschedule(stacks, VAULT_SNAPSHOT_SCHEDULER.value));
    expect(expectPasses(BAK09BucketWrittenByJob, exportOnly.scope)[0].message).toContain(
      "(an export of google_sql_database_instance.",
    );
    const snapshotOnly = prodAfter(BUCKET, (stacks) => unschedule(stacks, EXPORT_SCHEDULER.value));
    expect(expectPasses(BAK09BucketWrittenByJob, snapshotOnly.scope)[0].message).toMatch(
      /running google_cloud_run_v2_job\.vault-snapshot_job_/,
    );
  });

  test("a backup bucket nobody writes to fails (both schedulers removed)", () => {
    const { scope, address } = prodAfter(BUCKET, (stacks) => {
      unschedule(stacks, EXPORT_SCHEDULER.value);
      unschedule(stacks, VAULT_SNAPSHOT_SCHEDULER.value);
    });
    const [failure] = expectFails(BAK09BucketWrittenByJob, scope, address);
    expect(failure.message).toContain("no declared scheduled job writes to it");
  });

  test("an export whose instance may not create objects in the bucket does not count", () => {
    const { scope, address } = prodAfter(BUCKET, (stacks) => {
      unschedule(stacks, VAULT_SNAPSHOT_SCHEDULER.value);
      removeWhere(stacks, "google_storage_bucket_iam_member", (g) =>
        String(g.member).includes("service_account_email_address"),
      );
    });
    expectFails(BAK09BucketWrittenByJob, scope, address);
  });

  test("a snapshot job whose account may not create objects in the bucket does not count", () => {
    const { scope, address } = prodAfter(BUCKET, (stacks) => {
      unschedule(stacks, EXPORT_SCHEDULER.value);
      expect(
        removeWhere(stacks, "google_storage_bucket_iam_member", (g) =>
          /vault-snapshot-writer_account_/.test(String(g.member)),
        ),
      ).toBe(1);
    });
    const [failure] = expectFails(BAK09BucketWrittenByJob, scope, address);
    expect(failure.message).toContain("no declared scheduled job writes to it");
  });

  test("a job that does not name the bucket does not count", () => {
    for (const [job, other] of [
      [EXPORT_JOB, VAULT_SNAPSHOT_SCHEDULER],
      [VAULT_SNAPSHOT_JOB, EXPORT_SCHEDULER],
    ]) {
      const { scope, address } = prodAfter(BUCKET, (stacks) => {
        unschedule(stacks, other.value);
        const attributes = resourceOf(stacks, job).attributes;
        attributes.template.template.containers[0].env =
          attributes.template.template.containers[0].env.filter((e: { name: string }) => e.name !== "BUCKET");
      });
      expectFails(BAK09BucketWrittenByJob, scope, address);
    }
  });

  test("a paused scheduler fails; one paused by an expression is unknown", () => {
    const paused = prodAfter(BUCKET, (stacks) => {
      resourceOf(stacks, EXPORT_SCHEDULER).attributes.paused = true;
      resourceOf(stacks, VAULT_SNAPSHOT_SCHEDULER).attributes.paused = true;
    });
    const [failure] = expectFails(BAK09BucketWrittenByJob, paused.scope, paused.address);
    expect(failure.message).toContain("every scheduled job that writes to it is paused");
    const maybe = prodAfter(BUCKET, (stacks) => {
      resourceOf(stacks, EXPORT_SCHEDULER).attributes.paused = "${var.pause}";
      resourceOf(stacks, VAULT_SNAPSHOT_SCHEDULER).attributes.paused = true;
    });
    expect(resultFor(BAK09BucketWrittenByJob, maybe.scope, maybe.address).status).toBe("unknown");
  });

  test("staging passes too", () => {
    expectPasses(BAK09BucketWrittenByJob, environmentScope(environmentStacks("staging"), "staging"));
  });

  test("without a database the Vault snapshot job still writes; without it and Vault, nothing does: it fails", () => {
    const prodOf = (yaml: string) => {
      const stacks = Object.fromEntries(
        Object.entries(synthBaseline(configFromYaml(yaml))).filter(([name]) => name.startsWith("prod-")),
      );
      return scopeFromStacks(stacks, "prod");
    };
    const noDatabase = baselineText().replace("database:\n  enabled: true", "database:\n  enabled: false");
    expectPasses(BAK09BucketWrittenByJob, prodOf(noDatabase));
    const neither = prodOf(noDatabase.replace("vault:\n  enabled: true", "vault:\n  enabled: false"));
    expect(BAK09BucketWrittenByJob.evaluate(neither).map((r) => r.status)).toEqual(["fail"]);
    expectFails(BAK09BucketWrittenByJob, neither);
  });
});
