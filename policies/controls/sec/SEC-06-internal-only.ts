import { VAULT_PORTS } from "../../../shared/vault";
import type { Control, Result } from "../../control";
import { type Resource, type Scope, isUnknown } from "../../model/types";
import { blocks, list } from "../../model/values";
import {
  type FirewallRule,
  VPC_FIREWALL,
  coversTcpPort,
  firewallRules,
  internetRanges,
} from "../../views/firewall";
import { indexBy } from "../../model/ordered-index";
import { designationIndex, literal, referencedResources } from "../../model/resolve";
import { evidence, verdict } from "../../judge/results";
import { isHostAccount } from "../../views/vault-host-account";
import { groupsDeploying } from "../../views/vault-placement";
import { judgeVaultHosts } from "../../views/vault-hosts";

const BACKEND_SERVICES = ["google_compute_region_backend_service", "google_compute_backend_service"];
const FORWARDING_RULES = ["google_compute_forwarding_rule", "google_compute_global_forwarding_rule"];
/** What a forwarding rule reaches a backend service through: target proxies and URL maps. */
const LB_HOP = /^google_compute_(region_)?(target_\w+_proxy|url_map|backend_service)$/;
const INTERNAL_SCHEMES = ["INTERNAL", "INTERNAL_MANAGED", "INTERNAL_SELF_MANAGED"];
const PORTS = [VAULT_PORTS.api, VAULT_PORTS.cluster];

export const SEC06InternalOnly: Control = {
  id: "SEC-06",
  title: "Vault is reachable only from inside the VPC",
  claim:
    "Vault has no public address: no external IP, only internal load balancing, no internet ingress to its ports.",
  severity: "critical",
  rationale:
    "Vault holds every credential. Exposing its API or cluster port to the internet invites credential " +
    "stuffing, exploitation of unpatched releases and denial of service; clients inside the VPC reach it " +
    "through an internal load balancer.",
  remediation:
    "Remove access_config from Vault templates, use INTERNAL load-balancing schemes for Vault's backend " +
    `services and forwarding rules, drop target pools, and allow ${PORTS.join("/")} only from private ranges.`,
  references: { cis: [], checkov: [], trivy: [] },
  implementation:
    "VaultCluster puts its nodes behind an internal passthrough load balancer (INTERNAL backend service and " +
    "forwarding rule) on a HardenedInstanceTemplate without external IP, and opens 8200 only to the " +
    "configured private client ranges and health-check probes, 8201 only between Vault nodes.",
  evaluate: (scope) => {
    const services = designationIndex(
      scope,
      BACKEND_SERVICES.flatMap((t) => scope.ofType(t)),
      (service) => blocks(service.attributes, "backend").map((b) => ({ from: service, value: b.group })),
    );
    const entries = forwardingRulesByHop(scope);
    const internetRules = firewallRules(scope).filter(opensToInternet);
    return judgeVaultHosts(scope, (host) => {
      const groups = groupsDeploying(scope, host.resource);
      const vaultServices = services.referencing(...groups);
      const vaultEntries = entries(vaultServices);
      const offences: Result[] = [
        ...externalAddresses(host.resource),
        ...groups.flatMap((group) => {
          const pools = list(group.attributes, "target_pools");
          return pools.length > 0
            ? [
                verdict(
                  "fail",
                  group,
                  "serves Vault through target pools (external network load balancing)",
                  [evidence("target_pools", pools)],
                ),
              ]
            : [];
        }),
        ...[...vaultServices, ...vaultEntries].flatMap((r) => judgeScheme(scope, r)),
        ...internetRules.flatMap((rule) => {
          const applies = appliesTo(scope, rule, host.resource);
          const found = [evidence(rule.sourceRangesPath, rule.sourceRanges)];
          if (applies === false) return [];
          return applies === true
            ? [
                verdict(
                  "fail",
                  rule.resource,
                  `allows ${PORTS.join("/")} from the internet to Vault nodes`,
                  found,
                ),
              ]
            : [
                verdict(
                  "unknown",
                  rule.resource,
                  `allows ${PORTS.join("/")} from the internet; its targets are known only after apply`,
                  found,
                ),
              ];
        }),
      ];
      if (offences.length > 0) return offences;
      return [
        verdict(
          "pass",
          host.resource,
          `no external IP; reached through ${vaultEntries.length} internal forwarding rule(s); no internet ingress to ${PORTS.join("/")}`,
          [
            evidence(
              "forwarding rules",
              vaultEntries.map((r) => `${r.stack}/${r.address}`),
            ),
          ],
        ),
      ];
    });
  },
};

function externalAddresses(host: Resource): Result[] {
  return blocks(host.attributes, "network_interface").flatMap((nic, i) =>
    ["access_config", "ipv6_access_config"].flatMap((block) =>
      blocks(nic, block).length > 0
        ? [
            verdict("fail", host, `network_interface.${i} has an external IP (${block})`, [
              evidence(`network_interface.${i}.${block}`, nic[block]),
            ]),
          ]
        : [],
    ),
  );
}

/** Backend services and forwarding rules default to EXTERNAL, except regional backend services (INTERNAL). */
function judgeScheme(scope: Scope, resource: Resource): Result[] {
  const raw = literal(scope, resource, resource.attributes.load_balancing_scheme);
  const scheme = raw ?? (resource.type === "google_compute_region_backend_service" ? "INTERNAL" : "EXTERNAL");
  const found = [evidence("load_balancing_scheme", raw)];
  if (isUnknown(scheme))
    return [verdict("unknown", resource, "load-balancing scheme known only after apply", found)];
  return INTERNAL_SCHEMES.includes(String(scheme))
    ? []
    : [verdict("fail", resource, `exposes Vault with load-balancing scheme ${String(scheme)}`, found)];
}

/**
 * The forwarding rules that lead to some of the given backend services, directly or through proxies and URL
 * maps (up to four hops), in input order. What each rule reaches is followed once per evaluation.
 */
function forwardingRulesByHop(scope: Scope): (services: readonly Resource[]) => Resource[] {
  const lookup = indexBy(
    FORWARDING_RULES.flatMap((t) => scope.ofType(t)),
    (rule) => reachedHops(scope, rule),
  );
  return (services) => lookup(services.map((s) => s.id));
}

/** The ids of the proxies, URL maps and backend services a forwarding rule leads to within four hops. */
function reachedHops(scope: Scope, rule: Resource): Set<string> {
  let frontier = [rule];
  const seen = new Set<string>();
  for (let hop = 0; hop < 4 && frontier.length > 0; hop++) {
    const next = frontier
      .flatMap((r) => referencedResources(scope, r, r.attributes))
      .filter((r) => LB_HOP.test(r.type) && !seen.has(r.id));
    next.forEach((r) => seen.add(r.id));
    frontier = next;
  }
  return seen;
}

function opensToInternet(rule: FirewallRule): boolean {
  return (
    rule.direction === "INGRESS" &&
    rule.action === "allow" &&
    !rule.disabled &&
    internetRanges(rule.sourceRanges).length > 0 &&
    PORTS.some((port) => coversTcpPort(rule, port))
  );
}

/** Whether a rule applies to a host: no targets, a shared network tag, or the host's service account. */
function appliesTo(scope: Scope, rule: FirewallRule, host: Resource): boolean | "unknown" {
  if (rule.targets.length === 0) return true;
  if (rule.resource.type === VPC_FIREWALL) {
    const tags = list(host.attributes, "tags").map((t) => literal(scope, host, t));
    if (
      list(rule.resource.attributes, "target_tags").some((t) =>
        tags.includes(literal(scope, rule.resource, t)),
      )
    )
      return true;
  }
  const accounts = list(rule.resource.attributes, "target_service_accounts").map((sa) =>
    isHostAccount(scope, rule.resource, sa, host),
  );
  if (accounts.includes(true)) return true;
  // Secure tags and other policy targets cannot be matched to a template before apply.
  const unmatched = rule.resource.type !== VPC_FIREWALL && rule.targets.length > accounts.length;
  return accounts.some(isUnknown) || unmatched ? "unknown" : false;
}
