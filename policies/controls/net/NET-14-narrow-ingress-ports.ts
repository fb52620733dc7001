import type { Control, Result } from "../../control";
import { cidrContains, parseCidr } from "../../../lib/cidr";
import { HEALTH_CHECK_RANGES } from "../../../shared/google-ranges";
import { isUnknown } from "../../model/types";
import {
  type FirewallRule,
  type Protocol,
  firewallRules,
  portRange,
  portedProtocol,
} from "../../views/firewall";
import { mirroringCollectorTags } from "../../views/mirroring";
import { evidence, projectVerdict, verdict } from "../../judge/results";

/** The most ports one range may open: a range of more ports is a wide range. */
const MAX_RANGE_PORTS = 100;
const HEALTH_CHECKS = HEALTH_CHECK_RANGES.map((range) => parseCidr(range)!);

export const NET14NarrowIngressPorts: Control = {
  id: "NET-14",
  title: "Ingress allow rules open named ports, not wide ranges",
  claim:
    "Every ingress allow rule opens only the ports its service needs: never every port of a protocol, never a " +
    `range of more than ${MAX_RANGE_PORTS} ports.`,
  severity: "medium",
  rationale:
    "A rule opening tcp:1000-65535 or every UDP port exposes whatever else listens on the targeted VMs (debug " +
    "ports, admin consoles, a forgotten database) to every allowed source, private ones included: lateral " +
    `movement needs no other opening. Wide means protocol all, tcp/udp/sctp without ports, or one range of more ` +
    `than ${MAX_RANGE_PORTS} ports; ICMP and other protocols without ports are not judged. Two sources are ` +
    "exempt: Google's health-check probers (35.191.0.0/16, 130.211.0.0/22) to targeted load-balancer " +
    "backends, because Google's documented health-check rule opens every TCP port and the probers send " +
    "nothing but probes; and packet-mirroring collectors, which must admit every mirrored packet. Trivy's " +
    "AVD-GCP-0074 flags ranges of more than 30 ports, deny rules included; this control draws the line at " +
    `${MAX_RANGE_PORTS} and judges allows only (a wide deny opens nothing). Trivy's AVD-GCP-0072 also judges ` +
    "egress; internet egress on every port is NET-13's.",
  remediation:
    'List the ports the service uses (ports = ["443", "8443"]), split a range into the few ports needed, and ' +
    "give rules for health checks target tags of the load-balancer backends.",
  references: { cis: [], checkov: [], trivy: ["AVD-GCP-0074", "AVD-GCP-0072"] },
  implementation:
    "Every baseline ingress allow names its ports (22, 443, 8200, 8201, 1514, 1515); only the Zeek sensors, as " +
    "packet-mirroring collectors, admit all protocols from the mirrored subnets.",
  evaluate: (scope) => {
    const allows = firewallRules(scope).filter(
      (r) => r.direction === "INGRESS" && r.action === "allow" && !r.disabled,
    );
    if (allows.length === 0) return [projectVerdict("pass", "no enabled ingress allow rule")];
    const collectorTags = mirroringCollectorTags(scope);
    return allows.map((rule) => judge(rule, collectorTags));
  },
};

function judge(rule: FirewallRule, collectorTags: ReadonlySet<string>): Result {
  const found = [
    evidence("allow", rule.protocols.map(describe)),
    evidence(rule.sourceRangesPath, rule.sourceRanges),
    evidence("targets", rule.targets.length > 0 ? rule.targets : undefined),
  ];
  const wide = rule.protocols.flatMap(wideParts);
  const unknown = rule.protocols.filter(
    (p) => isUnknown(p.protocol) || (p.protocol !== "all" && p.ports.some(isUnknown)),
  );
  if (wide.length === 0)
    return unknown.length > 0
      ? verdict("unknown", rule.resource, "its protocols or ports are known only after apply", found)
      : verdict("pass", rule.resource, "opens named ports only", found);
  const opened = `opens ${wide.join(", ")}`;
  if (rule.targets.length > 0 && rule.targets.every((t) => collectorTags.has(String(t))))
    return verdict(
      "not-applicable",
      rule.resource,
      `${opened} to packet-mirroring collectors only, which must admit every mirrored packet`,
      found,
    );
  if (healthChecksOnly(rule))
    return verdict(
      "pass",
      rule.resource,
      `${opened} to targeted load-balancer backends, from Google's health-check probers only`,
      found,
    );
  return verdict("fail", rule.resource, opened, found);
}

/** The wide parts of one protocol entry: all ports of a protocol, or ranges of more than 100 ports. */
function wideParts(p: Protocol): string[] {
  if (isUnknown(p.protocol)) return [];
  if (p.protocol === "all") return ["every port of every protocol (protocol all)"];
  const ported = portedProtocol(p.protocol);
  if (!ported) return [];
  if (p.ports.length === 0) return [`every ${ported} port (no ports listed)`];
  return p.ports.flatMap((port) => {
    const range = isUnknown(port) ? undefined : portRange(port);
    if (!range) return [];
    const size = range[1] - range[0] + 1;
    return size > MAX_RANGE_PORTS ? [`${ported}:${String(port)} (${size} ports)`] : [];
  });
}

/** Sources that are all Google's health-check ranges, to targeted VMs (load-balancer backends). */
function healthChecksOnly(rule: FirewallRule): boolean {
  if (rule.targets.length === 0 || rule.sourceIdentities.length > 0 || rule.sourceRanges.length === 0)
    return false;
  return rule.sourceRanges.every((range) => {
    const cidr = typeof range === "string" ? parseCidr(range.trim()) : undefined;
    return cidr !== undefined && HEALTH_CHECKS.some((outer) => cidrContains(outer, cidr));
  });
}

function describe(p: Protocol): string {
  return p.ports.length > 0 ? `${String(p.protocol)}:${p.ports.map(String).join(",")}` : String(p.protocol);
}
