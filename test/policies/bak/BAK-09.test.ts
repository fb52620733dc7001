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
import type { Attributes, TerraformJson } from "../../support/synth";

/** Removes one writer's scheduler: what is left must prove the bucket written on its own. */
const unschedule = (stacks: Record<string, TerraformJson>, name: unknown) =>
  expect(removeWhere(stacks, "google_cloud_scheduler_job", (s) => s.name === name)).toBe(1);

const TOKEN_CREATOR = "roles/iam.serviceAccountTokenCreator";
const WAZUH_WRITER = "wazuh-archive-writer@acme-sec-prod.iam.gserviceaccount.com";
const isArchiveTokenGrant = (g: Attributes) =>
  g.role === TOKEN_CREATOR && String(g.service_account_id).endsWith(`/serviceAccounts/${WAZUH_WRITER}`);
/** Takes away the Wazuh manager's token creator grant on the Wazuh writer: its archive job cannot write. */
const unarchive = (stacks: Record<string, TerraformJson>) =>
  expect(removeWhere(stacks, "google_service_account_iam_member", isArchiveTokenGrant)).toBe(1);
/** The Wazuh manager instance's attributes (monitoring stack). */
const manager = (stacks: Record<string, TerraformJson>) =>
  Object.values(stacks["prod-monitoring"].resource!.google_compute_instance)[0];
/** Only the Wazuh archive left as a writer: both schedulers removed. */
const archiveOnly = (stacks: Record<string, TerraformJson>) => {
  unschedule(stacks, EXPORT_SCHEDULER.value);
  unschedule(stacks, VAULT_SNAPSHOT_SCHEDULER.value);
};

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
        schedule: "0 7 * * *",
        role: "roles/storage.objectCreator",
        prefix: "sql/acme-prod-pg/",
        writes_as: expect.stringMatching(/^google_sql_database_instance\..* \(its service account\)$/),
      }),
      // The Wazuh manager's archive: its timer, as the Wazuh writer, whose tokens the manager may mint.
      {
        scheduler: expect.stringMatching(
          /^google_compute_instance\.wazuh_vm_\w+ \(systemd timer wazuh-archive\.timer\)$/,
        ),
        schedule: "*-*-* 01:30:00 UTC",
        job: expect.stringMatching(/^wazuh-archive\.service on google_compute_instance\.wazuh_vm_\w+$/),
        role: "roles/storage.objectCreator",
        prefix: "wazuh/",
        writes_as: [expect.stringMatching(/wazuh-archive-writer_account_[0-9A-F]+\.member/)],
        token_creator: expect.stringMatching(
          /^google_service_account_iam_member\.wazuh_archive-token-creator_\w+ \(roles\/iam\.serviceAccountTokenCreator\)$/,
        ),
      },
    ]);
    // Every create grant on the bucket is used by a job: none is idle.
    expect(result.evidence.filter((e) => e.path === "(create grant without a scheduled job)")).toEqual([]);
  });

  test("the Wazuh manager's archive job alone proves it (both schedulers removed)", () => {
    const { scope } = prodAfter(BUCKET, archiveOnly);
    const [result] = expectPasses(BAK09BucketWrittenByJob, scope);
    expect(result.message).toMatch(
      new RegExp(
        "written by wazuh-archive\\.timer \\(\\*-\\*-\\* 01:30:00 UTC\\) on google_compute_instance\\.wazuh_vm_\\w+ " +
          `as ${WAZUH_WRITER.replace(/\./g, "\\.")}, whose tokens the VM's account may mint \\(google_service_account_iam_member\\.`,
      ),
    );
  });

  test("without the manager's token creator grant on the writer, the archive does not count: alone, it fails", () => {
    const { scope, address } = prodAfter(BUCKET, (stacks) => {
      archiveOnly(stacks);
      unarchive(stacks);
    });
    const [failure] = expectFails(BAK09BucketWrittenByJob, scope, address);
    expect(failure.message).toContain("no declared scheduled job writes to it");
    // The writer's create grant is idle, and the manager's declaration is shown as one that cannot write.
    expect(
      failure.evidence.filter((e) => e.path === "(create grant without a scheduled job)").map((e) => e.value),
    ).toContainEqual(
      expect.objectContaining({ members: [expect.stringMatching(/wazuh-archive-writer_account_/)] }),
    );
    expect(
      failure.evidence.some((e) =>
        /^google_compute_instance\.wazuh_vm_\w+\.metadata \(a declared backup job that cannot write/.test(
          e.path,
        ),
      ),
    ).toBe(true);
  });

  test("a token creator grant for another account, on another account or project-wide does not count", () => {
    const variants: ((g: Attributes, stacks: Record<string, TerraformJson>) => void)[] = [
      (g) => (g.member = "serviceAccount:someone-else@acme-sec-prod.iam.gserviceaccount.com"),
      (g) =>
        (g.service_account_id =
          "projects/acme-sec-prod/serviceAccounts/other@acme-sec-prod.iam.gserviceaccount.com"),
      (g) => (g.role = "roles/iam.serviceAccountUser"),
      (g, stacks) => {
        // The same role for the same account, project-wide instead of on the writer.
        const monitoring = stacks["prod-monitoring"].resource!;
        monitoring.google_project_iam_member["archive-project-wide"] = {
          project: "acme-sec-prod",
          role: TOKEN_CREATOR,
          member: g.member,
        };
        unarchive(stacks);
      },
    ];
    for (const variant of variants) {
      const { scope, address } = prodAfter(BUCKET, (stacks) => {
        archiveOnly(stacks);
        const grant = Object.values(
          stacks["prod-monitoring"].resource!.google_service_account_iam_member,
        ).find(isArchiveTokenGrant)!;
        variant(grant, stacks);
      });
      expectFails(BAK09BucketWrittenByJob, scope, address);
    }
  });

  test("a declaration naming another bucket, a boot script without the timer, or a writer without a create grant does not count", () => {
    const variants: ((stacks: Record<string, TerraformJson>) => void)[] = [
      (stacks) => (manager(stacks).metadata["backup-job-bucket"] = "acme-sec-prod-other"),
      (stacks) =>
        (manager(stacks).metadata["startup-script"] = String(
          manager(stacks).metadata["startup-script"],
        ).replace(/wazuh-archive\.timer/g, "nothing.timer")),
      (stacks) =>
        (manager(stacks).metadata["backup-job-writer"] = "other@acme-sec-prod.iam.gserviceaccount.com"),
      // The declared prefix is outside the writer's.
      (stacks) => (manager(stacks).metadata["backup-job-prefix"] = "vault/"),
      (stacks) =>
        expect(
          removeWhere(stacks, "google_storage_bucket_iam_member", (g) =>
            /wazuh-archive-writer_account_/.test(String(g.member)),
          ),
        ).toBe(1),
    ];
    for (const variant of variants) {
      const { scope, address } = prodAfter(BUCKET, (stacks) => {
        archiveOnly(stacks);
        variant(stacks);
      });
      expectFails(BAK09BucketWrittenByJob, scope, address);
    }
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

  test("a backup bucket nobody writes to fails (both schedulers removed, the archive's token grant too)", () => {
    const { scope, address } = prodAfter(BUCKET, (stacks) => {
      unschedule(stacks, EXPORT_SCHEDULER.value);
      unschedule(stacks, VAULT_SNAPSHOT_SCHEDULER.value);
      unarchive(stacks);
    });
    const [failure] = expectFails(BAK09BucketWrittenByJob, scope, address);
    expect(failure.message).toContain("no declared scheduled job writes to it");
  });

  test("an export whose instance may not create objects in the bucket does not count", () => {
    const { scope, address } = prodAfter(BUCKET, (stacks) => {
      unschedule(stacks, VAULT_SNAPSHOT_SCHEDULER.value);
      unarchive(stacks);
      removeWhere(stacks, "google_storage_bucket_iam_member", (g) =>
        String(g.member).includes("service_account_email_address"),
      );
    });
    expectFails(BAK09BucketWrittenByJob, scope, address);
  });

  test("a snapshot job whose account may not create objects in the bucket does not count", () => {
    const { scope, address } = prodAfter(BUCKET, (stacks) => {
      unschedule(stacks, EXPORT_SCHEDULER.value);
      unarchive(stacks);
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
        unarchive(stacks);
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
      unarchive(stacks);
    });
    const [failure] = expectFails(BAK09BucketWrittenByJob, paused.scope, paused.address);
    expect(failure.message).toContain("every scheduled job that writes to it is paused");
    const maybe = prodAfter(BUCKET, (stacks) => {
      resourceOf(stacks, EXPORT_SCHEDULER).attributes.paused = "${var.pause}";
      resourceOf(stacks, VAULT_SNAPSHOT_SCHEDULER).attributes.paused = true;
      unarchive(stacks);
    });
    expect(resultFor(BAK09BucketWrittenByJob, maybe.scope, maybe.address).status).toBe("unknown");
  });

  test("staging passes too", () => {
    expectPasses(BAK09BucketWrittenByJob, environmentScope(environmentStacks("staging"), "staging"));
  });

  test("without a database the Vault snapshot job still writes; without it and Vault, the Wazuh archive does; without all three, nothing does: it fails", () => {
    const prodOf = (yaml: string) => {
      const stacks = Object.fromEntries(
        Object.entries(synthBaseline(configFromYaml(yaml))).filter(([name]) => name.startsWith("prod-")),
      );
      return scopeFromStacks(stacks, "prod");
    };
    const noDatabase = baselineText().replace("database:\n  enabled: true", "database:\n  enabled: false");
    expectPasses(BAK09BucketWrittenByJob, prodOf(noDatabase));
    const noVault = noDatabase.replace("vault:\n  enabled: true", "vault:\n  enabled: false");
    expect(expectPasses(BAK09BucketWrittenByJob, prodOf(noVault))[0].message).toContain(
      "wazuh-archive.timer",
    );
    const neither = prodOf(noVault.replace("monitoring:\n  enabled: true", "monitoring:\n  enabled: false"));
    expect(BAK09BucketWrittenByJob.evaluate(neither).map((r) => r.status)).toEqual(["fail"]);
    expectFails(BAK09BucketWrittenByJob, neither);
  });
});
