import type { Control, Result } from "../../control";
import { isUnknown } from "../../model/types";
import {
  type FirewallRule,
  firewallRules,
  isPublicDestination,
  opensEveryPort,
  portedProtocol,
} from "../../views/firewall";
import { evidence, projectVerdict, verdict } from "../../judge/results";

export const NET13InternetEgressTargeted: Control = {
  id: "NET-13",
  title: "Internet egress only from named VMs, on named ports",
  claim:
    "Only the VMs selected by tag or service account may open connections to the internet, and only on the " +
    "ports they need (HTTPS for package installs).",
  severity: "high",
  rationale:
    "An egress allow to the internet without targets applies to every VM, and one without ports opens every " +
    "port: either turns the default-deny egress into a formality and gives malware or an intruder an open " +
    "channel out (exfiltration, command and control). Every port means protocol all, a protocol without " +
    "ports, or ranges covering 1-65535; IPv6 destinations outside fc00::/7 and fe80::/10 (::/0 included) are " +
    "the internet. " +
    "Trivy's AVD-GCP-0035 fails every egress allow to 0.0.0.0/0, the baseline's HTTPS for package " +
    "installs included, and passes any public range that is not /0; this control allows named ports " +
    "for targeted VMs and fails every public destination.",
  remediation:
    "Give every egress allow rule whose destination_ranges include public addresses target_tags or " +
    "target_service_accounts, and explicit ports on each protocol (not protocol all).",
  references: { cis: [], checkov: [], trivy: ["AVD-GCP-0035"] },
  implementation:
    "The network stack's only VPC-rule internet egress is tcp:443 for VMs tagged internet-egress (no baseline " +
    "VM carries it); Vault, Wazuh and Zeek reach only FQDN-listed hosts (NET-16); every other egress allow " +
    "goes to the VPC's own ranges or to the Google API VIP.",
  evaluate: (scope) => {
    const judged = firewallRules(scope)
      .filter((r) => r.direction === "EGRESS" && r.action === "allow" && !r.disabled)
      .map((rule) => judge(scope, rule))
      .filter((result) => result !== undefined);
    return judged.length > 0
      ? judged
      : [projectVerdict("pass", "no enabled egress allow rule reaches the internet")];
  },
};

function judge(scope: Parameters<Control["evaluate"]>[0], rule: FirewallRule): Result | undefined {
  // An egress rule without destination ranges applies to every destination.
  const destinations = rule.destinationRanges.length > 0 ? rule.destinationRanges : ["0.0.0.0/0"];
  const found = [
    evidence("destination_ranges", rule.destinationRanges.length > 0 ? rule.destinationRanges : undefined),
    evidence("targets", rule.targets.length > 0 ? rule.targets : undefined),
    evidence(
      "allow",
      rule.protocols.map((p) =>
        p.ports.length > 0 ? `${String(p.protocol)}:${p.ports.join(",")}` : String(p.protocol),
      ),
    ),
  ];
  const reach = destinations.map((range) => isPublicDestination(scope, rule.resource, range));
  if (reach.every((r) => r === false)) return undefined;
  if (rule.targets.length === 0)
    return verdict(
      reach.includes(true) ? "fail" : "unknown",
      rule.resource,
      `${reach.includes(true) ? "allows" : "may allow"} egress to the internet from every VM in the network (no target)`,
      found,
    );
  // Every port: protocol all, a protocol without ports, or ranges that together cover 1-65535.
  const open = rule.protocols.filter(
    (p) =>
      isUnknown(p.protocol) ||
      p.protocol === "all" ||
      p.ports.length === 0 ||
      (portedProtocol(p.protocol) !== undefined && opensEveryPort([p], portedProtocol(p.protocol)!)),
  );
  if (open.length > 0)
    return verdict(
      reach.includes(true) ? "fail" : "unknown",
      rule.resource,
      `${reach.includes(true) ? "allows" : "may allow"} egress to the internet on every port (${open
        .map((p) => (p.ports.length > 0 ? `${String(p.protocol)}:${p.ports.join(",")}` : String(p.protocol)))
        .join(", ")}${open.every((p) => p.ports.length === 0) ? " without ports" : ""})`,
      found,
    );
  return verdict("pass", rule.resource, "internet egress for named VMs on named ports only", found);
}
