import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { REPO_ROOT } from "../../support/synth";
import { LocalPostgres, findPostgresBin, freePort } from "./postgres";

/*
 * The restore drill (scripts/backups/sql-restore-drill.sh), run for real: a PostgreSQL server started here on
 * 127.0.0.1 holds the application's database, pg_dump writes exports the way the export job names them
 * (plain SQL, gzipped, `<UTC time>.sql.gz`, as `gcloud sql export sql` writes them; and pg_dump's archive
 * formats), and the drill restores the newest into a scratch database on that server (--server) or into a
 * throwaway server of its own (--ephemeral-server, what the Cloud Run job runs), counts a known table and
 * prints its JSON result line. What cannot run here: Cloud Run, the bucket mount, Cloud Logging reading the line.
 */
const PG_BIN = findPostgresBin();
const suite = PG_BIN ? describe : describe.skip;
if (!PG_BIN) {
  console.info(
    "Restore drill tests skipped: no PostgreSQL with initdb, pg_ctl, postgres, psql, pg_dump and pg_restore in " +
      "/usr/lib/postgresql/*/bin (apt-get install -y postgresql-15, or set PG_BIN to such a bin directory)",
  );
}

const DRILL = join(REPO_ROOT, "scripts", "backups", "sql-restore-drill.sh");
const APP_ROLE = "app-db@acme-sec-prod.iam";
const MINUTE = 60_000;

/** `20261202T171500Z`: how the export job names exports. */
function stamp(hoursAgo = 0): string {
  return new Date(Date.now() - hoursAgo * 3_600_000)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
}

/** One JSON line the drill printed (fields vary by line). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type LogLine = Record<string, any>;

interface DrillRun {
  readonly status: number | null;
  /** Every stdout line, parsed: the drill prints nothing but JSON objects. */
  readonly lines: LogLine[];
  readonly result: LogLine;
  readonly stderr: string;
}

suite("restore drill against a real PostgreSQL", () => {
  let pg: LocalPostgres;
  let work: string;
  let exports: string;
  let plain: Buffer;
  /** The newest export's file name. */
  let newest: string;

  function drill(args: string[], env: NodeJS.ProcessEnv = pg.env): DrillRun {
    const run = spawnSync("bash", [DRILL, "--pg-bin", PG_BIN!, "--timeout", "120", ...args], {
      env,
      encoding: "utf8",
      timeout: 3 * MINUTE,
    });
    const lines = run.stdout
      .split("\n")
      .filter((line) => line !== "")
      .map((line) => JSON.parse(line));
    return { status: run.status, lines, result: lines[lines.length - 1] ?? {}, stderr: run.stderr };
  }

  function databases(): string[] {
    return pg.sql("SELECT datname FROM pg_database ORDER BY 1").split("\n");
  }

  beforeAll(async () => {
    pg = new LocalPostgres(PG_BIN!, await freePort());
    pg.start();
    work = mkdtempSync(join(tmpdir(), "backup-drill-"));
    chmodSync(work, 0o755);
    exports = join(work, "sql", "acme-prod-pg");
    mkdirSync(exports, { recursive: true });
    // The application's database, owned by its IAM user as on Cloud SQL, with the table the drill counts.
    pg.sql(`CREATE ROLE "${APP_ROLE}" LOGIN; CREATE DATABASE app OWNER "${APP_ROLE}";`);
    pg.sql(
      "CREATE TABLE backup_canary (id int PRIMARY KEY, written_at timestamptz NOT NULL DEFAULT now());" +
        "INSERT INTO backup_canary (id) SELECT generate_series(1, 25);" +
        "CREATE TABLE orders (id bigserial PRIMARY KEY, note text);" +
        "INSERT INTO orders (note) VALUES ('COPY data that looks like SQL: GRANT ALL ON x TO y;');" +
        "GRANT SELECT ON backup_canary TO PUBLIC;",
      "app",
      APP_ROLE,
    );
    plain = pg.client("pg_dump", ["-d", "app"]).stdout;
    // Cloud SQL exports carry the pgaudit extension, which stock PostgreSQL does not have.
    const withPgaudit = plain
      .toString("utf8")
      .replace(
        /^SET client_min_messages = warning;$/m,
        "$&\nCREATE EXTENSION IF NOT EXISTS pgaudit WITH SCHEMA public;\nCOMMENT ON EXTENSION pgaudit IS 'audit';",
      );
    expect(withPgaudit).toContain("CREATE EXTENSION IF NOT EXISTS pgaudit");
    // An older export (fewer rows) and the newest; the drill must pick the newest by name.
    writeFileSync(join(exports, `${stamp(30)}.sql.gz`), gzipSync(Buffer.from("-- older export\n")));
    newest = `${stamp(1)}.sql.gz`;
    writeFileSync(join(exports, newest), gzipSync(Buffer.from(withPgaudit)));
  }, 5 * MINUTE);

  afterAll(() => {
    pg?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test(
    "--server: restores the newest export into a scratch database, counts the table, drops everything it made",
    () => {
      const before = databases();
      const run = drill([
        "--server",
        "--source",
        exports,
        "--table",
        "public.backup_canary",
        "--min-rows",
        "25",
      ]);
      expect(run.status).toBe(0);
      expect(run.lines.every((l) => typeof l.severity === "string" && l.drill === "sql-restore")).toBe(true);
      expect(run.result).toMatchObject({
        severity: "INFO",
        result: "success",
        rows: 25,
        format: "plain-gzip",
        mode: "server",
        table: "public.backup_canary",
        source: join(exports, newest),
        rolesCreated: [],
      });
      expect(databases()).toEqual(before);
    },
    3 * MINUTE,
  );

  test(
    "--ephemeral-server: restores into a throwaway server, creating the owner role the dump names",
    () => {
      const run = drill(["--ephemeral-server", "--source", exports, "--table", "public.orders"]);
      expect({ status: run.status, reason: run.result.reason }).toEqual({ status: 0, reason: undefined });
      expect(run.result).toMatchObject({
        result: "success",
        rows: 1,
        mode: "ephemeral",
        rolesCreated: [APP_ROLE],
      });
    },
    3 * MINUTE,
  );

  test(
    "pg_dump's custom and directory formats restore too (without owners or grants)",
    () => {
      const custom = join(work, `${stamp()}.dump`);
      pg.client("pg_dump", ["-Fc", "-d", "app", "-f", custom]);
      const directory = join(work, `${stamp()}-dir`);
      pg.client("pg_dump", ["-Fd", "-d", "app", "-f", directory]);
      spawnSync("chmod", ["-R", "a+rX", work]);
      for (const [source, format] of [
        [custom, "custom"],
        [directory, "directory"],
      ]) {
        const run = drill(["--server", "--source", source, "--table", "public.backup_canary"]);
        expect([format, run.status, run.result.result, run.result.format, run.result.rows]).toEqual([
          format,
          0,
          "success",
          format,
          25,
        ]);
      }
    },
    3 * MINUTE,
  );

  test(
    "fails, with the reason, when the known table is missing or holds too few rows; leaves nothing behind",
    () => {
      const before = databases();
      const missing = drill(["--server", "--source", exports, "--table", "public.missing"]);
      expect(missing.status).toBe(1);
      expect(missing.result).toMatchObject({
        severity: "ERROR",
        result: "failure",
        reason: "the restored export has no readable table public.missing",
        detail: expect.stringContaining('relation "public.missing" does not exist'),
      });
      const few = drill([
        "--server",
        "--source",
        exports,
        "--table",
        "public.backup_canary",
        "--min-rows",
        "26",
      ]);
      expect(few.status).toBe(1);
      expect(few.result.reason).toBe(
        "public.backup_canary holds 25 rows in the restored export, fewer than 26",
      );
      expect(databases()).toEqual(before);
    },
    3 * MINUTE,
  );

  test(
    "fails when the newest export is stale: the export job has stopped",
    () => {
      const stale = join(work, "stale");
      mkdirSync(stale);
      copyFileSync(join(exports, newest), join(stale, `${stamp(72)}.sql.gz`));
      const run = drill(["--server", "--source", stale, "--table", "public.backup_canary"]);
      expect(run.status).toBe(1);
      expect(run.result.reason).toMatch(/is (71|72) hours old, more than 48: the export job is not running/);
      // A name without a time falls back to the file's modification time.
      const unnamed = join(work, "unnamed");
      mkdirSync(unnamed);
      const file = join(unnamed, "export.sql.gz");
      copyFileSync(join(exports, newest), file);
      const old = new Date(Date.now() - 100 * 3_600_000);
      utimesSync(file, old, old);
      expect(
        drill(["--server", "--source", unnamed, "--table", "public.backup_canary"]).result.reason,
      ).toMatch(/is (99|100) hours old/);
    },
    3 * MINUTE,
  );

  test(
    "fails on a truncated export, an empty prefix, and an extension the server lacks when told not to skip it",
    () => {
      const truncated = join(work, "truncated");
      mkdirSync(truncated);
      const whole = gzipSync(plain);
      writeFileSync(join(truncated, `${stamp()}.sql.gz`), whole.subarray(0, Math.floor(whole.length / 2)));
      expect(
        drill(["--server", "--source", truncated, "--table", "public.backup_canary"]).result.reason,
      ).toMatch(/is not a readable gzip file|stopped at an error/);
      const empty = join(work, "empty");
      mkdirSync(empty);
      const none = drill(["--server", "--source", empty, "--table", "public.backup_canary"]);
      expect([none.status, none.result.reason]).toEqual([1, `no export in ${empty}`]);
      const strict = drill([
        "--server",
        "--source",
        exports,
        "--table",
        "public.backup_canary",
        "--skip-extension",
        "none",
      ]);
      expect(strict.status).toBe(1);
      expect(strict.result.detail).toContain('extension "pgaudit" is not available');
    },
    3 * MINUTE,
  );

  test("refuses bad arguments with exit status 2 and a JSON line", () => {
    for (const args of [
      ["--server", "--table", "public.t"],
      ["--source", exports, "--table", "public.t"],
      ["--server", "--source", exports, "--table", "t; DROP TABLE x"],
      ["--server", "--source", exports, "--table", "public.t", "--min-rows"],
    ]) {
      const run = drill(args);
      expect([args.join(" "), run.status, run.result.result]).toEqual([args.join(" "), 2, "usage-error"]);
    }
  });

  test("the plain export names its owner and grantees, so the ephemeral restore had a role to create", () => {
    const text = gunzipSync(gzipSync(plain)).toString("utf8");
    expect(text).toContain(`OWNER TO "${APP_ROLE}";`);
    expect(text).toContain("GRANT SELECT ON TABLE public.backup_canary TO PUBLIC;");
  });
});
