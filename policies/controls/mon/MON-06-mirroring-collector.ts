import type { Control } from "../../control";
import { isUnknown } from "../../model/types";
import { get, truthy } from "../../model/values";
import { evidence, judgeEach, verdict } from "../../judge/results";
import { PACKET_MIRRORING, collectorsOf } from "../../views/packet-mirroring";

export const MON06MirroringCollector: Control = {
  id: "MON-06",
  title: "Mirrored traffic goes to an internal mirroring collector",
  claim:
    "Every packet-mirroring policy delivers to an internal load balancer flagged as a mirroring collector, so " +
    "the copies reach the Zeek sensors and never leave the VPC.",
  severity: "high",
  rationale:
    "Google delivers mirrored packets only to a forwarding rule with is_mirroring_collector set; without the " +
    "flag the policy is rejected or the copies are lost, and an external collector would export all traffic.",
  remediation:
    "Point collector_ilb.url at a google_compute_forwarding_rule with load_balancing_scheme INTERNAL and " +
    "is_mirroring_collector = true.",
  references: { cis: [], checkov: [], trivy: [] },
  implementation:
    "ZeekSensor's forwarding rule: INTERNAL, is_mirroring_collector = true, all ports, backed by the sensor MIG.",
  evaluate: (scope) =>
    judgeEach(scope, [PACKET_MIRRORING], (policy) => {
      const url = get(policy.attributes, "collector_ilb.url");
      const collectors = collectorsOf(scope, policy);
      if (collectors.length === 0) {
        return verdict(
          isUnknown(url) ? "unknown" : "fail",
          policy,
          "collector_ilb does not name a forwarding rule declared in this configuration",
          [evidence("collector_ilb.url", url)],
        );
      }
      const [collector] = collectors;
      const flag = truthy(collector.attributes.is_mirroring_collector);
      const scheme = collector.attributes.load_balancing_scheme;
      const found = [
        evidence(`${collector.address}.is_mirroring_collector`, collector.attributes.is_mirroring_collector),
        evidence(`${collector.address}.load_balancing_scheme`, scheme),
      ];
      if (isUnknown(flag) || isUnknown(scheme))
        return verdict("unknown", policy, "collector settings are known only after apply", found);
      const problems = [
        ...(flag ? [] : [`${collector.address} is not a mirroring collector (is_mirroring_collector unset)`]),
        ...(scheme === "INTERNAL"
          ? []
          : [`${collector.address} is not INTERNAL (load_balancing_scheme ${String(scheme)})`]),
      ];
      if (problems.length > 0) return verdict("fail", policy, problems.join("; "), found);
      return verdict(
        "pass",
        policy,
        `delivers to ${collector.address}, an internal mirroring collector`,
        found,
      );
    }),
};
