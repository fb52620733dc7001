import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Runs shellcheck on a bash script and returns its findings (empty when clean). Throws when shellcheck is not
 * installed: CI installs it (.ci/run), and a script that was never checked must not pass.
 */
export function shellcheck(script: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), "shellcheck-"));
  try {
    const file = join(dir, "script.sh");
    writeFileSync(file, script);
    const result = spawnSync("shellcheck", ["--shell=bash", "--severity=style", "--format=gcc", file], {
      encoding: "utf8",
    });
    if (result.error) {
      throw new Error(`shellcheck is not installed (apt-get install -y shellcheck): ${result.error.message}`);
    }
    return result.stdout
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => line.replace(`${file}:`, "line "));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
