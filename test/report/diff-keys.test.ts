import { CATALOGUE } from "../../policies/controls";
import { runCheck } from "../../policies/engine/check";
import { modelFromDocuments } from "../../policies/load/documents";
import { readTerraformJson } from "../../policies/load/terraform-json";
import { securityDiff } from "../../policies/report/diff/compare";
import { type TerraformJson, synthBaseline } from "../support/synth";

/** The diff compares each finding of `check` on its own: none hides another, so no regression is lost. */
function evaluated(stacks: Record<string, TerraformJson>) {
  const documents = Object.entries(stacks).map(([stack, json]) => readTerraformJson(json, { stack }));
  const input = { model: modelFromDocuments(documents), stacks: documents };
  const report = runCheck(input, { controls: CATALOGUE, today: "2030-06-15" });
  return { report, side: { findings: report.findings, resources: input.model.resources } };
}

const ALERTS = "google_monitoring_alert_policy";

describe("the security diff keys findings by control, resource and subject", () => {
  test("on identical inputs every finding of check is one unchanged finding of diff", () => {
    const { report, side } = evaluated(synthBaseline());
    const diff = securityDiff(side, side, CATALOGUE);
    expect(diff.unchanged).toBe(report.summary.findings.total);
  });

  test("removing two CIS alert policies is two regressions, one per missing alert", () => {
    const before = synthBaseline();
    const after = structuredClone(before);
    const alerts = after["prod-monitoring"].resource![ALERTS];
    const removed = Object.keys(alerts).slice(0, 2);
    for (const name of removed) delete alerts[name];
    const diff = securityDiff(evaluated(before).side, evaluated(after).side, CATALOGUE);
    const mon07 = diff.regressed.filter((c) => c.control === "MON-07");
    expect(mon07).toHaveLength(2);
    expect(new Set(mon07.map((c) => c.message.split(":")[0])).size).toBe(2);
  });

  test("every failing finding that the change adds is listed as a regression", () => {
    const before = synthBaseline();
    const after = structuredClone(before);
    for (const name of Object.keys(after["prod-monitoring"].resource![ALERTS]).slice(0, 3))
      delete after["prod-monitoring"].resource![ALERTS][name];
    after["prod-kms"].resource!.google_kms_crypto_key = Object.fromEntries(
      Object.entries(after["prod-kms"].resource!.google_kms_crypto_key).map(([k, v]) => [
        k,
        { ...v, rotation_period: "31536000s" },
      ]),
    );
    const old = evaluated(before);
    const now = evaluated(after);
    const key = (f: { control: string; resource: string; subject?: string }) =>
      JSON.stringify([f.control, f.resource, f.subject ?? ""]);
    const failingBefore = new Set(old.report.findings.filter((f) => f.status === "fail").map(key));
    const added = now.report.findings.filter((f) => f.status === "fail" && !failingBefore.has(key(f)));
    const diff = securityDiff(old.side, now.side, CATALOGUE);
    expect(added.length).toBeGreaterThan(10);
    expect(diff.regressed.map(key).sort()).toEqual(added.map(key).sort());
  });
});
