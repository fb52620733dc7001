import { SQL_EXPORT_PERMISSIONS } from "../../../constructs/bak/scheduled-sql-export";
import { backupScript } from "../../../constructs/bak/scripts";
import { attributesOf, synthScope } from "../../support/synth";
import { expectUsedBarePasses } from "../used-bare";
import { databaseWithExport } from "./data-fixture";

/** The export beside what it exports and where to: the database and the backup bucket, as the stacks declare them. */
const json = synthScope((stack) => {
  databaseWithExport(stack);
});

describe("ScheduledSqlExport", () => {
  test("the job may get and export that one instance, nothing else", () => {
    expect(attributesOf(json, "google_project_iam_custom_role")).toEqual([
      expect.objectContaining({ role_id: "backupSqlExport", permissions: [...SQL_EXPORT_PERMISSIONS] }),
    ]);
    expect(SQL_EXPORT_PERMISSIONS).toEqual(["cloudsql.instances.get", "cloudsql.instances.export"]);
    expect(attributesOf(json, "google_project_iam_member")).toEqual([
      expect.objectContaining({
        role: expect.stringContaining("google_project_iam_custom_role"),
        condition: {
          title: "only acme-prod-pg",
          expression:
            'resource.type == "sqladmin.googleapis.com/Instance" && ' +
            'resource.name == "projects/acme-sec-prod/instances/acme-prod-pg"',
        },
      }),
    ]);
  });

  test("Cloud SQL's own account may create objects under sql/<instance>/ only", () => {
    const writes = attributesOf(json, "google_storage_bucket_iam_member").filter(
      (g) =>
        g.role === "roles/storage.objectCreator" &&
        String(g.member).includes("service_account_email_address"),
    );
    expect(writes).toHaveLength(1);
    expect(writes[0].condition.expression).toMatch(/\/objects\/sql\/acme-prod-pg\/"\)$/);
  });

  test("runs scripts/backups/sql-export.sh daily with the instance, database, bucket and prefix", () => {
    const job = attributesOf(json, "google_cloud_run_v2_job")[0];
    const [container] = job.template.template.containers;
    expect(container.args[1].replace(/\$\$\{/g, "${").replace(/%%\{/g, "%{")).toBe(
      backupScript("sql-export.sh"),
    );
    expect(
      Object.fromEntries(container.env.map((e: { name: string; value: string }) => [e.name, e.value])),
    ).toEqual({
      PROJECT: "acme-sec-prod",
      INSTANCE: "acme-prod-pg",
      DATABASE: "app",
      BUCKET: expect.stringContaining("google_storage_bucket"),
      PREFIX: "sql/acme-prod-pg/",
    });
    expect(attributesOf(json, "google_cloud_scheduler_job")[0].schedule).toBe("0 7 * * *");
  });

  test("alerts when an export fails and when none has succeeded for two days", () => {
    const policies = attributesOf(json, "google_monitoring_alert_policy");
    expect(policies.map((p) => p.display_name).sort()).toEqual([
      "Database export failed",
      "Database export overdue",
    ]);
    const overdue = policies.find((p) => p.display_name === "Database export overdue")!;
    expect(overdue.conditions[0].condition_prometheus_query_language.query).toBe(
      "(sum(increase(logging_googleapis_com:user_backup_export_succeeded[2d])) or vector(0)) < 1",
    );
  });

  // With the database and the backup bucket beside it: the bucket is written by a scheduled job (BAK-09) and the
  // database has an off-region path (BAK-07). BAK-08 passes for the export and gives the automated backups
  // unknown (their key is the instance's, a Cloud SQL limit), so it is not listed; BAK-11 needs a drill.
  test("used with a database and a backup bucket, the bucket is written and the database copied out of its region", () => {
    expectUsedBarePasses(json, ["BAK-07", "BAK-09"]);
  });
});
