import { familyControls } from "../../../policies/controls";
import { environmentScope, environmentStacks } from "../../support/environment";

const SQL_CONTROLS = familyControls("SQL");

describe("SQL controls on the synthesized baseline", () => {
  test.each(["staging", "prod"])("%s: every SQL control passes on the synthesized data stack", (env) => {
    const scope = environmentScope(environmentStacks(env), env);
    const verdicts = SQL_CONTROLS.flatMap((c) => c.evaluate(scope).map((r) => `${c.id} ${r.status}`));
    expect(verdicts).toEqual(SQL_CONTROLS.map((c) => `${c.id} pass`));
  });
});
