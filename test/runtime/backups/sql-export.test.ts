import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "../../support/synth";

/*
 * The export job's script (scripts/backups/sql-export.sh) with a stand-in `gcloud` first on PATH: it records
 * each call and answers as gcloud would (an operation name, then success or an error). This checks what the
 * script asks Cloud SQL for and what it logs; that Cloud SQL performs the export can only be seen in Google Cloud.
 */
const SCRIPT = join(REPO_ROOT, "scripts", "backups", "sql-export.sh");

const FAKE_GCLOUD = `#!/usr/bin/env bash
printf '%s\\n' "$*" >> "$GCLOUD_CALLS"
case "$1 $2 $3" in
  "sql export sql") [[ "$FAKE_EXPORT" == refuse ]] && { echo "ERROR: (gcloud.sql.export.sql) HTTPError 403: not authorized" >&2; exit 1; }
                    # busy-N: Cloud SQL is running another operation for the first N requests.
                    if [[ "$FAKE_EXPORT" == busy-* ]] && (( $(grep -c '^sql export sql' "$GCLOUD_CALLS") <= \${FAKE_EXPORT#busy-} )); then
                      echo "ERROR: (gcloud.sql.export.sql) HTTPError 409: Operation failed because another operation was already in progress." >&2; exit 1
                    fi
                    echo "operations/abc-123" ;;
  "sql operations wait") [[ "$FAKE_EXPORT" == fail ]] && { echo "ERROR: export failed: bucket refused the object" >&2; exit 1; }
                         exit 0 ;;
  *) echo "unexpected gcloud call: $*" >&2; exit 3 ;;
esac
`;

describe("sql-export.sh (with a stand-in gcloud)", () => {
  let dir: string;
  let calls: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "sql-export-"));
    writeFileSync(join(dir, "gcloud"), FAKE_GCLOUD);
    chmodSync(join(dir, "gcloud"), 0o755);
    calls = join(dir, "calls");
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function exportRun(env: Record<string, string | undefined>) {
    writeFileSync(calls, "");
    const run = spawnSync("bash", [SCRIPT], {
      env: {
        PATH: `${dir}:${process.env.PATH}`,
        GCLOUD_CALLS: calls,
        PROJECT: "acme-sec-prod",
        INSTANCE: "acme-prod-pg",
        DATABASE: "app",
        BUCKET: "acme-sec-prod-backups",
        PREFIX: "sql/acme-prod-pg/",
        ...env,
      },
      encoding: "utf8",
      timeout: 30_000,
    });
    const lines = run.stdout
      .split("\n")
      .filter((l) => l !== "")
      .map((l) => JSON.parse(l));
    return { status: run.status, lines, result: lines[lines.length - 1], calls: readFileSync(calls, "utf8") };
  }

  test("exports to a new, timestamped object under the prefix, waits for it, and logs success", () => {
    const run = exportRun({});
    expect(run.status).toBe(0);
    const uri = /^gs:\/\/acme-sec-prod-backups\/sql\/acme-prod-pg\/\d{8}T\d{6}Z\.sql\.gz$/;
    expect(run.result).toMatchObject({
      severity: "INFO",
      job: "sql-export",
      result: "success",
      uri: expect.stringMatching(uri),
      operation: "operations/abc-123",
    });
    const [exportCall, waitCall] = run.calls.trim().split("\n");
    expect(exportCall).toMatch(
      /^sql export sql acme-prod-pg gs:\/\/acme-sec-prod-backups\/sql\/acme-prod-pg\/\d{8}T\d{6}Z\.sql\.gz --database=app --project=acme-sec-prod --async --quiet --format=value\(name\)$/,
    );
    expect(waitCall).toBe(
      "sql operations wait operations/abc-123 --project=acme-sec-prod --timeout=unlimited --quiet",
    );
  });

  test.each([
    ["refuse", "the export was refused", "HTTPError 403"],
    ["fail", "operation operations/abc-123 did not finish", "bucket refused the object"],
  ])("FAKE_EXPORT=%s: exits 1 with an ERROR line saying why", (mode, reason, detail) => {
    const run = exportRun({ FAKE_EXPORT: mode });
    expect(run.status).toBe(1);
    expect(run.result).toMatchObject({ severity: "ERROR", result: "failure" });
    expect(run.result.message).toContain(reason);
    expect(run.result.detail).toContain(detail);
  });

  test("a busy instance (HTTP 409: the backup or maintenance is running) is asked again, then exported", () => {
    const run = exportRun({ FAKE_EXPORT: "busy-2", EXPORT_RETRY_SECONDS: "0" });
    expect(run.status).toBe(0);
    expect(run.calls.split("\n").filter((c) => c.startsWith("sql export sql"))).toHaveLength(3);
    expect(run.lines.filter((l) => l.message.startsWith("Cloud SQL is busy"))).toHaveLength(2);
    expect(run.result).toMatchObject({ result: "success" });
  });

  test("an instance still busy after EXPORT_ATTEMPTS requests fails, naming the attempts", () => {
    const run = exportRun({ FAKE_EXPORT: "busy-9", EXPORT_ATTEMPTS: "3", EXPORT_RETRY_SECONDS: "0" });
    expect(run.status).toBe(1);
    expect(run.calls.split("\n").filter((c) => c.startsWith("sql export sql"))).toHaveLength(3);
    expect(run.result.message).toContain("the export was refused (attempt 3 of 3)");
    expect(run.result.detail).toContain("HTTPError 409");
    // Any other refusal is not retried.
    expect(
      exportRun({ FAKE_EXPORT: "refuse", EXPORT_RETRY_SECONDS: "0" }).calls.trim().split("\n"),
    ).toHaveLength(1);
  });

  test("an incomplete environment exits 2 before calling gcloud", () => {
    const missing = exportRun({ BUCKET: "" });
    expect([missing.status, missing.result.message, missing.calls]).toEqual([
      2,
      "environment variable BUCKET is not set",
      "",
    ]);
    expect(exportRun({ PREFIX: "sql" }).status).toBe(2);
  });
});
