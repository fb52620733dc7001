import { spawnSync } from "node:child_process";
import { CATALOGUE } from "../../policies/controls";

describe("bin/baseline.js", () => {
  it("runs as a real process: lists the catalogue as JSON and exits 0", () => {
    const result = spawnSync(process.execPath, ["bin/baseline.js", "controls", "--format", "json"], {
      encoding: "utf8",
    });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).controls.map((c: { id: string }) => c.id)).toEqual(
      CATALOGUE.map((c) => c.id),
    );
  });
});
