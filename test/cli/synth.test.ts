import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
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
    expect(readdirSync(".").sort()).toEqual(["baseline.yaml", "cdktf.out"]);
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
    expect(readdirSync(".").sort()).toEqual(["baseline.yaml", "cdktf.out"]);
  });

  it("exits 2 with the configuration problems and writes nothing for an invalid baseline.yaml", async () => {
    const { code, stderr } = await baseline(["synth", "--config", "missing.yaml"]);
    expect(code).toBe(2);
    expect(stderr).toBe("missing.yaml: invalid configuration\n  cannot read the file: ENOENT\n");
    expect(readdirSync(".").sort()).toEqual(["baseline.yaml", "cdktf.out"]);
  });
});
