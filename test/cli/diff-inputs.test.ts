import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CATALOGUE } from "../../policies/controls";
import { removeTemporaryDirectories, temporaryDirectory } from "../report/support/cdktf-out";
import { sarifProblems } from "../report/support/sarif-shape";
import { baseline } from "../support/cli";

const BASE = "test/report/fixtures/hcl/base/infra";
const HEAD = "test/report/fixtures/hcl/head/infra";
const PLAN = "test/fixtures/plan/prod-backup.plan.json";

afterAll(removeTemporaryDirectories);

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

describe("diff on plan JSONs named differently", () => {
  // A plan is one stack named after its file: head.plan.json is compared as the base plan's stack.
  const plan = JSON.parse(readFileSync(PLAN, "utf8"));
  const headPlan = (change: (key: Record<string, unknown>) => void) => {
    const copy = structuredClone(plan);
    const key = copy.planned_values.root_module.resources.find(
      (r: { address: string }) => r.address === "google_kms_crypto_key.backups",
    );
    change(key.values);
    const file = join(temporaryDirectory(), "head.plan.json");
    writeFileSync(file, JSON.stringify(copy));
    return file;
  };

  it("finds nothing changed between a plan and its copy under another name", async () => {
    const { code, stdout } = await baseline(["diff", PLAN, headPlan(() => {})], CATALOGUE);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^0 regressions, 0 improvements in 0 resources; 0 resources added, 0 removed; \d+ findings unchanged\n$/,
    );
  });

  it("exits 1 when the planned key rotates yearly", async () => {
    const { code, stdout } = await baseline(
      ["diff", PLAN, headPlan((key) => void (key.rotation_period = "31536000s"))],
      CATALOGUE,
    );
    expect(code).toBe(1);
    expect(stdout).toContain("prod-backup/google_kms_crypto_key.backups: pass → fail");
    expect(stdout).toContain("rotation_period 7776000s → 31536000s");
  });
});
