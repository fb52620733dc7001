import type { Finding } from "../../policies/control";
import { CATALOGUE } from "../../policies/controls";
import { backupSection } from "../../policies/report/matrix/backups";
import { controlMatrix } from "../../policies/report/matrix/build";
import { matrixHtml } from "../../policies/report/matrix/html";
import { matrixJson } from "../../policies/report/matrix/json";
import { matrixMarkdown } from "../../policies/report/matrix/markdown";
import { baseline } from "../support/cli";
import { removeTemporaryDirectories, synthesizedBaseline } from "./support/cdktf-out";
import { TEST_CATALOGUE } from "./support/controls";
import { mixedCheck } from "./support/mixed-report";

afterAll(removeTemporaryDirectories);

const finding = (over: Partial<Finding> & Pick<Finding, "control" | "resource" | "status">): Finding => ({
  severity: "high",
  environment: "prod",
  message: `${over.resource.slice(over.resource.indexOf("/") + 1)}: a message`,
  evidence: [],
  remediation: "",
  ...over,
});

/** A store with one copy away, one with none; a bucket written by one job, with an idle grant. */
const FINDINGS: Finding[] = [
  finding({
    control: "BAK-07",
    resource: "prod-data/google_sql_database_instance.db",
    status: "pass",
    message: "google_sql_database_instance.db: Cloud SQL instance in europe-west2 is copied to europe-west1",
    evidence: [
      { path: "(store region)", value: "europe-west2" },
      {
        path: "(backup path) scheduled export",
        value: {
          via: "s -> j -> b/sql/",
          region: "europe-west1",
          keyRegion: "europe-west1",
          retentionDays: 30,
          locked: true,
          lock: "locked",
        },
      },
    ],
  }),
  finding({
    control: "BAK-08",
    resource: "prod-data/google_sql_database_instance.db",
    subject: "scheduled export: s -> j -> b/sql/",
    status: "pass",
    message: "google_sql_database_instance.db: key in europe-west1",
  }),
  finding({
    control: "BAK-11",
    resource: "prod-data/google_sql_database_instance.db",
    status: "fail",
    message: "google_sql_database_instance.db: restore drill d: no Cloud Scheduler job runs it",
  }),
  finding({
    control: "BAK-07",
    resource: "prod-monitoring/google_compute_disk.data",
    status: "fail",
    message: "google_compute_disk.data: disk data has no backup path: nothing copies its data",
    evidence: [{ path: "(store region)", value: "europe-west2" }],
  }),
  finding({
    control: "BAK-09",
    resource: "prod-backup/google_storage_bucket.b",
    status: "pass",
    evidence: [
      {
        path: "(writer)",
        value: { job: "j", schedule: "0 3 * * *", prefix: "sql/", writes_as: "the instance", role: "r" },
      },
      {
        path: "(create grant without a scheduled job)",
        value: { grant: "g", members: ["serviceAccount:w"] },
      },
    ],
  }),
  finding({
    control: "BAK-07",
    resource: "staging/project",
    environment: "staging",
    status: "not-applicable",
  }),
];

describe("the matrix's per-store backup section, from the BAK findings alone", () => {
  const section = backupSection(FINDINGS);

  test("each store with its copies, the key verdict of each copy and its restore drill", () => {
    expect(section.stores).toEqual([
      {
        environment: "prod",
        store: "prod-data/google_sql_database_instance.db",
        region: "europe-west2",
        status: "pass",
        message: "Cloud SQL instance in europe-west2 is copied to europe-west1",
        copies: [
          {
            kind: "scheduled export",
            via: "s -> j -> b/sql/",
            region: "europe-west1",
            keyRegion: "europe-west1",
            retentionDays: "30",
            locked: "true",
            lock: "locked",
            key: { status: "pass", message: "key in europe-west1" },
            restored: false,
          },
        ],
        // A drill that is declared but not scheduled is no tested restore.
        restore: { tested: false, how: "restore drill d: no Cloud Scheduler job runs it" },
      },
      {
        environment: "prod",
        store: "prod-monitoring/google_compute_disk.data",
        region: "europe-west2",
        status: "fail",
        message: "disk data has no backup path: nothing copies its data",
        copies: [],
        restore: { tested: false, how: "no scheduled restore drill is declared for this store" },
      },
    ]);
  });

  test("each backup bucket with its writers and the create grants no job uses", () => {
    expect(section.buckets).toEqual([
      {
        environment: "prod",
        bucket: "prod-backup/google_storage_bucket.b",
        status: "pass",
        writers: [{ job: "j", schedule: "0 3 * * *", prefix: "sql/", writesAs: "the instance" }],
        idleGrants: ["g (serviceAccount:w)"],
      },
    ]);
  });

  test("rendered in Markdown, HTML and JSON; a store without copies says none", () => {
    const matrix = controlMatrix(CATALOGUE, FINDINGS);
    const markdown = matrixMarkdown(matrix);
    const part = markdown.slice(markdown.indexOf("## Backups per store"));
    expect(part).toContain(
      "| prod | `prod-data/google_sql_database_instance.db` (europe-west2) ✅ pass | scheduled export: `s -> j -> b/sql/` | europe-west1 | europe-west1 ✅ pass | 30 | true: locked | no: restore drill d: no Cloud Scheduler job runs it |",
    );
    expect(part).toContain(
      "| prod | `prod-monitoring/google_compute_disk.data` (europe-west2) ❌ fail | none |",
    );
    expect(part).toContain("`sql/` by `j` (0 3 \\* \\* \\*) as the instance");
    expect(matrixHtml(matrix)).toContain('<h2 id="backups">Backups per store</h2>');
    expect(JSON.parse(matrixJson(matrix)).backups).toEqual(JSON.parse(JSON.stringify(section)));
  });

  test("a passing drill marks only the copy it restores as tested", () => {
    const drilled = FINDINGS.map((f) =>
      f.control === "BAK-11"
        ? {
            ...f,
            status: "pass" as const,
            message: "google_sql_database_instance.db: restored by d from its scheduled export",
            evidence: [{ path: "(restores copy)", value: "s -> j -> b/sql/" }],
          }
        : f.control === "BAK-07" && f.resource.endsWith(".db")
          ? {
              ...f,
              evidence: [
                ...f.evidence,
                {
                  path: "(backup path) automated backups",
                  value: { via: "db.settings", region: "europe-west1", keyRegion: "europe-west2" },
                },
              ],
            }
          : f,
    );
    const [store] = backupSection(drilled).stores;
    expect(store.copies.map((c) => [c.kind, c.restored])).toEqual([
      ["scheduled export", true],
      ["automated backups", false],
    ]);
    const markdown = matrixMarkdown(controlMatrix(CATALOGUE, drilled));
    expect(markdown).toContain("| true: locked | yes: restored by d from its scheduled export |");
    expect(markdown).toMatch(/`db\.settings` \|.*\| no: the drill restores another copy of this store \|/);
  });

  test("a matrix without BAK findings has no backup section", () => {
    const matrix = controlMatrix(TEST_CATALOGUE, mixedCheck().findings);
    expect(matrix.backups).toEqual({ stores: [], buckets: [] });
    expect(matrixMarkdown(matrix)).not.toContain("Backups per store");
    expect(matrixHtml(matrix)).not.toContain("Backups per store");
  });
});

describe("the per-store backup section of the default configuration", () => {
  test("Vault, Wazuh and Cloud SQL in each environment: copies, regions, keys, retention, lock, drills", async () => {
    const { code, stdout } = await baseline(["matrix", synthesizedBaseline(), "--format", "json"], CATALOGUE);
    expect(code).toBe(0);
    const { stores, buckets } = JSON.parse(stdout).backups;
    const prod = stores.filter((s: { environment: string }) => s.environment === "prod");
    const summary = prod.map(
      (s: {
        store: string;
        region: string;
        restore: { tested: boolean };
        copies: Record<string, unknown>[];
      }) => ({
        store: s.store.replace(/_[0-9A-F]{8}$/, ""),
        region: s.region,
        restoreTested: s.restore.tested,
        copies: s.copies.map((c) => [
          c.kind,
          c.region,
          c.keyRegion,
          (c.key as { status: string } | undefined)?.status,
          c.retentionDays,
          c.locked,
          c.restored ? "restored by the drill" : "-",
        ]),
      }),
    );
    expect(summary).toEqual([
      {
        store: "prod-data/google_sql_database_instance.postgres_instance",
        region: "europe-west2",
        restoreTested: true,
        copies: [
          ["automated backups", "europe-west1", "europe-west2", "unknown", "30", "false", "-"],
          ["scheduled export", "europe-west1", "europe-west1", "pass", "30", "true", "restored by the drill"],
          // backups.secondaryRegion: the export copied on into the second bucket.
          ["second offsite copy", "europe-west3", "europe-west3", "pass", "30", "true", "-"],
        ],
      },
      {
        store: "prod-monitoring/google_compute_disk.wazuh_data",
        region: "europe-west2",
        restoreTested: false,
        copies: [
          ["snapshot schedule", "europe-west1", "europe-west2", "unknown", "30", "false", "-"],
          // The manager's archive timer, into the locked bucket, and on into the second bucket.
          ["scheduled host archive", "europe-west1", "europe-west1", "pass", "30", "true", "-"],
          ["second offsite copy", "europe-west3", "europe-west3", "pass", "30", "true", "-"],
        ],
      },
      {
        store: "prod-vault/google_compute_instance_template.vault_template",
        region: "europe-west2",
        restoreTested: false,
        copies: [
          ["snapshot schedule", "europe-west1", "europe-west2", "unknown", "30", "false", "-"],
          ["scheduled snapshot job", "europe-west1", "europe-west1", "pass", "30", "true", "-"],
          ["second offsite copy", "europe-west3", "europe-west3", "pass", "30", "true", "-"],
        ],
      },
    ]);
    const prodBucket = buckets.find((b: { environment: string }) => b.environment === "prod");
    expect(prodBucket.writers.map((w: { prefix: string }) => w.prefix)).toEqual([
      "vault/",
      "sql/acme-prod-pg/",
      "wazuh/",
    ]);
    // The Wazuh manager's archive timer writes as the Wazuh writer: no create grant is left idle.
    expect(prodBucket.writers[2]).toMatchObject({
      job: expect.stringMatching(/^wazuh-archive\.service on google_compute_instance\.wazuh_vm_/),
      schedule: "*-*-* 01:30:00 UTC",
    });
    expect(prodBucket.idleGrants).toEqual([]);
  });
});
