import type { Resource, Scope } from "../../model/types";
import { blocks, get, list } from "../../model/values";
import { isTrue } from "./org-policy";
import { isSet } from "./presence";

export const VPC_FIREWALL = "google_compute_firewall";
const POLICY_RULE_TYPES = [
  "google_compute_network_firewall_policy_rule",
  "google_compute_region_network_firewall_policy_rule",
  "google_compute_firewall_policy_rule",
];

export interface Protocol {
  readonly protocol: string;
  readonly ports: readonly string[];
}

/**
 * A firewall rule in one shape, whether a VPC firewall rule (`google_compute_firewall`) or a rule of a network
 * or hierarchical firewall policy. Paths name the attributes of the underlying resource for evidence.
 */
export interface FirewallRule {
  readonly resource: Resource;
  readonly direction: string;
  /** `allow`, `deny`, or a policy-only action such as `goto_next`. */
  readonly action: string;
  readonly protocols: readonly Protocol[];
  readonly sourceRanges: readonly unknown[];
  readonly sourceRangesPath: string;
  readonly destinationRanges: readonly unknown[];
  /** Sources named by identity (tags, service accounts, secure tags, address groups, FQDNs, ...). */
  readonly sourceIdentities: readonly unknown[];
  /** Instances the rule applies to; empty means every instance in the network. */
  readonly targets: readonly unknown[];
  readonly disabled: boolean;
  readonly logging: { readonly path: string; readonly value: unknown; readonly on: boolean };
}

export function firewallRules(scope: Scope): FirewallRule[] {
  return [
    ...scope.ofType(VPC_FIREWALL).map(vpcRule),
    ...POLICY_RULE_TYPES.flatMap((type) => scope.ofType(type)).map(policyRule),
  ];
}

function vpcRule(resource: Resource): FirewallRule {
  const a = resource.attributes;
  const allow = blocks(a, "allow");
  const logConfig = get(a, "log_config");
  return {
    resource,
    direction: typeof a.direction === "string" ? a.direction.toUpperCase() : "INGRESS",
    action: allow.length > 0 ? "allow" : "deny",
    protocols: (allow.length > 0 ? allow : blocks(a, "deny")).map((b) => protocol(b.protocol, b.ports)),
    sourceRanges: list(a, "source_ranges"),
    sourceRangesPath: "source_ranges",
    destinationRanges: list(a, "destination_ranges"),
    sourceIdentities: [...list(a, "source_tags"), ...list(a, "source_service_accounts")],
    targets: [...list(a, "target_tags"), ...list(a, "target_service_accounts")],
    disabled: isTrue(a.disabled),
    logging: isSet(logConfig)
      ? { path: "log_config", value: logConfig, on: true }
      : { path: "enable_logging", value: a.enable_logging, on: isTrue(a.enable_logging) },
  };
}

function policyRule(resource: Resource): FirewallRule {
  const a = resource.attributes;
  const match = (path: string) => list(a, `match.${path}`);
  return {
    resource,
    direction: String(a.direction ?? "").toUpperCase(),
    action: String(a.action ?? ""),
    protocols: blocks(a, "match.layer4_configs").map((b) => protocol(b.ip_protocol, b.ports)),
    sourceRanges: match("src_ip_ranges"),
    sourceRangesPath: "match.src_ip_ranges",
    destinationRanges: match("dest_ip_ranges"),
    sourceIdentities: [
      "src_secure_tags",
      "src_address_groups",
      "src_fqdns",
      "src_region_codes",
      "src_threat_intelligences",
    ].flatMap(match),
    targets: [
      ...list(a, "target_service_accounts"),
      ...list(a, "target_secure_tags"),
      ...list(a, "target_resources"),
    ],
    disabled: isTrue(a.disabled),
    logging: { path: "enable_logging", value: a.enable_logging, on: isTrue(a.enable_logging) },
  };
}

function protocol(name: unknown, ports: unknown): Protocol {
  return {
    protocol: String(name ?? "").toLowerCase(),
    ports: (Array.isArray(ports) ? ports : ports === undefined ? [] : [ports]).map(String),
  };
}

const INTERNET = ["0.0.0.0/0", "::/0"];

export function isInternet(range: unknown): boolean {
  return typeof range === "string" && INTERNET.includes(range.trim());
}

/** Whether the rule's protocols include TCP `port`: tcp or all, with no port list or a list covering it. */
export function coversTcpPort(rule: FirewallRule, port: number): boolean {
  return rule.protocols.some(
    (p) =>
      ["tcp", "all", "6"].includes(p.protocol) &&
      (p.ports.length === 0 ||
        p.ports.some((range) => {
          const [low, high = low] = range.split("-").map(Number);
          return low <= port && port <= high;
        })),
  );
}

/** Whether the rule matches every protocol on every port. */
export function coversAllTraffic(rule: FirewallRule): boolean {
  return rule.protocols.some((p) => p.protocol === "all" && p.ports.length === 0);
}
