import { familyControls } from "../../../policies/controls";
import { scopeFromStacks } from "../../support/scope";
import { synthBaseline } from "../../support/synth";

const EDGE_CONTROLS = familyControls("EDGE");

describe("EDGE controls on the synthesized default baseline", () => {
  it("pass on every environment of the synthesized default baseline, across all its stacks", () => {
    const stacks = synthBaseline();
    for (const env of ["staging", "prod"]) {
      const envStacks = Object.fromEntries(
        Object.entries(stacks).filter(([name]) => name.startsWith(`${env}-`)),
      );
      const results = EDGE_CONTROLS.flatMap((c) =>
        c.evaluate(scopeFromStacks(envStacks, env)).map((r) => `${c.id} ${r.status}`),
      );
      expect(results).toEqual(EDGE_CONTROLS.map((c) => `${c.id} pass`));
    }
  });
});
