import type { Control, Result } from "../../control";
import { type Resource, type Scope, isUnknown } from "../../model/types";
import { blocks, list } from "../../model/values";
import { type Cidr, cidrContains, parseCidr } from "../../../lib/cidr";
import { WAZUH_ADMIN_PORTS, WAZUH_AGENT_PORTS, WAZUH_MANAGER_TAG } from "../../../shared/wazuh";
import { IAP_TCP_FORWARDING_RANGE } from "../../../shared/google-ranges";
import { type FirewallRule, coversTcpPort, firewallRules } from "../../views/firewall";
import { indexBy } from "../../model/ordered-index";
import { literal } from "../../model/resolve";
import { presenceAmong } from "../../judge/presence";
import { evidence, projectVerdict, verdict } from "../../judge/results";

export const MON04WazuhPrivate: Control = {
  id: "MON-04",
  title: "Wazuh manager private, agent ports only from the VPC",
  claim:
    "The Wazuh manager has no external IP; agents reach it (1514/1515) only from the VPC's subnets, and its " +
    "dashboard (443) and API (55000) only through Identity-Aware Proxy.",
  severity: "high",
  rationale:
    "The SIEM holds every host's security events and can push configuration to agents; exposing enrolment " +
    "or the API beyond the VPC lets anyone enrol rogue agents, flood it with false events or attack its API.",
  remediation:
    "Deploy a Wazuh manager (monitoring.enabled: true) if there is none; remove access_config from the manager's " +
    "network interfaces; limit ingress rules covering tcp 1514/1515 " +
    `to the VPC's subnet ranges and rules covering tcp 443/55000 to ${IAP_TCP_FORWARDING_RANGE}.`,
  references: { cis: [], checkov: [], trivy: [] },
  implementation:
    "WazuhManager: no access config, a fixed internal address, and two firewall rules targeting the " +
    `${WAZUH_MANAGER_TAG} tag (agents from the VPC subnets, admin ports from the IAP range).`,
  evaluate: (scope) => {
    const managers = scope
      .ofType("google_compute_instance")
      .filter((vm) => list(vm.attributes, "tags").includes(WAZUH_MANAGER_TAG));
    if (managers.length === 0) {
      return [
        projectVerdict(
          "fail",
          `environment ${scope.environment} has no Wazuh manager (no instance tagged ${WAZUH_MANAGER_TAG}): ` +
            "deploy one (monitoring.enabled: true in baseline.yaml), or waive MON-04 and MON-05 for this " +
            "environment if another SIEM and network sensor cover it",
        ),
      ];
    }
    const vpcRanges = scope
      .ofType("google_compute_subnetwork")
      .map((subnet) => literal(scope, subnet, subnet.attributes.ip_cidr_range));
    const rules = judgeIngressAllows(scope, vpcRanges);
    // A manager created only if a count/for_each expression says so may leave the environment without one.
    return presenceAmong(managers.map((manager) => judgeManager(manager, rules, vpcRanges.some(isUnknown))));
  },
};

/** What MON-04 makes of one ingress allow rule, whatever manager it applies to. */
interface JudgedRule {
  readonly rule: FirewallRule;
  readonly agent: boolean;
  readonly admin: boolean;
  readonly unknownSources: boolean;
  /** Why the rule's sources are too wide for agent ports (when it covers them). */
  readonly agentProblem?: string;
  /** Why the rule's sources are too wide for admin ports (when it covers them). */
  readonly adminProblem?: string;
}

/**
 * Judges every enabled ingress allow rule once, and indexes the rules by the targets that select them, so
 * finding a manager's rules costs the size of the answer, not of the firewall.
 */
function judgeIngressAllows(scope: Scope, vpcRanges: unknown[]): (manager: Resource) => JudgedRule[] {
  const inVpc = containedInAny(
    vpcRanges.flatMap((range) => {
      const cidr = typeof range === "string" ? parseCidr(range) : undefined;
      return cidr ? [cidr] : [];
    }),
  );
  const iap = parseCidr(IAP_TCP_FORWARDING_RANGE)!;
  const judged = firewallRules(scope)
    .filter((rule) => rule.direction === "INGRESS" && rule.action === "allow" && !rule.disabled)
    .map((rule): JudgedRule => {
      const agent = WAZUH_AGENT_PORTS.some((port) => coversTcpPort(rule, Number(port)));
      const admin = WAZUH_ADMIN_PORTS.some((port) => coversTcpPort(rule, Number(port)));
      if (!agent && !admin) return { rule, agent, admin, unknownSources: false };
      const sources = rule.sourceRanges.map((range) => literal(scope, rule.resource, range));
      const outsideVpc = agent ? sources.filter((range) => !within(range, inVpc)) : [];
      const outsideIap = admin
        ? sources.filter((range) => !within(range, (cidr) => cidrContains(iap, cidr)))
        : [];
      const fromVms = admin && rule.sourceIdentities.length > 0 ? ["other VMs"] : [];
      const address = rule.resource.address;
      return {
        rule,
        agent,
        admin,
        unknownSources: sources.some(isUnknown),
        ...(outsideVpc.length > 0 && {
          agentProblem: `${address} opens agent ports 1514/1515 to ${outsideVpc.join(", ")}, outside the VPC's subnets`,
        }),
        ...(outsideIap.length + fromVms.length > 0 && {
          adminProblem: `${address} opens the dashboard/API (443/55000) to ${[...outsideIap.map(String), ...fromVms].join(", ")}, not only IAP ${IAP_TCP_FORWARDING_RANGE}`,
        }),
      };
    });
  // A rule with no target selects every VM; otherwise one of its network tags or service accounts must match.
  const every = Symbol("every VM");
  const lookup = indexBy(judged, ({ rule }) => (rule.targets.length === 0 ? [every] : rule.targets));
  return (manager) =>
    lookup([
      every,
      ...list(manager.attributes, "tags"),
      ...blocks(manager.attributes, "service_account").map((sa) => sa.email),
    ]);
}

function judgeManager(
  manager: Resource,
  rulesOf: (manager: Resource) => JudgedRule[],
  unknownVpcRanges: boolean,
): Result {
  const interfaces = blocks(manager.attributes, "network_interface");
  const external = interfaces.some((nic) => blocks(nic, "access_config").length > 0);
  const rules = rulesOf(manager);
  const agentRules = rules.filter((r) => r.agent);
  const adminRules = rules.filter((r) => r.admin);
  const found = [
    evidence("network_interface", interfaces),
    ...[...agentRules, ...adminRules].map(({ rule }) =>
      evidence(`${rule.resource.address}.${rule.sourceRangesPath}`, rule.sourceRanges),
    ),
  ];
  if ([...agentRules, ...adminRules].some((r) => r.unknownSources) || unknownVpcRanges) {
    return verdict(
      "unknown",
      manager,
      "firewall source ranges or subnet ranges are known only after apply",
      found,
    );
  }
  const problems = [
    ...(external ? ["has an external IP (access_config)"] : []),
    ...agentRules.flatMap((r) => r.agentProblem ?? []),
    ...adminRules.flatMap((r) => r.adminProblem ?? []),
  ];
  if (problems.length > 0) return verdict("fail", manager, problems.join("; "), found);
  return verdict(
    "pass",
    manager,
    `no external IP; agent ports only from the VPC's subnets; admin ports only from IAP (${rules.length} rules checked)`,
    found,
  );
}

/**
 * Whether one of `ranges` contains a CIDR. CIDR blocks are aligned, so one contains another exactly when it is
 * the other's enclosing block of its own prefix length: at most 33 lookups, however many subnets there are.
 */
function containedInAny(ranges: readonly Cidr[]): (cidr: Cidr) => boolean {
  const enclosing = new Set(ranges.map((range) => `${range.first}/${range.prefix}`));
  return (cidr) => {
    for (let prefix = 0; prefix <= cidr.prefix; prefix++) {
      const size = 2 ** (32 - prefix);
      if (enclosing.has(`${cidr.first - (cidr.first % size)}/${prefix}`)) return true;
    }
    return false;
  };
}

function within(range: unknown, contained: (cidr: Cidr) => boolean): boolean {
  const cidr = typeof range === "string" ? parseCidr(range.trim()) : undefined;
  return cidr !== undefined && contained(cidr);
}
