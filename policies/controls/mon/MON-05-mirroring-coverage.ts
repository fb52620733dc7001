import type { Control, Result } from "../../control";
import type { Resource, Scope } from "../../model/types";
import { get, list } from "../../model/values";
import { type DesignationIndex, designationIndex, referencedResources } from "../../model/resolve";
import { evidence, judgeEach, verdict } from "../../judge/results";
import {
  FORWARDING_RULE,
  PACKET_MIRRORING,
  collectorsOf,
  mirroredSubnetUrls,
} from "../../views/packet-mirroring";

/** Subnets that hold no mirrorable VMs: Envoy proxy-only and Private Service Connect subnets. */
const UNMIRRORABLE_PURPOSES = [
  "REGIONAL_MANAGED_PROXY",
  "GLOBAL_MANAGED_PROXY",
  "INTERNAL_HTTPS_LOAD_BALANCER",
  "PRIVATE_SERVICE_CONNECT",
];

export const MON05MirroringCoverage: Control = {
  id: "MON-05",
  title: "Packet Mirroring covers every subnet",
  claim:
    "Network monitoring: all traffic (both directions, every protocol) of every subnet except the collector's " +
    "own is copied to the Zeek sensors.",
  severity: "high",
  rationale:
    "Zeek only sees mirrored traffic; a subnet left out of the policy (for example one added later) is a " +
    "blind spot where lateral movement and exfiltration go unnoticed.",
  remediation:
    "Add the subnet to mirrored_resources.subnetworks of the region's google_compute_packet_mirroring policy " +
    "(filter direction BOTH, no protocol or range restriction).",
  references: { cis: [], checkov: [], trivy: [] },
  implementation:
    "ZeekSensor declares one packet-mirroring policy per region listing monitoring.mirroredSubnets (app, " +
    "vault, data by default); the monitoring subnet holds the collector and the proxy-only subnet has no VMs.",
  evaluate: (scope) => {
    const collectorSubnets = collectorSubnetIds(scope);
    const policies = designationIndex(scope, scope.ofType(PACKET_MIRRORING), (policy) =>
      mirroredSubnetUrls(policy).map((url) => ({ from: policy, value: url })),
    );
    return judgeEach(scope, ["google_compute_subnetwork"], (subnet) => {
      const purpose = subnet.attributes.purpose;
      if (typeof purpose === "string" && UNMIRRORABLE_PURPOSES.includes(purpose)) {
        return verdict("not-applicable", subnet, `subnet with purpose ${purpose} holds no mirrorable VMs`, [
          evidence("purpose", purpose),
        ]);
      }
      if (collectorSubnets.has(subnet.id)) {
        return verdict(
          "not-applicable",
          subnet,
          "holds the mirroring collector (collectors are not mirrored)",
        );
      }
      return judgeSubnet(subnet, policies);
    });
  },
};

function judgeSubnet(subnet: Resource, policies: DesignationIndex<Resource>): Result {
  const name = subnet.attributes.name ?? subnet.address;
  const [unreadable] = policies.unknown;
  if (unreadable) {
    return verdict("unknown", subnet, `${unreadable.address}: mirrored subnets are known only after apply`);
  }
  const covering = policies.designating(subnet);
  if (covering.length === 0) {
    const listed = policies.items.map((p) => p.address).join(", ") || "none declared";
    return verdict(
      "fail",
      subnet,
      `subnet ${String(name)} is not mirrored by any packet-mirroring policy (policies: ${listed})`,
      [evidence("name", name)],
    );
  }
  const complete = covering.filter((policy) => filterProblems(policy).length === 0);
  const found = covering.map((policy) =>
    evidence(`${policy.address}.filter`, get(policy.attributes, "filter")),
  );
  if (complete.length === 0) {
    const problems = covering.map((policy) => `${policy.address}: ${filterProblems(policy).join(", ")}`);
    return verdict(
      "fail",
      subnet,
      `subnet ${String(name)} is only partly mirrored (${problems.join("; ")})`,
      found,
    );
  }
  return verdict(
    "pass",
    subnet,
    `subnet ${String(name)} is mirrored by ${complete.map((p) => p.address).join(", ")}`,
    found,
  );
}

/** Why a policy's filter copies less than all traffic: a single direction, some protocols, some ranges. */
function filterProblems(policy: Resource): string[] {
  const direction = get(policy.attributes, "filter.direction");
  const protocols = list(get(policy.attributes, "filter") ?? {}, "ip_protocols");
  const ranges = list(get(policy.attributes, "filter") ?? {}, "cidr_ranges");
  return [
    ...(direction === undefined || direction === "BOTH" ? [] : [`direction ${String(direction)} only`]),
    ...(protocols.length > 0 ? [`protocols ${protocols.join(", ")} only`] : []),
    ...(ranges.length > 0 && !ranges.includes("0.0.0.0/0") ? [`ranges ${ranges.join(", ")} only`] : []),
  ];
}

/** Subnets that hold a mirroring collector's forwarding rule. */
function collectorSubnetIds(scope: Scope): Set<string> {
  const collectors = scope
    .ofType(FORWARDING_RULE)
    .filter(
      (rule) =>
        rule.attributes.is_mirroring_collector === true || rule.attributes.is_mirroring_collector === "true",
    );
  const fromPolicies = scope.ofType(PACKET_MIRRORING).flatMap((policy) => collectorsOf(scope, policy));
  return new Set(
    [...collectors, ...fromPolicies].flatMap((rule) =>
      referencedResources(scope, rule, rule.attributes.subnetwork)
        .filter((r) => r.type === "google_compute_subnetwork")
        .map((r) => r.id),
    ),
  );
}
