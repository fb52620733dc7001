import {
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { CATALOGUE } from "../../policies/controls";
import { editBaseline } from "../support/baseline-text";
import { baseline } from "../support/cli";
import { EXAMPLE_CONTROLS, TEN_YEAR_RETENTION } from "../support/example-controls";

/** `baseline synth` (= npm start) in a scratch directory holding a copy of the default baseline.yaml. */
describe("baseline synth", () => {
  const repo = process.cwd();
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "baseline-synth-"));
    copyFileSync(resolve(repo, "baseline.yaml"), join(dir, "baseline.yaml"));
    process.chdir(dir);
  });
  afterAll(() => {
    process.chdir(repo);
    rmSync(dir, { recursive: true, force: true });
  });

  /** Directory entries, sorted, with each output generation's unique suffix shown as `*`. */
  const entries = (path: string) =>
    readdirSync(path)
      .map((name) => name.replace(/\.generation-\d+-\d+$/, ".generation-*"))
      .sort();

  const previousOutput = () => {
    mkdirSync("cdktf.out", { recursive: true });
    writeFileSync(join("cdktf.out", "previous-run"), "");
  };

  it("keeps the previous cdktf.out and exits 1 with the failing findings when a control fails", async () => {
    previousOutput();
    const { code, stderr } = await baseline(["synth"], [TEN_YEAR_RETENTION]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/FAIL {2}TEST-05 \[medium\] {2}[a-z]+-[a-z]+\/google_storage_bucket\./);
    expect(stderr).toMatch(/cdktf\.out\/ was left unchanged: fix the failing controls above/);
    // Sources are named within the output: the staging directory they were read from is gone.
    expect(stderr).toMatch(/\n {4}source: stacks\/[a-z]+-[a-z]+\/cdk\.tf\.json:\d+\n/);
    expect(stderr).not.toContain("cdktf.out.staging-");
    expect(entries(".")).toEqual(["baseline.yaml", "cdktf.out"]);
    expect(existsSync(join("cdktf.out", "previous-run"))).toBe(true);
  });

  it("replaces cdktf.out and prints the check summary when every control passes", async () => {
    previousOutput();
    const { code, stdout, stderr } = await baseline(["synth"], EXAMPLE_CONTROLS);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^Synthesized \d+ stacks from baseline\.yaml into cdktf\.out\/ and checked them in [\d.]+ s\n/,
    );
    expect(stdout).toMatch(/\nStacks: bootstrap \(\d+\), prod-[a-z]+ \(\d+\), .*; \d+ resources\n/);
    expect(stdout).toContain("\nControls: 4: 4 passed, 0 failed, 0 unknown, 0 waived, 0 not applicable\n");
    expect(stdout).toContain("\nResult: PASS\n");
    expect(existsSync(join("cdktf.out", "previous-run"))).toBe(false);
    expect(existsSync(join("cdktf.out", "manifest.json"))).toBe(true);
    // The matrix reviewers read, written from the same findings (its rows: the controls checked).
    expect(stdout).toContain("\nControl matrix, with the backups per store: cdktf.out/matrix.md\n");
    const matrix = readFileSync(join("cdktf.out", "matrix.md"), "utf8");
    for (const control of EXAMPLE_CONTROLS) expect(matrix).toContain(control.id);
    expect(matrix).not.toContain("cdktf.out.staging");
    expect(matrix).not.toContain(dir);
    // cdktf.out is a symlink to the generation just written: flipping it is one atomic rename.
    expect(lstatSync("cdktf.out").isSymbolicLink()).toBe(true);
    expect(entries(".")).toEqual(["baseline.yaml", "cdktf.out", "cdktf.out.generation-*"]);
  });

  it("keeps cdktf.out readable at every moment of a run and removes what killed runs left behind", async () => {
    mkdirSync("cdktf.out.staging-999999999-1");
    mkdirSync("cdktf.out.generation-999999999-1");
    const before = readlinkSync("cdktf.out");
    const { code } = await baseline(["synth"], EXAMPLE_CONTROLS);
    expect(code).toBe(0);
    const after = readlinkSync("cdktf.out");
    expect(after).not.toBe(before);
    // The previous generation stays until the next run, for a reader that is still inside it.
    expect(readdirSync(".").sort()).toEqual(["baseline.yaml", "cdktf.out", before, after].sort());
  });

  it("exits 2 with the configuration problems and writes nothing for an invalid baseline.yaml", async () => {
    const before = readdirSync(".").sort();
    const { code, stderr } = await baseline(["synth", "--config", "missing.yaml"]);
    expect(code).toBe(2);
    expect(stderr).toBe(
      "missing.yaml: invalid configuration\n  cannot read the file: ENOENT (no such file or directory)\n",
    );
    expect(readdirSync(".").sort()).toEqual(before);
  });

  describe("--outdir and --no-check (for CI diffs)", () => {
    afterEach(() => rmSync("out", { recursive: true, force: true }));

    // A value the schema accepts and MON-03 rejects (application logs are kept exactly 30 days).
    const writeFailingConfig = () =>
      writeFileSync(
        "failing.yaml",
        editBaseline("  applicationLogRetentionDays: 30", "  applicationLogRetentionDays: 1").text,
      );
    afterAll(() => rmSync("failing.yaml", { force: true }));

    it("writes a configuration that fails a control into DIR with --no-check and exits 0; check gives the verdict", async () => {
      writeFailingConfig();
      mkdirSync(join("out", "head"), { recursive: true });
      writeFileSync(join("out", "head", "manifest.json"), "{}");

      const checked = await baseline(
        ["synth", "--config", "failing.yaml", "--outdir", "./out/head/"],
        CATALOGUE,
      );
      expect(checked.code).toBe(1);
      expect(checked.stderr).toMatch(/FAIL {2}MON-03 \[medium\] {2}prod-monitoring\//);
      expect(checked.stderr).toContain("out/head/ was left unchanged: fix the failing controls above");
      expect(readdirSync(join("out", "head"))).toEqual(["manifest.json"]);

      const written = await baseline(
        ["synth", "--config", "failing.yaml", "--outdir", "./out/head/", "--no-check"],
        CATALOGUE,
      );
      expect(written.stderr).toBe("");
      expect(written.code).toBe(0);
      expect(written.stdout).toMatch(
        /^Synthesized \d+ stacks from failing\.yaml into out\/head\/ in [\d.]+ s\n/,
      );
      expect(written.stdout).toContain(
        "\nControls not checked (--no-check): `baseline check out/head` gives the verdict\n",
      );
      expect(entries("out")).toEqual(["head", "head.generation-*"]);
      expect(readdirSync(join("out", "head")).sort()).toEqual(["manifest.json", "stacks"]);
      expect(existsSync(join("out", "head", "stacks", "prod-monitoring", "cdk.tf.json"))).toBe(true);

      const verdict = await baseline(["check", join("out", "head")], CATALOGUE);
      expect(verdict.code).toBe(1);
      expect(verdict.stdout).toMatch(/FAIL {2}MON-03 \[medium\] {2}prod-monitoring\//);
    });

    it("creates DIR's parent directories and writes a passing synth there", async () => {
      const { code, stdout } = await baseline(["synth", "--outdir", join("out", "a", "b")]);
      expect(code).toBe(0);
      expect(stdout).toMatch(/ into out\/a\/b\/ and checked them in /);
      expect(entries(join("out", "a"))).toEqual(["b", "b.generation-*"]);
      expect(existsSync(join("out", "a", "b", "manifest.json"))).toBe(true);
    });

    it.each([
      [".", /--outdir must name a directory that does not hold the working directory; found "\."/],
      ["..", /--outdir must name a directory that does not hold the working directory; found "\.\."/],
      [
        "out/notes",
        /--outdir out\/notes: expected a new or empty directory or the output of an earlier synth \(with manifest\.json\), since it is replaced; found todo\.txt\n/,
      ],
      [
        "out/notes/todo.txt",
        /--outdir out\/notes\/todo\.txt: expected a directory to replace; found a file\n/,
      ],
    ])("refuses --outdir %s, which replacing would destroy, and exits 2", async (outdir, message) => {
      mkdirSync(join("out", "notes"), { recursive: true });
      writeFileSync(join("out", "notes", "todo.txt"), "keep me");
      const { code, stderr } = await baseline(["synth", "--outdir", outdir, "--no-check"]);
      expect(code).toBe(2);
      expect(stderr).toMatch(message);
      expect(stderr).toContain("Usage: baseline synth");
      expect(readdirSync(join("out", "notes"))).toEqual(["todo.txt"]);
    });

    it("refuses --outdir and --no-check under cdktf synth, which owns the output directory", async () => {
      process.env.CDKTF_OUTDIR = join("out", "cdktf");
      try {
        const { code, stderr } = await baseline(["synth", "--no-check"]);
        expect(code).toBe(2);
        expect(stderr).toMatch(/^baseline synth: --outdir and --no-check do not apply under `cdktf synth`/);
      } finally {
        delete process.env.CDKTF_OUTDIR;
      }
      expect(existsSync("out")).toBe(false);
    });
  });
});
