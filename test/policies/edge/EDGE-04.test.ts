import { EDGE04AdaptiveProtection } from "../../../policies/controls/edge/EDGE-04-adaptive-protection";
import { expectFails, expectPasses, markUnknown, mutate, run } from "../../support/control-fixtures";
import { EDGE, POLICY, messageOf, one, scope } from "./fixture";

describe("EDGE-04 Adaptive Protection (layer 7 DDoS defence) on", () => {
  it("passes the edge stack and fails with it off or absent", () => {
    expectPasses(EDGE04AdaptiveProtection, scope());
    expect(run(EDGE04AdaptiveProtection, scope())).toEqual([`${POLICY}: pass`]);
    const off = mutate(
      EDGE,
      (j) =>
        (one(
          j,
          "google_compute_security_policy",
        ).adaptive_protection_config.layer_7_ddos_defense_config.enable = false),
    );
    expectFails(EDGE04AdaptiveProtection, scope(off), POLICY);
    expect(run(EDGE04AdaptiveProtection, scope(off))).toEqual([`${POLICY}: fail`]);
    const absent = mutate(
      EDGE,
      (j) => delete one(j, "google_compute_security_policy").adaptive_protection_config,
    );
    expect(messageOf(EDGE04AdaptiveProtection, absent)).toBe(
      `fail: ${POLICY}: Adaptive Protection is off (the default)`,
    );
  });
  it("fails enable = null and adaptive_protection_config = null (unset: off by default)", () => {
    const enableNull = mutate(
      EDGE,
      (j) =>
        (one(
          j,
          "google_compute_security_policy",
        ).adaptive_protection_config.layer_7_ddos_defense_config.enable = null),
    );
    expectFails(EDGE04AdaptiveProtection, scope(enableNull), POLICY);
    const configNull = mutate(
      EDGE,
      (j) => (one(j, "google_compute_security_policy").adaptive_protection_config = null),
    );
    expectFails(EDGE04AdaptiveProtection, scope(configNull), POLICY);
  });
  it("is unknown when the setting is known only after apply", () => {
    const unknown = markUnknown(
      scope(),
      POLICY,
      "adaptive_protection_config.layer_7_ddos_defense_config.enable",
    );
    expect(run(EDGE04AdaptiveProtection, unknown)).toEqual([`${POLICY}: unknown`]);
  });
});
