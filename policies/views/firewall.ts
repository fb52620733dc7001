import { cidrContains, parseCidr } from "../../lib/cidr";
import { PRIVATE_GOOGLE_APIS_RANGE, RESTRICTED_GOOGLE_APIS_RANGE } from "../../shared/google-ranges";
import { type Resource, type Scope, Unknown, isUnknown } from "../model/types";
import { blocks, get, list } from "../model/values";
import { isTrue } from "./org-policy";
import { isSet } from "../judge/presence";
import { literal, referencedResources } from "../model/resolve";
import { perScope } from "../model/per-scope";

export const VPC_FIREWALL = "google_compute_firewall";
const POLICY_RULE_TYPES = [
  "google_compute_network_firewall_policy_rule",
  "google_compute_region_network_firewall_policy_rule",
  "google_compute_firewall_policy_rule",
];

export interface Protocol {
  /** Lower-cased protocol name or number; Unknown when only known after apply (a variable, a dynamic block). */
  readonly protocol: string | Unknown;
  /** Ports and port ranges; an Unknown port may be any port. */
  readonly ports: readonly (string | Unknown)[];
}

/**
 * A firewall rule in one shape, whether a VPC firewall rule (`google_compute_firewall`) or a rule of a network
 * or hierarchical firewall policy. Paths name the attributes of the underlying resource for evidence.
 */
export interface FirewallRule {
  readonly resource: Resource;
  readonly direction: string;
  /**
   * `allow`, `deny`, or a policy-only action such as `goto_next`. A policy rule's
   * `apply_security_profile_group` admits the traffic it inspects, so it reads as `allow`.
   */
  readonly action: string;
  readonly protocols: readonly Protocol[];
  readonly sourceRanges: readonly unknown[];
  readonly sourceRangesPath: string;
  readonly destinationRanges: readonly unknown[];
  /** Sources named by identity (tags, service accounts, secure tags, address groups, FQDNs, ...). */
  readonly sourceIdentities: readonly unknown[];
  /**
   * Sources that are parts of the internet by definition: a policy rule's countries (`src_region_codes`),
   * threat-intelligence lists and FQDNs (each resolves to public addresses).
   */
  readonly internetSources: readonly { readonly path: string; readonly value: unknown }[];
  /** Instances the rule applies to; empty means every instance in the network. */
  readonly targets: readonly unknown[];
  readonly disabled: boolean;
  readonly logging: { readonly path: string; readonly value: unknown; readonly on: boolean };
}

/** Every VPC firewall rule and firewall policy rule, read once per scope (several controls ask per resource). */
export const firewallRules = perScope((scope: Scope): readonly FirewallRule[] => [
  ...scope.ofType(VPC_FIREWALL).map((r) => vpcRule(scope, r)),
  ...POLICY_RULE_TYPES.flatMap((type) => scope.ofType(type)).map((r) => policyRule(scope, r)),
]);

const GOOGLE_DEFAULT_SOURCE = ["0.0.0.0/0"];

/** An `allow` block Terraform only knows after apply (a dynamic block): it may admit anything. */
const UNKNOWN_TRAFFIC = (reason: Unknown): Protocol[] => [{ protocol: reason, ports: [] }];

function vpcRule(scope: Scope, resource: Resource): FirewallRule {
  const a = resource.attributes;
  const allow = blocks(a, "allow");
  const logConfig = get(a, "log_config");
  const resolve = (b: Record<string, unknown>) => protocol(scope, resource, b.protocol, b.ports);
  const direction = typeof a.direction === "string" ? a.direction.toUpperCase() : "INGRESS";
  const sourceIdentities = [...list(a, "source_tags"), ...list(a, "source_service_accounts")];
  const written = ranges(scope, resource, list(a, "source_ranges"));
  // Google reads an ingress rule naming no source at all as one from 0.0.0.0/0: judge what it applies.
  const unnamed = direction === "INGRESS" && written.length === 0 && sourceIdentities.length === 0;
  return {
    resource,
    direction,
    action: allow.length > 0 || isUnknown(a.allow) ? "allow" : "deny",
    protocols: isUnknown(a.allow)
      ? UNKNOWN_TRAFFIC(a.allow)
      : (allow.length > 0 ? allow : blocks(a, "deny")).map(resolve),
    sourceRanges: unnamed ? [...GOOGLE_DEFAULT_SOURCE] : written,
    sourceRangesPath: unnamed ? "source_ranges (not set: Google applies 0.0.0.0/0)" : "source_ranges",
    destinationRanges: list(a, "destination_ranges"),
    sourceIdentities,
    internetSources: [],
    targets: [...list(a, "target_tags"), ...list(a, "target_service_accounts")],
    disabled: isTrue(a.disabled),
    logging: isSet(logConfig)
      ? { path: "log_config", value: logConfig, on: true }
      : { path: "enable_logging", value: a.enable_logging, on: isTrue(a.enable_logging) },
  };
}

function policyRule(scope: Scope, resource: Resource): FirewallRule {
  const a = resource.attributes;
  const match = (path: string) => list(a, `match.${path}`);
  const action = String(a.action ?? "");
  const layer4 = get(a, "match.layer4_configs");
  return {
    resource,
    direction: String(a.direction ?? "").toUpperCase(),
    action: action === "apply_security_profile_group" ? "allow" : action,
    protocols: isUnknown(layer4)
      ? UNKNOWN_TRAFFIC(layer4)
      : blocks(a, "match.layer4_configs").map((b) => protocol(scope, resource, b.ip_protocol, b.ports)),
    sourceRanges: ranges(scope, resource, match("src_ip_ranges")),
    sourceRangesPath: "match.src_ip_ranges",
    destinationRanges: match("dest_ip_ranges"),
    sourceIdentities: [
      "src_secure_tags",
      "src_address_groups",
      "src_fqdns",
      "src_region_codes",
      "src_threat_intelligences",
    ].flatMap(match),
    internetSources: ["src_region_codes", "src_threat_intelligences", "src_fqdns"].flatMap((path) =>
      match(path).map((value) => ({ path: `match.${path}`, value })),
    ),
    targets: [
      ...list(a, "target_service_accounts"),
      ...list(a, "target_secure_tags"),
      ...list(a, "target_resources"),
    ],
    disabled: isTrue(a.disabled),
    logging: { path: "enable_logging", value: a.enable_logging, on: isTrue(a.enable_logging) },
  };
}

/**
 * Source ranges as literals: a `${var.x}` or `${local.x}` (a value this input does not fix) becomes an
 * Unknown, a reference to a declared attribute reads that attribute, and a reference to a list is spread.
 */
function ranges(scope: Scope, resource: Resource, values: readonly unknown[]): unknown[] {
  return values.flatMap((value) => {
    const resolved = literal(scope, resource, value);
    return Array.isArray(resolved) ? resolved : [resolved];
  });
}

function protocol(scope: Scope, resource: Resource, name: unknown, ports: unknown): Protocol {
  const known = literal(scope, resource, name);
  const portList = literal(scope, resource, ports);
  return {
    protocol: isUnknown(known) ? known : String(known ?? "").toLowerCase(),
    ports: isUnknown(portList)
      ? [portList]
      : (Array.isArray(portList) ? portList : portList === undefined ? [] : [portList]).map((port) => {
          const value = literal(scope, resource, port);
          return isUnknown(value) ? value : String(value);
        }),
  };
}

const FULL_IPV4 = 2 ** 32 - 1;

/**
 * Whether a range is the whole internet: any `/0` (`0.0.0.0/0`, `::/0`, `0::0/0`). Use `internetRanges`
 * for a rule's list, which also catches IPv4 ranges that only together cover everything (`0.0.0.0/1` +
 * `128.0.0.0/1`).
 */
export function isInternet(range: unknown): boolean {
  return typeof range === "string" && /\/0+$/.test(range.trim());
}

/** The ranges of a list that open it to the whole internet: `/0` ranges, or IPv4 ranges covering everything. */
export function internetRanges(values: readonly unknown[]): string[] {
  const whole = values.filter(isInternet).map(String);
  if (whole.length > 0) return whole;
  const cidrs = values
    .map((v) => (typeof v === "string" ? parseCidr(v.trim()) : undefined))
    .filter((c) => c !== undefined)
    .sort((a, b) => a.first - b.first);
  let covered = -1;
  for (const cidr of cidrs) {
    if (cidr.first > covered + 1) return [];
    covered = Math.max(covered, cidr.last);
  }
  return covered >= FULL_IPV4 ? cidrs.map((c) => c.text) : [];
}

/**
 * Whether the rule's protocols include TCP `port`: tcp or all, with no port list or a list covering it. A
 * protocol or port known only after apply may be anything, so it counts as covering the port; with
 * `knownOnly` it does not (a control asks both to tell "covers" from "may cover").
 */
export function coversTcpPort(rule: FirewallRule, port: number, knownOnly = false): boolean {
  return rule.protocols.some(
    (p) =>
      (isUnknown(p.protocol) ? !knownOnly : ["tcp", "all", "6"].includes(p.protocol)) &&
      (p.ports.length === 0 ||
        p.ports.some((range) => {
          if (isUnknown(range)) return !knownOnly;
          const [low, high = low] = range.split("-").map((n) => Number(n.trim()));
          return low <= port && port <= high;
        })),
  );
}

/** Whether the rule matches every protocol on every port. */
export function coversAllTraffic(rule: FirewallRule): boolean {
  return rule.protocols.some((p) => p.protocol === "all" && p.ports.length === 0);
}

/** Protocols whose traffic carries ports, by name and IANA number, as one name. */
const PORTED_PROTOCOLS: Readonly<Record<string, "tcp" | "udp" | "sctp">> = {
  tcp: "tcp",
  "6": "tcp",
  udp: "udp",
  "17": "udp",
  sctp: "sctp",
  "132": "sctp",
};

/** `tcp`, `udp` or `sctp` for a protocol that has ports (written by name or number); undefined otherwise. */
export function portedProtocol(protocol: string | Unknown): "tcp" | "udp" | "sctp" | undefined {
  return isUnknown(protocol) ? undefined : PORTED_PROTOCOLS[protocol];
}

/** The highest port number; a range covering 1 to it covers every port (port 0 carries no traffic). */
export const MAX_PORT = 65535;

/** A port (`"443"`) or range (`"1000-2000"`) as its first and last port; undefined when it is neither. */
export function portRange(text: string): readonly [number, number] | undefined {
  const match = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(text);
  if (!match) return undefined;
  const low = Number(match[1]);
  const high = match[2] === undefined ? low : Number(match[2]);
  return low <= high && high <= MAX_PORT ? [low, high] : undefined;
}

/**
 * Whether known protocol entries open every port of `name`: protocol all, the protocol named without ports,
 * or port ranges that together cover 1-65535 (`["1-32767", "32768-65535"]`). Unknown entries do not count.
 */
export function opensEveryPort(protocols: readonly Protocol[], name: "tcp" | "udp" | "sctp"): boolean {
  const ranges: (readonly [number, number])[] = [];
  for (const p of protocols) {
    if (isUnknown(p.protocol)) continue;
    const own = p.protocol === "all" || portedProtocol(p.protocol) === name;
    if (!own) continue;
    if (p.ports.length === 0) return true;
    for (const port of p.ports) {
      const range = isUnknown(port) ? undefined : portRange(port);
      if (range) ranges.push(range);
    }
  }
  ranges.sort((a, b) => a[0] - b[0]);
  let covered = 0;
  for (const [low, high] of ranges) {
    if (low > covered + 1) return false;
    covered = Math.max(covered, high);
  }
  return covered >= MAX_PORT;
}

/** Destinations that are not the internet: RFC 1918, shared address space, and Google's API VIPs. */
const NOT_INTERNET = [
  "10.0.0.0/8",
  "172.16.0.0/12",
  "192.168.0.0/16",
  "100.64.0.0/10",
  PRIVATE_GOOGLE_APIS_RANGE,
  RESTRICTED_GOOGLE_APIS_RANGE,
].map((text) => parseCidr(text)!);

/** true: the range holds public addresses; false: private only; undefined: not a literal IPv4 range. */
export function isPublicRange(range: unknown): boolean | undefined {
  if (typeof range !== "string") return undefined;
  const text = range.trim();
  if (/\/0+$/.test(text)) return true;
  const cidr = parseCidr(text) ?? parseCidr(`${text}/32`);
  if (cidr) return !NOT_INTERNET.some((outer) => cidrContains(outer, cidr));
  if (/^[0-9a-f:]+(\/\d+)?$/i.test(text) && text.includes(":"))
    return !/^(f[cd][0-9a-f]{0,2}|fe[89ab][0-9a-f]?):/i.test(text);
  return undefined;
}

/**
 * isPublicRange, and a `${google_compute_address.x.address}/32` reserved INTERNAL in this configuration reads
 * as private (the Zeek collector's address).
 */
export function isPublicDestination(scope: Scope, rule: Resource, range: unknown): boolean | undefined {
  const known = isPublicRange(range);
  if (known !== undefined || typeof range !== "string") return known;
  const addresses = referencedResources(scope, rule, range).filter(
    (r) => r.type === "google_compute_address",
  );
  if (addresses.length > 0) return !addresses.every((a) => a.attributes.address_type === "INTERNAL");
  return undefined;
}
