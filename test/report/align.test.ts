import { alignSingleStacks } from "../../policies/report/diff/align";
import { securityDiff } from "../../policies/report/diff/compare";
import { TEST_CATALOGUE } from "./support/controls";
import { evaluate } from "./support/evaluate";

const key = (rotation: string) => ({
  resource: { google_kms_crypto_key: { disks: { rotation_period: rotation } } },
});

describe("aligning single-stack inputs (plan JSONs, .tf directories) named differently", () => {
  const before = evaluate({ base: key("7776000s") });
  const after = evaluate({ head: key("31536000s") });

  it("compares the same resource with itself", () => {
    const diff = securityDiff(before, alignSingleStacks(before, after), TEST_CATALOGUE);
    expect(diff.regressed.map((r) => [r.resource, r.environment, r.before, r.after])).toEqual([
      ["base/google_kms_crypto_key.disks", "base", "pass", "fail"],
    ]);
    expect(diff).toMatchObject({ added: [], removed: [] });
  });

  it("renames project-level verdicts too", () => {
    const aligned = alignSingleStacks(before, after);
    expect(aligned.findings.filter((f) => f.resource.endsWith("/project")).map((f) => f.resource)).toEqual([
      "base/project",
      "base/project",
    ]);
    expect(aligned.resources.map((r) => r.id)).toEqual(["base/google_kms_crypto_key.disks"]);
  });

  it("leaves multi-stack inputs alone: their stacks match by name", () => {
    const many = evaluate({ "prod-kms": key("7776000s"), "prod-backup": key("86400s") });
    expect(alignSingleStacks(before, many)).toBe(many);
  });
});
