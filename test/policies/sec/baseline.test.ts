import { familyControls } from "../../../policies/controls";
import { environmentScope, environmentStacks } from "../../support/environment";

const SEC_CONTROLS = familyControls("SEC");

describe("SEC controls on the synthesized baseline", () => {
  test.each(["staging", "prod"])("%s: every control passes on the synthesized baseline", (env) => {
    const scope = environmentScope(environmentStacks(env), env);
    for (const control of SEC_CONTROLS) {
      const results = control.evaluate(scope);
      expect(`${control.id}: ${results.map((r) => r.status).join(",")}`).toMatch(
        new RegExp(`^${control.id}: (pass,?)+$`),
      );
    }
  });
});
