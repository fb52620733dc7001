import type { Control, Result } from "../../control";
import { cidrContains, parseCidr } from "../../../lib/cidr";
import { PRIVATE_GOOGLE_APIS_RANGE, RESTRICTED_GOOGLE_APIS_RANGE } from "../../../shared/google-ranges";
import { isUnknown } from "../../model/types";
import {
  type FirewallRule,
  firewallRules,
  isInternet,
  opensEveryPort,
  portedProtocol,
} from "../../views/firewall";
import { evidence, projectVerdict, verdict } from "../../judge/results";

/** Destinations that are not the internet: RFC 1918, shared address space, and Google's API VIPs. */
const NOT_INTERNET = [
  "10.0.0.0/8",
  "172.16.0.0/12",
  "192.168.0.0/16",
  "100.64.0.0/10",
  PRIVATE_GOOGLE_APIS_RANGE,
  RESTRICTED_GOOGLE_APIS_RANGE,
].map((text) => parseCidr(text)!);

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
  const reach = destinations.map((range) => reachesInternet(scope, rule, range));
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

/** true: a public destination; false: a private one; undefined: known only after apply. */
function reachesInternet(
  scope: Parameters<Control["evaluate"]>[0],
  rule: FirewallRule,
  range: unknown,
): boolean | undefined {
  if (isUnknown(range)) return undefined;
  const text = String(range).trim();
  if (isInternet(text)) return true;
  const cidr = parseCidr(text) ?? parseCidr(`${text}/32`);
  if (cidr) return !NOT_INTERNET.some((outer) => cidrContains(outer, cidr));
  // IPv6: unique local (fc00::/7) and link-local (fe80::/10) addresses are private, every other one is public.
  if (/^[0-9a-f:]+(\/\d+)?$/i.test(text) && text.includes(":"))
    return !/^(f[cd][0-9a-f]{0,2}|fe[89ab][0-9a-f]?):/i.test(text);
  // `${google_compute_address.x.address}/32`: an internal address reserved in this configuration is private.
  const addresses = scope
    .references(rule.resource, text)
    .map((ref) => ref.resource)
    .filter((r) => r.type === "google_compute_address");
  if (addresses.length > 0) return !addresses.every((a) => a.attributes.address_type === "INTERNAL");
  return undefined;
}
