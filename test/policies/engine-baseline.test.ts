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

  it("proves every control somewhere: each has a passing finding in some environment", () => {
    const proven = new Set(report.findings.filter((f) => f.status === "pass").map((f) => f.control));
    expect(CATALOGUE.map((c) => c.id).filter((id) => !proven.has(id))).toEqual([]);
  });
});
