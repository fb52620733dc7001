import type { Control, Result } from "../../control";
import { type Resource, type Scope, isUnknown } from "../../model/types";
import { blocks, list } from "../../model/values";
import { type Cidr, cidrContains, parseCidr } from "../../../config/cidr";
import { WAZUH_ADMIN_PORTS, WAZUH_AGENT_PORTS, WAZUH_MANAGER_TAG } from "../../../constructs/wazuh/agent";
import { IAP_RANGE } from "../net/ssh-from-iap-only";
import { type FirewallRule, coversTcpPort, firewallRules } from "../shared/firewall";
import { literal } from "../shared/resolve";
import { evidence, projectVerdict, verdict } from "../shared/results";

export const wazuhPrivate: Control = {
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
    "Remove access_config from the manager's network interfaces; limit ingress rules covering tcp 1514/1515 " +
    `to the VPC's subnet ranges and rules covering tcp 443/55000 to ${IAP_RANGE}.`,
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
          `environment ${scope.environment} has no Wazuh manager (no instance tagged ${WAZUH_MANAGER_TAG})`,
        ),
      ];
    }
    const vpcRanges = scope
      .ofType("google_compute_subnetwork")
      .map((subnet) => literal(scope, subnet, subnet.attributes.ip_cidr_range));
    return managers.map((manager) => judgeManager(scope, manager, vpcRanges));
  },
};

function judgeManager(scope: Scope, manager: Resource, vpcRanges: unknown[]): Result {
  const interfaces = blocks(manager.attributes, "network_interface");
  const external = interfaces.some((nic) => blocks(nic, "access_config").length > 0);
  const rules = firewallRules(scope).filter(
    (rule) =>
      rule.direction === "INGRESS" && rule.action === "allow" && !rule.disabled && appliesTo(rule, manager),
  );
  const agentRules = rules.filter((rule) =>
    WAZUH_AGENT_PORTS.some((port) => coversTcpPort(rule, Number(port))),
  );
  const adminRules = rules.filter((rule) =>
    WAZUH_ADMIN_PORTS.some((port) => coversTcpPort(rule, Number(port))),
  );
  const found = [
    evidence("network_interface", interfaces),
    ...[...agentRules, ...adminRules].map((rule) =>
      evidence(`${rule.resource.address}.${rule.sourceRangesPath}`, rule.sourceRanges),
    ),
  ];
  const vpc = vpcRanges.flatMap((range) => {
    const cidr = typeof range === "string" ? parseCidr(range) : undefined;
    return cidr ? [cidr] : [];
  });
  const iap = parseCidr(IAP_RANGE)!;
  const sources = (rule: FirewallRule) =>
    rule.sourceRanges.map((range) => literal(scope, rule.resource, range));
  if (
    [...agentRules, ...adminRules].some((rule) => sources(rule).some(isUnknown)) ||
    vpcRanges.some(isUnknown)
  ) {
    return verdict(
      "unknown",
      manager,
      "firewall source ranges or subnet ranges are known only after apply",
      found,
    );
  }
  const problems: string[] = external ? ["has an external IP (access_config)"] : [];
  for (const rule of agentRules) {
    const outside = sources(rule).filter(
      (range) => !within(range, (cidr) => vpc.some((v) => cidrContains(v, cidr))),
    );
    if (outside.length > 0)
      problems.push(
        `${rule.resource.address} opens agent ports 1514/1515 to ${outside.join(", ")}, outside the VPC's subnets`,
      );
  }
  for (const rule of adminRules) {
    const outside = sources(rule).filter((range) => !within(range, (cidr) => cidrContains(iap, cidr)));
    if (outside.length > 0 || rule.sourceIdentities.length > 0) {
      const from = [...outside.map(String), ...(rule.sourceIdentities.length > 0 ? ["other VMs"] : [])];
      problems.push(
        `${rule.resource.address} opens the dashboard/API (443/55000) to ${from.join(", ")}, not only IAP ${IAP_RANGE}`,
      );
    }
  }
  if (problems.length > 0) return verdict("fail", manager, problems.join("; "), found);
  return verdict(
    "pass",
    manager,
    `no external IP; agent ports only from the VPC's subnets; admin ports only from IAP (${rules.length} rules checked)`,
    found,
  );
}

/** Whether the rule selects the manager: no target at all, one of its tags, or its service account. */
function appliesTo(rule: FirewallRule, manager: Resource): boolean {
  if (rule.targets.length === 0) return true;
  const tags = list(manager.attributes, "tags");
  const accounts = blocks(manager.attributes, "service_account").map((sa) => sa.email);
  return rule.targets.some((target) => tags.includes(target) || accounts.includes(target));
}

function within(range: unknown, contained: (cidr: Cidr) => boolean): boolean {
  const cidr = typeof range === "string" ? parseCidr(range.trim()) : undefined;
  return cidr !== undefined && contained(cidr);
}
