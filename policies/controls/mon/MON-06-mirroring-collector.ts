import type { Control, Result } from "../../control";
import { type Resource, type Scope, isUnknown } from "../../model/types";
import { blocks, get, list, truthy } from "../../model/values";
import { referencedResources } from "../../model/resolve";
import { cidrContains, parseCidr } from "../../../lib/cidr";
import { evidence, judgeEach, verdict } from "../../judge/results";
import { PACKET_MIRRORING, collectorsOf } from "../../views/packet-mirroring";
import {
  type FirewallRule,
  VPC_FIREWALL,
  coversAllTraffic,
  firewallRules,
  internetRanges,
} from "../../views/firewall";

export const MON06MirroringCollector: Control = {
  id: "MON-06",
  title: "Mirrored traffic goes to an internal mirroring collector that admits every copy",
  claim:
    "Every packet-mirroring policy delivers to an internal load balancer flagged as a mirroring collector, so " +
    "the copies reach the Zeek sensors and never leave the VPC; the sensors' firewall admits every copy, " +
    "whatever its source (internet, load balancer proxies and health checkers included) and protocol.",
  severity: "high",
  rationale:
    "Google delivers mirrored packets only to a forwarding rule with is_mirroring_collector set; without the " +
    "flag the policy is rejected or the copies are lost, and an external collector would export all traffic. " +
    "Copies keep the original packets' addresses and pass the collector VMs' ingress firewall: a rule admitting " +
    "only the workload ranges drops the copies of everything the workloads receive from outside them, the " +
    "most interesting direction, and a higher-priority deny reaching beyond the collector's own subnet drops " +
    "copies too.",
  remediation:
    "Point collector_ilb.url at a google_compute_forwarding_rule with load_balancing_scheme INTERNAL and " +
    "is_mirroring_collector = true, and admit all protocols from 0.0.0.0/0 to the collector VMs (only them, " +
    "without external addresses: NET-05); confine deny rules above it to the collector subnet's addresses.",
  references: { cis: [], checkov: [], trivy: [] },
  implementation:
    "ZeekSensor's forwarding rule: INTERNAL, is_mirroring_collector = true, all ports, backed by the sensor MIG; " +
    "its mirrored-ingress rule admits all protocols from 0.0.0.0/0 to the zeek-sensor tag, and its deny above " +
    "it names only the collector subnet as destination (the sensors' own addresses).",
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
      return judgeAdmission(scope, policy, collector, found);
    }),
};

type Evidence = Result["evidence"][number];

/** Whether the VMs behind `collector` admit every mirrored copy: the verdict on `policy`. */
function judgeAdmission(scope: Scope, policy: Resource, collector: Resource, found: Evidence[]): Result {
  const vms = collectorVms(scope, collector);
  if (vms.length === 0) {
    return verdict(
      "unknown",
      policy,
      `${collector.address}: the VMs behind it are not declared here, so their firewall cannot be judged`,
      found,
    );
  }
  const ownRanges = referencedResources(scope, collector, collector.attributes.subnetwork)
    .filter((r) => r.type === "google_compute_subnetwork")
    .map((r) => r.attributes.ip_cidr_range);
  const rules = firewallRules(scope).filter((r) => r.direction === "INGRESS" && !r.disabled);
  const problems: string[] = [];
  const unknowns: string[] = [];
  const admitting: string[] = [];
  for (const vm of vms) {
    const applying = rules.filter((rule) => appliesTo(rule, vm));
    const admits = applying.filter(
      (rule) =>
        rule.action === "allow" && coversAllTraffic(rule) && internetRanges(rule.sourceRanges).length > 0,
    );
    if (admits.length === 0) {
      if (applying.some((rule) => rule.action === "allow" && rule.sourceRanges.some(isUnknown)))
        unknowns.push(`${vm.address}: source ranges known only after apply`);
      else {
        const sources = applying
          .filter((rule) => rule.action === "allow")
          .flatMap((rule) => rule.sourceRanges.map(String));
        problems.push(
          `${vm.address} admits copies only from ${[...new Set(sources)].join(", ") || "nowhere"} ` +
            "(copies keep their original sources: traffic from the internet, the load balancer's proxies and " +
            "health checkers, or in other protocols, is dropped)",
        );
      }
      continue;
    }
    const best = Math.min(...admits.map(priorityOf));
    const denying = applying.filter((rule) => rule.action === "deny" && priorityOf(rule) <= best);
    if (ownRanges.length === 0 && denying.some((rule) => rule.destinationRanges.length > 0)) {
      unknowns.push(
        `${vm.address}: the collector's subnet is not declared here, so whether ` +
          `${denying.map((rule) => rule.resource.address).join(", ")} concerns only its addresses is unknown`,
      );
      continue;
    }
    const cutting = denying.filter((rule) => !confinedTo(rule, ownRanges));
    if (cutting.length > 0) {
      problems.push(
        `${vm.address}: ${cutting.map((rule) => rule.resource.address).join(", ")} denies copies before ` +
          `${admits.map((rule) => rule.resource.address).join(", ")} admits them`,
      );
    } else admitting.push(...admits.map((rule) => rule.resource.address));
  }
  const all = [
    ...found,
    evidence(
      "collector VMs",
      vms.map((vm) => vm.address),
    ),
  ];
  if (problems.length > 0) return verdict("fail", policy, problems.join("; "), all);
  if (unknowns.length > 0) return verdict("unknown", policy, unknowns.join("; "), all);
  return verdict(
    "pass",
    policy,
    `delivers to ${collector.address}, an internal mirroring collector whose VMs admit every copy ` +
      `(${[...new Set(admitting)].join(", ")}: all protocols from 0.0.0.0/0)`,
    [...all, evidence("admitted by", [...new Set(admitting)])],
  );
}

/** The instance templates (or instances) behind a collector: forwarding rule → backend service → groups. */
function collectorVms(scope: Scope, collector: Resource): Resource[] {
  const follow = (from: Resource, value: unknown, types: string[]) =>
    referencedResources(scope, from, value).filter((r) => types.includes(r.type));
  const services = follow(collector, collector.attributes.backend_service, [
    "google_compute_region_backend_service",
  ]);
  const groups = services.flatMap((service) =>
    blocks(service.attributes, "backend").flatMap((backend) =>
      follow(service, backend.group, [
        "google_compute_region_instance_group_manager",
        "google_compute_instance_group_manager",
      ]),
    ),
  );
  return groups.flatMap((group) =>
    blocks(group.attributes, "version").flatMap((version) =>
      follow(group, version.instance_template, [
        "google_compute_instance_template",
        "google_compute_region_instance_template",
      ]),
    ),
  );
}

/** Whether a firewall rule applies to a VM: no targets, or one of its tags or its service account. */
function appliesTo(rule: FirewallRule, vm: Resource): boolean {
  if (rule.targets.length === 0) return true;
  const own = [
    ...list(vm.attributes, "tags"),
    ...blocks(vm.attributes, "service_account").map((account) => account.email),
  ];
  return rule.targets.some((target) => own.includes(target));
}

function priorityOf(rule: FirewallRule): number {
  if (rule.resource.type !== VPC_FIREWALL) return -1; // firewall policies are evaluated before VPC rules
  const priority = Number(rule.resource.attributes.priority ?? 1000);
  return Number.isFinite(priority) ? priority : 1000;
}

/** Whether a rule only concerns packets addressed to the collector subnet (never a mirrored subnet). */
function confinedTo(rule: FirewallRule, ownRanges: unknown[]): boolean {
  if (rule.destinationRanges.length === 0) return false;
  const own = ownRanges.map((range) => (typeof range === "string" ? parseCidr(range) : undefined));
  return rule.destinationRanges.every((range) => {
    const cidr = typeof range === "string" ? parseCidr(range) : undefined;
    return cidr !== undefined && own.some((outer) => outer !== undefined && cidrContains(outer, cidr));
  });
}
