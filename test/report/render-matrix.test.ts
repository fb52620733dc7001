import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { shellcheck } from "../support/shellcheck";
import { REPO_ROOT } from "../support/synth";
import { removeTemporaryDirectories, temporaryDirectory, writeCdktfOut } from "./support/cdktf-out";
import { estate } from "./support/evaluate";

const SCRIPT = join(REPO_ROOT, "scripts/render-matrix.sh");
const chromium = ["chromium", "chromium-browser", "google-chrome"].find(
  (name) => spawnSync("sh", ["-c", `command -v ${name}`]).status === 0,
);

afterAll(removeTemporaryDirectories);

describe("scripts/render-matrix.sh", () => {
  it("passes shellcheck", () => {
    expect(shellcheck(readFileSync(SCRIPT, "utf8"))).toEqual([]);
  });

  // CI installs Chromium (.ci/run), so there a missing browser fails this test instead of skipping it.
  const withChromium = chromium || process.env.CI ? it : it.skip;
  withChromium(
    `renders one row per control in headless Chromium${chromium ? "" : " (skipped: Chromium not installed; apt-get install -y chromium)"}`,
    () => {
      const input = writeCdktfOut(temporaryDirectory(), estate());
      const png = join(temporaryDirectory(), "matrix.png");
      const run = spawnSync("bash", [SCRIPT, input, png], { encoding: "utf8" });
      expect(run.stderr).toBe("");
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(/^Rendered \d+ controls: /);
      expect(readFileSync(png).subarray(1, 4).toString()).toBe("PNG");
    },
    120_000,
  );
});
