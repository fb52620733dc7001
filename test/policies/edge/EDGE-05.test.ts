import { EDGE05RequestValidation } from "../../../policies/controls/edge/EDGE-05-request-validation";
import { expectFails, expectPasses, mutate, run } from "../../support/control-fixtures";
import { EDGE, POLICY, armorRules, dropRules, expression, messageOf, one, scope } from "./fixture";

describe("EDGE-05 Oversized bodies and known-bad user agents denied", () => {
  it("passes the edge stack", () => {
    expectPasses(EDGE05RequestValidation, scope());
    expect(run(EDGE05RequestValidation, scope())).toEqual([`${POLICY}: pass`]);
  });
  it("fails without the body-size rule, and with user-agent rules only in preview", () => {
    const noSize = mutate(EDGE, (j) => dropRules(j, (rule) => !expression(rule).includes("content-length")));
    expectFails(EDGE05RequestValidation, scope(noSize), POLICY);
    expect(messageOf(EDGE05RequestValidation, noSize)).toBe(
      `fail: ${POLICY}: nothing denies oversized bodies (Content-Length)`,
    );
    const preview = mutate(EDGE, (j) =>
      armorRules(j)
        .filter((r) => expression(r).includes("user-agent"))
        .forEach((r) => (r.preview = true)),
    );
    expectFails(EDGE05RequestValidation, scope(preview), POLICY);
    expect(messageOf(EDGE05RequestValidation, preview)).toContain(
      "nothing denies blocked user agents (User-Agent) (rule 1100 (deny(403)) is in preview",
    );
  });
  it("fails a policy whose rule list is null (unset: only the default allow rule)", () => {
    const json = mutate(EDGE, (j) => (one(j, "google_compute_security_policy").rule = null));
    expectFails(EDGE05RequestValidation, scope(json), POLICY);
  });
});
