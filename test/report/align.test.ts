import { runCheck } from "../../policies/engine/check";
import { modelFromDocuments } from "../../policies/load/documents";
import { readTerraformJson, type StackDocument } from "../../policies/load/terraform-json";
import { alignSingleStack } from "../../policies/report/diff/align";
import { securityDiff } from "../../policies/report/diff/compare";
import { TEST_CATALOGUE } from "./support/controls";
import { TODAY } from "./support/evaluate";

const key = (rotation: string) => ({
  resource: { google_kms_crypto_key: { disks: { rotation_period: rotation } } },
});
const doc = (stack: string, rotation: string) => readTerraformJson(key(rotation), { stack });

function evaluated(stacks: readonly StackDocument[]) {
  const model = modelFromDocuments(stacks);
  const report = runCheck({ model, stacks }, { controls: TEST_CATALOGUE, today: TODAY });
  return { findings: report.findings, resources: model.resources };
}

describe("aligning single-stack inputs (plan JSONs, .tf directories) named differently", () => {
  const before = [doc("prod-backup", "7776000s")];
  const after = [doc("head", "31536000s")];

  it("evaluates the after side under the before side's stack and environment", () => {
    const [aligned] = alignSingleStack(before, after);
    expect(aligned).toMatchObject({ stack: "prod-backup", environment: "prod" });
    expect(aligned.resources.map((r) => [r.id, r.stack, r.environment])).toEqual([
      ["prod-backup/google_kms_crypto_key.disks", "prod-backup", "prod"],
    ]);
  });

  it("so the same resource compares with itself", () => {
    const diff = securityDiff(evaluated(before), evaluated(alignSingleStack(before, after)), TEST_CATALOGUE);
    expect(diff.regressed.map((r) => [r.resource, r.before, r.after])).toEqual([
      ["prod-backup/google_kms_crypto_key.disks", "pass", "fail"],
    ]);
    expect(diff).toMatchObject({ improved: [], added: [], removed: [] });
  });

  it("leaves multi-stack inputs alone: their stacks match by name", () => {
    const many = [doc("prod-kms", "7776000s"), doc("prod-backup", "86400s")];
    expect(alignSingleStack(before, many)).toBe(many);
    expect(alignSingleStack(many, after)).toBe(after);
  });
});
