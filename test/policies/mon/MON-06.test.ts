import { MON06MirroringCollector } from "../../../policies/controls/mon/MON-06-mirroring-collector";
import { expectFails, expectPasses } from "../../support/control-fixtures";
import { environmentStacks } from "../../support/environment";
import { baselineScope, evaluate, failures, one, resources } from "./fixture";

/** The address of the prod mirroring policy, which the verdicts name. */
const mirroringPolicy = () => {
  const [name] = Object.keys(resources(environmentStacks("prod"), "google_compute_packet_mirroring"));
  return `google_compute_packet_mirroring.${name}`;
};

describe("MON-06 Mirrored traffic goes to an internal mirroring collector", () => {
  test("the baseline's policy delivering to Zeek's internal collector passes", () => {
    expectPasses(MON06MirroringCollector, baselineScope());
  });

  test("a collector without is_mirroring_collector fails, naming the forwarding rule", () => {
    const scope = baselineScope(
      (stacks) => delete one(stacks, "google_compute_forwarding_rule").is_mirroring_collector,
    );
    expect(failures(MON06MirroringCollector.evaluate(scope))).toEqual([
      expect.stringMatching(
        /: google_compute_forwarding_rule\.\S+ is not a mirroring collector \(is_mirroring_collector unset\)$/,
      ),
    ]);
    expectFails(MON06MirroringCollector, scope, mirroringPolicy());
  });

  test("is_mirroring_collector null (unset: false) fails", () => {
    const scope = baselineScope(
      (stacks) => (one(stacks, "google_compute_forwarding_rule").is_mirroring_collector = null),
    );
    const [failure] = expectFails(MON06MirroringCollector, scope, mirroringPolicy());
    expect(failure.message).toMatch(/is not a mirroring collector \(is_mirroring_collector unset\)$/);
  });

  test("load_balancing_scheme null (unset: EXTERNAL) fails", () => {
    const scope = baselineScope(
      (stacks) => (one(stacks, "google_compute_forwarding_rule").load_balancing_scheme = null),
    );
    const [failure] = expectFails(MON06MirroringCollector, scope, mirroringPolicy());
    expect(failure.message).toMatch(/is not INTERNAL/);
  });

  test("no packet-mirroring policy is not applicable (MON-05 reports the uncovered subnets)", () => {
    const results = evaluate(
      MON06MirroringCollector,
      (stacks) => delete stacks["prod-monitoring"].resource!.google_compute_packet_mirroring,
    );
    expect(results.map((r) => r.status)).toEqual(["not-applicable"]);
  });
});
