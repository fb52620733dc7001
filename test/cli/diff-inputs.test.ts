import { CATALOGUE } from "../../policies/controls";
import { sarifProblems } from "../report/support/sarif-shape";
import { baseline } from "../support/cli";

const BASE = "test/report/fixtures/hcl/base/infra";
const HEAD = "test/report/fixtures/hcl/head/infra";

describe("diff and SARIF on .tf directories", () => {
  it("diffs two .tf checkouts: the key's rotation and the lost Armor policy are regressions, exit 1", async () => {
    const { code, stdout, stderr } = await baseline(["diff", BASE, HEAD], CATALOGUE);
    expect(stderr).toBe("");
    expect(code).toBe(1);
    expect(stdout).toContain(
      [
        "  ENC-02 Keys rotate automatically every 90 days or sooner [high]",
        "    infra/google_kms_crypto_key.disks: pass → fail: google_kms_crypto_key.disks: rotates every 365 days, more than 90",
        "      rotation_period 7776000s → 31536000s",
      ].join("\n"),
    );
    expect(stdout).toContain(
      [
        "    infra/google_compute_backend_service.api: pass → fail: google_compute_backend_service.api: no security_policy: no Cloud Armor rule applies",
        '      security_policy "${google_compute_security_policy.armor.id}" → (absent)',
      ].join("\n"),
    );
    expect(stdout).not.toContain("Improved");
  });

  it("locates SARIF results at the .tf file and the line of the resource block", async () => {
    const { stdout } = await baseline(["check", HEAD, "--format", "sarif"], CATALOGUE);
    const sarif = JSON.parse(stdout);
    expect(sarifProblems(sarif)).toEqual([]);
    const rotation = sarif.runs[0].results.find((r: { ruleId: string }) => r.ruleId === "ENC-02");
    expect(rotation.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: `${HEAD}/main.tf` },
      region: { startLine: 2 },
    });
  });
});
