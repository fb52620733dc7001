import type { Control, Result } from "../../control";
import { type Scope, isUnknown } from "../../model/types";
import { blocks, get, list } from "../../model/values";
import {
  type FirewallRule,
  VPC_FIREWALL,
  coversAllTraffic,
  firewallRules,
  internetRanges,
} from "../../views/firewall";
import { mirroringCollectorTags } from "../../views/mirroring";
import { VM_TYPES } from "../../views/cmek";
import { isSet } from "../../judge/presence";
import { evidence, projectVerdict, verdict } from "../../judge/results";

export const NET05NoInternetIngress: Control = {
  id: "NET-05",
  title: "No firewall rule allows ingress from the whole internet",
  claim:
    "No port on any VM is open to 0.0.0.0/0 or ::/0; internet traffic arrives only through the load balancer. " +
    "The one exception: the packet-mirroring collectors, which have no external address, admit mirrored copies " +
    "from any source.",
  severity: "critical",
  rationale:
    "An allow rule from 0.0.0.0/0 or ::/0 exposes the matching ports of every targeted VM to the whole " +
    "internet; external traffic must come through the HTTPS load balancer and Cloud Armor instead. " +
    "Stricter than the port checks of checkov (CKV_GCP_2 SSH, CKV_GCP_3 RDP, CKV_GCP_77 and " +
    "CKV_GCP_75 FTP 20/21, CKV_GCP_106 HTTP 80, CKV_GCP_88 MySQL 3306), which fail only their port: " +
    "every port open to the internet fails here. Trivy's AVD-GCP-0027 and AVD-GCP-0070 pass a rule " +
    "that has target tags; a tag narrows which VMs are exposed, not to whom, so it fails here too. " +
    "Packet Mirroring delivers copies with their original source and destination addresses, and the " +
    "collectors' ingress rules must admit them: copies of what the workloads receive from the internet, the " +
    "load balancer's proxies and health checkers come from everywhere. A rule from 0.0.0.0/0 that targets only " +
    "VMs behind a mirroring collector, none of which has an external address, passes: nothing from outside " +
    "the VPC can be routed to those VMs, so the rule admits only the copies and traffic from inside the VPC.",
  remediation:
    "Narrow source_ranges to the ranges that need access (35.235.240.0/20 for IAP, the health-check ranges) " +
    "or use source tags / service accounts.",
  references: {
    cis: ["3.6", "3.7"],
    checkov: ["CKV_GCP_2", "CKV_GCP_3", "CKV_GCP_75", "CKV_GCP_77", "CKV_GCP_88", "CKV_GCP_106"],
    trivy: ["AVD-GCP-0027", "AVD-GCP-0070"],
  },
  implementation:
    "The FirewallRule construct refuses an ingress allow from the internet unless allowInternetSource says so; " +
    "the baseline says so once, for ZeekSensor's mirrored-ingress rule (target: the zeek-sensor tag, carried " +
    "only by the collector's MIG, whose template has no access_config).",
  evaluate: (scope) => {
    const ingressAllows = firewallRules(scope).filter(
      (r) => r.direction === "INGRESS" && r.action === "allow",
    );
    if (ingressAllows.length === 0) return [projectVerdict("pass", "no ingress allow rule: nothing is open")];
    return ingressAllows.map((rule) => {
      const found = [evidence(rule.sourceRangesPath, rule.sourceRanges)];
      if (rule.disabled)
        return verdict("pass", rule.resource, "rule is disabled", [...found, evidence("disabled", true)]);
      const open = internetRanges(rule.sourceRanges);
      if (open.length > 0) {
        const mirrored = mirroredCopiesOnly(scope, rule);
        if (mirrored) return mirrored;
        return verdict("fail", rule.resource, `allows ingress from ${open.join(", ")}`, found);
      }
      if (rule.internetSources.length > 0) {
        const named = rule.internetSources.map((source) => evidence(source.path, source.value));
        return verdict(
          "fail",
          rule.resource,
          `allows ingress from internet sources ${rule.internetSources.map((source) => String(source.value)).join(", ")}`,
          [...found, ...named],
        );
      }
      if (rule.sourceRanges.some(isUnknown))
        return verdict("unknown", rule.resource, "source ranges are known only after apply", found);
      if (rule.sourceRanges.length === 0 && rule.sourceIdentities.length === 0) {
        return verdict(
          "fail",
          rule.resource,
          "names no source at all, which Google reads as 0.0.0.0/0",
          found,
        );
      }
      return verdict("pass", rule.resource, "ingress limited to named sources", found);
    });
  },
};

/**
 * The verdict on an internet-wide allow that admits mirrored copies only: a VPC rule for all protocols and any
 * destination whose every target tag is carried only by VMs behind a mirroring collector, none with an
 * external address. Undefined when the rule is
 * not such a rule (it then fails as any other).
 */
function mirroredCopiesOnly(scope: Scope, rule: FirewallRule): Result | undefined {
  // Copies come in every protocol, to any destination: a rule for some ports or destinations is no such rule.
  if (rule.resource.type !== VPC_FIREWALL || !coversAllTraffic(rule) || rule.destinationRanges.length > 0)
    return undefined;
  const tags = list(rule.resource.attributes, "target_tags");
  if (tags.length === 0 || list(rule.resource.attributes, "target_service_accounts").length > 0)
    return undefined;
  const collectorTags = mirroringCollectorTags(scope);
  if (!tags.every((tag) => typeof tag === "string" && collectorTags.has(tag))) return undefined;
  const vms = VM_TYPES.flatMap((type) => scope.ofType(type)).filter((vm) =>
    list(vm.attributes, "tags").some((tag) => tags.includes(tag)),
  );
  const external = vms.flatMap((vm) =>
    blocks(vm.attributes, "network_interface").flatMap((nic, i) =>
      ["access_config", "ipv6_access_config"]
        .filter((key) => isSet(get(nic, key)))
        .map((key) => evidence(`${vm.address}.network_interface.${i}.${key}`, get(nic, key))),
    ),
  );
  const found = [
    evidence(rule.sourceRangesPath, rule.sourceRanges),
    evidence("target_tags", tags),
    evidence(
      "collector VMs",
      vms.map((vm) => vm.address),
    ),
  ];
  if (external.some((e) => isUnknown(e.value)))
    return verdict("unknown", rule.resource, "the collectors' external access is known only after apply", [
      ...found,
      ...external,
    ]);
  if (external.length > 0) {
    return verdict(
      "fail",
      rule.resource,
      `allows ingress from the internet to mirroring collectors that have an external address (${external.map((e) => e.path).join(", ")})`,
      [...found, ...external],
    );
  }
  return verdict(
    "pass",
    rule.resource,
    `admits mirrored copies (original sources kept, so from anywhere) only to the mirroring collectors ` +
      `(${tags.join(", ")} on ${vms.map((vm) => vm.address).join(", ")}), which have no external address`,
    found,
  );
}
