import { familyControls } from "../../../policies/controls";
import { evaluate } from "./fixture";

const MON_CONTROLS = familyControls("MON");

describe("MON controls on the synthesized baseline", () => {
  test.each(["staging", "prod"])(
    "all pass on the synthesized %s stacks (monitoring, foundation, network together)",
    (env) => {
      for (const control of MON_CONTROLS) {
        const results = evaluate(control, () => {}, env);
        expect(results.length).toBeGreaterThan(0);
        expect(results.filter((r) => !["pass", "not-applicable"].includes(r.status))).toEqual([]);
      }
    },
  );
});
