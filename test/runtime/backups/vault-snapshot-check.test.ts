import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { REPO_ROOT } from "../../support/synth";
import { LocalPostgres, findPostgresBin, freePort } from "./postgres";
import { LocalVault, VAULT_BINARY } from "./vault";

/*
 * The restore drill's Vault part (scripts/backups/sql-restore-drill.sh --vault-source), run for real: a raft
 * snapshot saved by a real Vault 1.21.0 (raft storage, TLS) on loopback with `vault operator raft snapshot save`,
 * named as the snapshot job names its objects (raft-<UTC time>.snap), checked by the drill with the real Vault
 * CLI and no server: the Vault is stopped before the drill runs, so `vault operator raft snapshot inspect` can
 * only have read the file. The SQL part runs as in sql-restore-drill.test.ts (--server, a real PostgreSQL).
 * What cannot run here: Cloud Run, the bucket mount, Cloud Logging reading the line.
 */
const PG_BIN = findPostgresBin();
const suite = VAULT_BINARY && PG_BIN ? describe : describe.skip;
if (!VAULT_BINARY || !PG_BIN) {
  process.stderr.write(
    "Restore drill Vault tests skipped: " +
      (!VAULT_BINARY ? "VAULT_BINARY is not set " : "") +
      (!PG_BIN ? "no PostgreSQL in /usr/lib/postgresql/*/bin " : "") +
      '(VAULT_BINARY="$(scripts/vault/build.sh)" npx jest test/runtime/backups)\n',
  );
}

const DRILL = join(REPO_ROOT, "scripts", "backups", "sql-restore-drill.sh");
const MINUTE = 60_000;

function stamp(hoursAgo = 0): string {
  return new Date(Date.now() - hoursAgo * 3_600_000)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type LogLine = Record<string, any>;

suite("restore drill: the Vault raft snapshot check, on a snapshot of a real Vault, offline", () => {
  let root: string;
  let pg: LocalPostgres;
  let exports: string;
  let snapshots: string;
  let snapshot: Buffer;
  let savedIndex: number;

  function drill(args: string[]): { status: number | null; lines: LogLine[]; result: LogLine } {
    const run = spawnSync(
      "bash",
      [
        DRILL,
        "--pg-bin",
        PG_BIN!,
        "--timeout",
        "120",
        "--server",
        "--source",
        exports,
        "--table",
        "public.backup_canary",
        "--vault-bin",
        VAULT_BINARY!,
        ...args,
      ],
      { env: pg.env, encoding: "utf8", timeout: 3 * MINUTE },
    );
    const lines = run.stdout
      .split("\n")
      .filter((line) => line !== "")
      .map((line) => JSON.parse(line));
    return { status: run.status, lines, result: lines[lines.length - 1] ?? {} };
  }

  /** A snapshots directory holding these files (name -> bytes). */
  function folder(name: string, files: Record<string, Buffer>): string {
    const dir = join(root, name);
    mkdirSync(dir, { recursive: true });
    for (const [file, bytes] of Object.entries(files)) writeFileSync(join(dir, file), bytes);
    return dir;
  }

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "vault-drill-"));
    chmodSync(root, 0o755);
    // A real Vault with a secret in it; its raft snapshot, saved as the snapshot job would; then it is stopped.
    const vault = new LocalVault(join(root, "vault"), "127.15.0.3", 18220);
    await vault.start();
    try {
      const keys = await vault.initialise();
      vault.ok(["secrets", "enable", "-path=secret", "kv-v2"], keys.rootToken);
      vault.ok(["kv", "put", "secret/app/db", "password=in-the-snapshot"], keys.rootToken);
      const file = join(root, "saved.snap");
      vault.ok(["operator", "raft", "snapshot", "save", file], keys.rootToken);
      snapshot = readFileSync(file);
      savedIndex = vault.json(["operator", "raft", "snapshot", "inspect", file]).Meta.Index;
    } finally {
      await vault.stop();
    }
    pg = new LocalPostgres(PG_BIN!, await freePort());
    pg.start();
    pg.sql("CREATE DATABASE app;");
    pg.sql("CREATE TABLE backup_canary (id int PRIMARY KEY); INSERT INTO backup_canary VALUES (1);", "app");
    exports = join(root, "sql");
    mkdirSync(exports);
    writeFileSync(join(exports, `${stamp(1)}.sql.gz`), gzipSync(pg.client("pg_dump", ["-d", "app"]).stdout));
    snapshots = folder("vault", {
      [`raft-${stamp(40)}.snap`]: Buffer.from("an older object, not even a snapshot"),
      [`raft-${stamp(2)}.snap`]: snapshot,
      "unrelated.txt": Buffer.from("not a snapshot"),
    });
  }, 5 * MINUTE);

  afterAll(() => {
    pg?.stop();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  test("checks the newest snapshot (age, SHA256SUMS, inspect with no server) and reports it in the result line", () => {
    const run = drill(["--vault-source", snapshots, "--vault-max-age-hours", "30"]);
    expect(run.status).toBe(0);
    expect(run.result).toMatchObject({
      severity: "INFO",
      drill: "sql-restore",
      result: "success",
      vaultSnapshot: expect.stringMatching(/\/raft-\d{8}T\d{6}Z\.snap$/),
      vaultSnapshotChecked: true,
      vaultSnapshotAgeHours: expect.any(Number),
      vaultSnapshotIndex: savedIndex,
      vaultSnapshotKeys: expect.any(Number),
    });
    expect(run.result.vaultSnapshot).toContain(`raft-${stamp(2).slice(0, 11)}`);
    expect(run.result.vaultSnapshotAgeHours).toBeLessThanOrEqual(2);
    expect(run.result.vaultSnapshotKeys).toBeGreaterThan(0);
    expect(run.result.message).toMatch(/Vault snapshot raft-\d{8}T\d{6}Z\.snap checked$/);
    expect(run.lines.some((l) => /^vault: raft snapshot .* checked/.test(l.message))).toBe(true);
  });

  test("without --vault-source the drill's line carries no Vault fields (the SQL-only drill is unchanged)", () => {
    const run = drill([]);
    expect(run.status).toBe(0);
    expect(Object.keys(run.result).filter((k) => k.startsWith("vault"))).toEqual([]);
  });

  test("a snapshot older than the schedule's period plus slack fails the drill", () => {
    const stale = folder("stale", { [`raft-${stamp(31)}.snap`]: snapshot });
    const run = drill(["--vault-source", stale, "--vault-max-age-hours", "30"]);
    expect(run.status).toBe(1);
    expect(run.result).toMatchObject({ result: "failure", vaultSnapshotChecked: false });
    expect(run.result.reason).toMatch(/^vault: newest snapshot raft-\d{8}T\d{6}Z\.snap is 3[01] hours old/);
  });

  test("a snapshot whose content no longer matches its SHA256SUMS fails, before inspect", () => {
    const dir = join(root, "tampered-tree");
    mkdirSync(dir);
    expect(spawnSync("tar", ["-xzf", "-", "-C", dir], { input: snapshot }).status).toBe(0);
    writeFileSync(
      join(dir, "state.bin"),
      Buffer.concat([readFileSync(join(dir, "state.bin")), Buffer.from("x")]),
    );
    const repacked = spawnSync("tar", [
      "-czf",
      "-",
      "-C",
      dir,
      "meta.json",
      "state.bin",
      "SHA256SUMS",
    ]).stdout;
    const run = drill(["--vault-source", folder("tampered", { [`raft-${stamp(1)}.snap`]: repacked })]);
    expect(run.status).toBe(1);
    expect(run.result.reason).toMatch(/^vault: the checksums in raft-\S+ do not match its content$/);
  });

  test("a truncated snapshot, or a directory without any, fails with the reason", () => {
    const truncated = folder("truncated", {
      [`raft-${stamp(1)}.snap`]: snapshot.subarray(0, Math.floor(snapshot.length / 2)),
    });
    const run = drill(["--vault-source", truncated]);
    expect(run.status).toBe(1);
    expect(run.result.reason).toMatch(/^vault: (raft-\S+ is not a gzip'd tar archive|raft-\S+ has no )/);
    const empty = drill(["--vault-source", folder("empty", { "notes.txt": Buffer.from("x") })]);
    expect([empty.status, empty.result.reason]).toEqual([1, `vault: no raft-<time>.snap in ${root}/empty`]);
  });

  test("a file the Vault CLI cannot read as a snapshot fails at inspect even when its sums match", () => {
    // A well-formed archive whose state.bin is not a raft FSM snapshot: the sums and sizes match, inspect refuses.
    const dir = join(root, "forged-tree");
    mkdirSync(dir);
    writeFileSync(join(dir, "state.bin"), "not a raft state\n");
    writeFileSync(
      join(dir, "meta.json"),
      JSON.stringify({ Version: 1, ID: "2-1-1", Index: savedIndex, Term: 2, Size: 17 }),
    );
    const sums = spawnSync("sha256sum", ["meta.json", "state.bin"], { cwd: dir, encoding: "utf8" }).stdout;
    writeFileSync(join(dir, "SHA256SUMS"), sums);
    const forged = spawnSync("tar", ["-czf", "-", "-C", dir, "meta.json", "state.bin", "SHA256SUMS"]).stdout;
    const run = drill(["--vault-source", folder("forged", { [`raft-${stamp(1)}.snap`]: forged })]);
    expect(run.status).toBe(1);
    expect(run.result.reason).toMatch(/^vault: vault operator raft snapshot inspect refused raft-\S+\.snap$/);
    expect(run.result.detail).toContain("error parsing snapshot state");
  });

  test("a usage error for a bad --vault-max-age-hours", () => {
    const run = drill(["--vault-source", snapshots, "--vault-max-age-hours", "soon"]);
    expect(run.status).toBe(2);
  });
});
