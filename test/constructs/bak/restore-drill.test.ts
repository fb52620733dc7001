import {
  RestoreDrill,
  type RestoreDrillProps,
  cronLongestGapHours,
} from "../../../constructs/bak/restore-drill";
import { backupScript } from "../../../constructs/bak/scripts";
import { attributesOf, synthScope } from "../../support/synth";
import { expectUsedBarePasses } from "../used-bare";
import { databaseWithExport } from "./data-fixture";

function synthDrill(extra: Partial<RestoreDrillProps> = {}) {
  return synthScope((stack) => {
    const { bucket } = databaseWithExport(stack);
    new RestoreDrill(stack, "drill", {
      project: "acme-sec-prod",
      name: "acme-prod-pg-restore-drill",
      region: "europe-west1",
      schedule: "0 6 1 1,4,7,10 *",
      image: "docker.io/library/postgres:16-bookworm",
      bucket: bucket.bucket.name,
      prefix: "sql/acme-prod-pg/",
      instanceName: "acme-prod-pg",
      checkTable: "public.backup_canary",
      minRows: 1,
      maxDaysWithoutSuccess: 95,
      notificationChannels: ["projects/acme-sec-prod/notificationChannels/1"],
      ...extra,
    });
  });
}

/** The drill's job (the export beside it has one too). */
function drillJobs(json: ReturnType<typeof synthDrill>) {
  return attributesOf(json, "google_cloud_run_v2_job").filter((j) => j.labels?.purpose === "restore-drill");
}

describe("RestoreDrill", () => {
  const json = synthDrill();
  const [job] = drillJobs(json);

  test("runs scripts/backups/sql-restore-drill.sh on a throwaway server over the read-only mounted bucket", () => {
    const [container] = job.template.template.containers;
    expect(container.args[1].replace(/\$\$\{/g, "${").replace(/%%\{/g, "%{")).toBe(
      backupScript("sql-restore-drill.sh"),
    );
    expect(container.args.slice(2)).toEqual([
      "sql-restore-drill",
      "--ephemeral-server",
      "--source",
      "/backups/sql/acme-prod-pg/",
      "--table",
      "public.backup_canary",
      "--min-rows",
      "1",
      "--max-age-hours",
      "48",
    ]);
    expect(job.template.template.volumes).toEqual([
      { name: "bucket", gcs: { bucket: expect.stringContaining("google_storage_bucket"), read_only: true } },
    ]);
    expect(job).toMatchObject({ location: "europe-west1", labels: { purpose: "restore-drill" } });
  });

  test("may read its prefix and list names, never write", () => {
    const grants = attributesOf(json, "google_storage_bucket_iam_member").filter((g) =>
      String(g.member).includes("google_service_account"),
    );
    expect(grants.map((g) => g.role)).toEqual(["roles/storage.objectViewer"]);
    expect(grants[0].condition.expression).toContain('/objects/sql/acme-prod-pg/")');
  });

  test("alerts on a failed drill and when none has succeeded for the configured days", () => {
    const overdue = attributesOf(json, "google_monitoring_alert_policy").find(
      (p) => p.display_name === "Restore drill overdue",
    )!;
    expect(overdue.conditions[0].condition_prometheus_query_language.query).toBe(
      "(sum(increase(logging_googleapis_com:user_restore_drill_succeeded[95d])) or vector(0)) < 1",
    );
    const [failed] = attributesOf(json, "google_logging_metric").filter(
      (m) => m.name === "restore-drill-failed",
    );
    expect(failed.filter).toContain('(jsonPayload.drill="sql-restore") AND (severity>=ERROR)');
    expect(failed.filter).toContain('resource.type="cloud_scheduler_job"');
  });

  // With the database it drills, the bucket it reads and the export it restores: BAK-11 judges the database.
  test("used with its database, bucket and export, the database's drill is scheduled quarterly and alerting", () => {
    expectUsedBarePasses(json, ["BAK-11"]);
  });

  test("refuses a table name that is not schema.table and fewer than one row", () => {
    expect(() => synthDrill({ checkTable: "canary" })).toThrow("checkTable must be schema.table");
    expect(() => synthDrill({ minRows: 0 })).toThrow("minRows must be a whole number of at least 1");
  });

  test("with the Vault part: reads the snapshots' prefix too (read-only) and checks them against the schedule's gap", () => {
    const withVault = synthDrill({ vault: { prefix: "vault/", snapshotSchedule: "15 */6 * * *" } });
    const [vaultJob] = drillJobs(withVault);
    expect(vaultJob.template.template.containers[0].args.slice(-4)).toEqual([
      "--vault-source",
      "/backups/vault/",
      "--vault-max-age-hours",
      "12",
    ]);
    const grants = attributesOf(withVault, "google_storage_bucket_iam_member").filter((g) =>
      String(g.member).includes("google_service_account"),
    );
    expect(grants.map((g) => [g.role, g.condition.title]).sort()).toEqual([
      ["roles/storage.objectViewer", "read sql/acme-prod-pg/ only"],
      ["roles/storage.objectViewer", "read vault/ only"],
    ]);
    // Nothing more than reading: the same account, no write, no project role, no KMS key (no unseal key).
    expect(withVault.resource?.google_kms_crypto_key_iam_member).toBeUndefined();
    const account = /google_service_account\.[\w-]+/.exec(vaultJob.template.template.service_account)![0];
    expect(
      attributesOf(withVault, "google_project_iam_member").filter((g) => String(g.member).includes(account)),
    ).toEqual([]);
    // Without it, the SQL drill is as before.
    expect(job.template.template.containers[0].args).not.toContain("--vault-source");
    expect(
      attributesOf(
        synthDrill({
          vault: {
            prefix: "vault/",
            snapshotSchedule: "0 3 * * *",
            slackHours: 2,
            vaultBinary: "/opt/vault",
          },
        }),
        "google_cloud_run_v2_job",
      )[0].template.template.containers[0].args.slice(-6),
    ).toEqual([
      "--vault-source",
      "/backups/vault/",
      "--vault-max-age-hours",
      "26",
      "--vault-bin",
      "/opt/vault",
    ]);
  });

  test("the age limit follows the schedule's longest gap; schedules it cannot read are refused", () => {
    expect(cronLongestGapHours("15 */6 * * *")).toBe(6);
    expect(cronLongestGapHours("0 */5 * * *")).toBe(5);
    expect(cronLongestGapHours("0 */13 * * *")).toBe(13);
    expect(cronLongestGapHours("0 * * * *")).toBe(1);
    expect(cronLongestGapHours("30 2 * * *")).toBe(24);
    expect(cronLongestGapHours("0 1,7,19 * * *")).toBe(12);
    for (const schedule of ["0 6 * * 1", "*/5 * * * *", "0 3 1 * *", "0 */0 * * *", "0 25 * * *", "daily"])
      expect(() => cronLongestGapHours(schedule)).toThrow("cannot tell the longest gap");
    expect(() => synthDrill({ vault: { prefix: "vault/", snapshotSchedule: "0 6 * * 1" } })).toThrow(
      "cannot tell the longest gap",
    );
  });
});
