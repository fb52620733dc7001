import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { editBaseline } from "../support/baseline-text";
import { REPO_ROOT } from "../support/synth";

describe("npm start with a broken baseline.yaml", () => {
  let cwd: string;
  beforeAll(() => {
    cwd = mkdtempSync(join(tmpdir(), "baseline-main-"));
  });
  afterAll(() => rmSync(cwd, { recursive: true, force: true }));

  test("exits 2 with the precise error and leaves the previous cdktf.out untouched", () => {
    const { text, line } = editBaseline("  rotationDays: 90", "  rotationDays: 365");
    writeFileSync(join(cwd, "broken.yaml"), text);
    const previous = join(cwd, "cdktf.out");
    mkdirSync(previous);
    writeFileSync(join(previous, "manifest.json"), '{"previous": true}');

    const run = spawnSync(
      join(REPO_ROOT, "node_modules/.bin/tsx"),
      [join(REPO_ROOT, "main.ts"), "--config", "broken.yaml"],
      {
        cwd,
        env: { ...process.env, CHECKPOINT_DISABLE: "1" },
        encoding: "utf8",
      },
    );

    expect(run.status).toBe(2);
    expect(run.stderr).toContain(
      `broken.yaml:${line}: kms.rotationDays: key rotation must be 90 days or fewer; found 365`,
    );
    expect(readdirSync(cwd).sort()).toEqual(["broken.yaml", "cdktf.out"]);
    expect(readdirSync(previous)).toEqual(["manifest.json"]);
    expect(readFileSync(join(previous, "manifest.json"), "utf8")).toBe('{"previous": true}');
  });
});
