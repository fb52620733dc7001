import { CATALOGUE } from "../../policies/controls";
import { runCheck } from "../../policies/engine/check";
import { modelFromDocuments } from "../../policies/load/documents";
import { readTerraformJson } from "../../policies/load/terraform-json";
import { synthBaseline } from "../support/synth";

/** The promise of the project: the default baseline passes every control of the catalogue, with no waiver. */
describe("the baseline under the whole catalogue", () => {
  const documents = Object.entries(synthBaseline()).map(([stack, json]) =>
    readTerraformJson(json, { stack }),
  );
  const report = runCheck(
    { model: modelFromDocuments(documents), stacks: documents },
    { controls: CATALOGUE, today: "2030-01-01" },
  );

  it("has no failing finding", () => {
    const failing = report.findings
      .filter((f) => f.failsCheck)
      .map((f) => `${f.status} ${f.control} ${f.resource}: ${f.message}`);
    expect(failing).toEqual([]);
  });

  /**
   * Controls with nothing to judge on the baseline, each with the reason: they must be not applicable
   * everywhere (so this list cannot go stale), and their own tests prove them on a configuration that has it.
   */
  const NOTHING_TO_JUDGE: Record<string, string> = {
    "BAK-06":
      "the Backup and DR vault holds no backups (provider 6.50 cannot back up the CMEK disks into it); " +
      "test/policies/bak/BAK-06.test.ts judges it with a backup plan",
  };

  it("proves every control somewhere: each has a passing finding in some environment", () => {
    const proven = new Set(report.findings.filter((f) => f.status === "pass").map((f) => f.control));
    expect(CATALOGUE.map((c) => c.id).filter((id) => !proven.has(id) && !(id in NOTHING_TO_JUDGE))).toEqual(
      [],
    );
  });

  it("leaves only the listed controls with nothing to judge, and those not applicable everywhere", () => {
    for (const id of Object.keys(NOTHING_TO_JUDGE)) {
      const statuses = new Set(report.findings.filter((f) => f.control === id).map((f) => f.status));
      expect({ id, statuses: [...statuses] }).toEqual({ id, statuses: ["not-applicable"] });
    }
  });
});
