import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { REPO_ROOT } from "../support/synth";

const JEST = join(REPO_ROOT, "node_modules", "jest", "bin", "jest.js");

/** Runs one host suite in a jest of its own, with no root filesystem, and `extra` in its environment. */
function hostSuiteWithoutRootfs(extra: Record<string, string>): { status: number; output: string } {
  const env: Record<string, string | undefined> = { ...process.env, ...extra, BASELINE_HOST_ROOTFS: "" };
  delete env.JEST_WORKER_ID;
  if (!("HOST_HARNESS_REQUIRED" in extra)) delete env.HOST_HARNESS_REQUIRED;
  const result = spawnSync(
    process.execPath,
    [JEST, "--ci", "--runInBand", "--colors=false", "test/hosts/failures.test.ts"],
    { cwd: REPO_ROOT, env, encoding: "utf8", timeout: 120 * 1000 },
  );
  return { status: result.status ?? -1, output: `${result.stdout}${result.stderr}` };
}

/**
 * The host harness cannot pass without booting anything: under `npm run test:hosts` (scripts/hosts/run.sh sets
 * HOST_HARNESS_REQUIRED=1) a host suite that cannot run fails; in the ordinary test run it is skipped.
 */
describe("host suites that cannot run (no root filesystem)", () => {
  test(
    "fail when the harness is required, as npm run test:hosts requires it",
    () => {
      const run = hostSuiteWithoutRootfs({ HOST_HARNESS_REQUIRED: "1" });
      expect(run.status).toBe(1);
      expect(run.output).toContain(
        "host harness required (HOST_HARNESS_REQUIRED=1), but BASELINE_HOST_ROOTFS is unset",
      );
      expect(run.output).toMatch(/Tests: +1 failed, 1 total/);
    },
    150 * 1000,
  );

  test(
    "are skipped in the ordinary test run",
    () => {
      const run = hostSuiteWithoutRootfs({});
      expect(run.status).toBe(0);
      expect(run.output).toMatch(/Tests: +1 skipped, 1 total/);
    },
    150 * 1000,
  );

  test("scripts/hosts/run.sh requires them", () => {
    const script = spawnSync(
      "bash",
      ["-c", "grep -x 'export HOST_HARNESS_REQUIRED=1' scripts/hosts/run.sh"],
      {
        cwd: REPO_ROOT,
        encoding: "utf8",
      },
    );
    expect(script.status).toBe(0);
  });
});
