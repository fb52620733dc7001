import { MON06MirroringCollector } from "../../../policies/controls/mon/MON-06-mirroring-collector";
import { expectFails, expectPasses } from "../../support/control-fixtures";
import { environmentStacks, resourceWith } from "../../support/environment";
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

  describe("the collector VMs' firewall admits every mirrored copy", () => {
    const rule = (stacks: Parameters<typeof resourceWith>[0], suffix: string) =>
      resourceWith(stacks, "google_compute_firewall", "name", `acme-prod-zeek-${suffix}`).attributes;

    test("the baseline's mirrored-ingress rule (all protocols from 0.0.0.0/0) passes, named in the verdict", () => {
      const [result] = MON06MirroringCollector.evaluate(baselineScope());
      expect(result.status).toBe("pass");
      expect(result.message).toMatch(
        /admit every copy \(google_compute_firewall\.\S+: all protocols from 0\.0\.0\.0\/0\)$/,
      );
    });

    test("ingress limited to the workload ranges (copies from the internet, proxies, health checkers dropped) fails", () => {
      const scope = baselineScope(
        (stacks) =>
          (rule(stacks, "mirrored-ingress").source_ranges = ["10.20.0.0/24", "10.20.1.0/24", "10.20.2.0/24"]),
      );
      const [failure] = expectFails(MON06MirroringCollector, scope, mirroringPolicy());
      expect(failure.message).toMatch(
        /google_compute_instance_template\.\S+ admits copies only from 10\.20\.0\.0\/24, 10\.20\.1\.0\/24, 10\.20\.2\.0\/24/,
      );
    });

    test("a mirrored-ingress rule for TCP only (UDP and ICMP copies dropped) fails", () => {
      const scope = baselineScope(
        (stacks) => (rule(stacks, "mirrored-ingress").allow = [{ protocol: "tcp" }]),
      );
      expectFails(MON06MirroringCollector, scope, mirroringPolicy());
    });

    test("a higher-priority deny that reaches beyond the collector subnet's addresses fails", () => {
      const scope = baselineScope((stacks) => delete rule(stacks, "own-deny").destination_ranges);
      const [failure] = expectFails(MON06MirroringCollector, scope, mirroringPolicy());
      expect(failure.message).toMatch(
        /fw-own-deny\S* denies copies before \S+fw-mirrored-ingress\S* admits them/,
      );
    });

    test("no rule for the collector VMs at all fails", () => {
      const scope = baselineScope((stacks) => (rule(stacks, "mirrored-ingress").disabled = true));
      const [failure] = expectFails(MON06MirroringCollector, scope, mirroringPolicy());
      expect(failure.message).toMatch(/admits copies only from /);
    });
  });
});
