import type { Control, Evidence, Result } from "../../control";
import { type Resource, type Scope, isUnknown } from "../../model/types";
import { blocks, list } from "../../model/values";
import { referencedResources } from "../../model/resolve";
import { evidence, projectVerdict, verdict } from "../../judge/results";
import { packageSources } from "../../../shared/package-sources";
import {
  POLICY_RULE_TYPES,
  type PackageEgressVm,
  enabled,
  packageEgressVms,
  policyRuleApplies,
  vpcRuleApplies,
} from "../../views/package-egress";
import { isPublicDestination, isPublicRange } from "../../views/firewall";

const ASSOCIATIONS = [
  "google_compute_network_firewall_policy_association",
  "google_compute_region_network_firewall_policy_association",
];

export const NET16PackageEgressFqdnOnly: Control = {
  id: "NET-16",
  title: "Vault, Wazuh and Zeek reach the internet only by FQDN allow-list",
  claim:
    "The Vault nodes, the Wazuh manager and the Zeek sensors have no egress allow to internet addresses; they " +
    "reach only their package sources, by name, on HTTPS, and every other egress of theirs is denied.",
  severity: "high",
  rationale:
    "These hosts hold the secrets and the security telemetry. An HTTPS allow to 0.0.0.0/0 lets malware on them " +
    "exfiltrate data or reach a command-and-control server over the one protocol that blends in. Cloud NGFW " +
    "FQDN objects narrow it to the hosts apt needs: the rule is programmed with the addresses Cloud DNS returns " +
    "for those names (declared, not run: Google resolves them, at most 32 IPv4 addresses per name).",
  remediation:
    "Remove internet-egress (and any VPC egress allow to public ranges) from these VMs; give them a network " +
    "firewall policy, associated with the VPC, with an allow of tcp:443 to dest_fqdns from shared/package-" +
    "sources.ts targeting their service account and, at a lower priority, a logged deny of 0.0.0.0/0.",
  references: { cis: [], checkov: [], trivy: [] },
  implementation:
    "The network stack's FqdnEgressPolicy (a global network firewall policy evaluated before the VPC rules) " +
    "allows each host's package sources on tcp:443 and denies the rest; the hosts carry package-egress (a route " +
    "to Cloud NAT, no firewall opening), not internet-egress.",
  evaluate: (scope) => {
    const vms = packageEgressVms(scope);
    if (vms.length === 0)
      return [
        projectVerdict("not-applicable", "no Vault, Wazuh manager or Zeek sensor VM in the environment"),
      ];
    const egress = egressRules(scope);
    return vms.map((vm) => judge(vm, egress));
  },
};

/** The egress rules every VM is judged against, read once (what does not depend on the VM). */
function egressRules(scope: Scope) {
  const toInternet = scope.ofType("google_compute_firewall").flatMap((rule) => {
    const a = rule.attributes;
    if (String(a.direction ?? "").toUpperCase() !== "EGRESS" || blocks(a, "allow").length === 0) return [];
    if (!enabled(rule)) return [];
    const destinations = list(a, "destination_ranges");
    const reach = (destinations.length > 0 ? destinations : ["0.0.0.0/0"]).map((range) =>
      isPublicDestination(scope, rule, range),
    );
    return reach.some((r) => r !== false) ? [{ rule, destinations, public: reach.includes(true) }] : [];
  });
  const policyRules = POLICY_RULE_TYPES.flatMap((type) => scope.ofType(type)).filter(
    (rule) => enabled(rule) && String(rule.attributes.direction ?? "").toUpperCase() === "EGRESS",
  );
  const attached = new Map<Resource, boolean>();
  const isAttached = (rule: Resource) => {
    if (!attached.has(rule)) attached.set(rule, associated(scope, rule));
    return attached.get(rule)!;
  };
  return { toInternet, policyRules, isAttached };
}

function judge(vm: PackageEgressVm, egress: ReturnType<typeof egressRules>): Result {
  const found: Evidence[] = [evidence("service_account.email", vm.serviceAccount), evidence("tags", vm.tags)];
  if (vm.serviceAccount === undefined)
    return verdict(
      "fail",
      vm.resource,
      "runs as the default service account: no FQDN rule can target it",
      found,
    );
  if (isUnknown(vm.serviceAccount))
    return verdict("unknown", vm.resource, "its service account is known only after apply", found);

  // 1. No VPC firewall rule allows it egress to a public address.
  for (const { rule, destinations, public: surelyPublic } of egress.toInternet) {
    const applies = vpcRuleApplies(rule, vm);
    if (applies === false) continue;
    const why = [...found, evidence(`${rule.address}.destination_ranges`, destinations)];
    return verdict(
      applies === true && surelyPublic ? "fail" : "unknown",
      vm.resource,
      `${rule.address} allows it egress to the internet`,
      why,
    );
  }

  // 2. Its firewall policy rules: allows only to listed FQDNs on tcp:443, and a deny of everything else.
  const allowed = new Set(packageSources(vm.kind, { wazuhAgent: true }).map((s) => s.host));
  const rules = egress.policyRules;
  const fqdns: string[] = [];
  let deny: Resource | undefined;
  for (const rule of rules) {
    const applies = policyRuleApplies(rule, vm);
    if (applies === false) continue;
    if (isUnknown(applies))
      return verdict("unknown", vm.resource, `${rule.address}: ${applies.reason}`, found);
    const a = rule.attributes;
    const action = String(a.action ?? "");
    const ranges = list(a, "match.dest_ip_ranges");
    const names = list(a, "match.dest_fqdns");
    const layer4 = blocks(a, "match.layer4_configs");
    const why = [
      ...found,
      evidence(`${rule.address}.match.dest_ip_ranges`, ranges.length > 0 ? ranges : undefined),
      evidence(`${rule.address}.match.dest_fqdns`, names.length > 0 ? names : undefined),
    ];
    if (action === "allow" || action === "apply_security_profile_group") {
      const publicRanges = ranges.filter((r) => isPublicRange(r) !== false);
      if (publicRanges.length > 0 || (ranges.length === 0 && names.length === 0))
        return verdict("fail", vm.resource, `${rule.address} allows it egress to internet addresses`, why);
      const offList = names.filter((n) => typeof n !== "string" || !allowed.has(n));
      if (offList.length > 0)
        return verdict(
          "fail",
          vm.resource,
          `${rule.address} allows ${offList.map(String).join(", ")}, not a package source of ${vm.kind}`,
          why,
        );
      const https = layer4.every(
        (l) =>
          String(l.ip_protocol) === "tcp" &&
          list(l, "ports").length > 0 &&
          list(l, "ports").every((p) => p === "443"),
      );
      if (names.length > 0 && (!https || layer4.length === 0))
        return verdict("fail", vm.resource, `${rule.address} allows more than tcp:443 to its FQDNs`, [
          ...why,
          evidence(`${rule.address}.match.layer4_configs`, layer4),
        ]);
      fqdns.push(...names.map(String));
    } else if (
      action === "deny" &&
      ranges.some((r) => typeof r === "string" && /\/0+$/.test(r.trim())) &&
      layer4.some((l) => String(l.ip_protocol) === "all") &&
      egress.isAttached(rule)
    ) {
      deny = deny ?? rule;
    }
  }
  if (!deny)
    return verdict(
      "fail",
      vm.resource,
      "no attached firewall policy denies its other egress (a deny of 0.0.0.0/0, all protocols, for its service account)",
      found,
    );
  const denyPriority = Number(deny.attributes.priority);
  const after = rules.filter(
    (r) =>
      policyRuleApplies(r, vm) === true &&
      String(r.attributes.action) === "allow" &&
      Number(r.attributes.priority) > denyPriority,
  );
  if (after.length > 0)
    return verdict(
      "fail",
      vm.resource,
      `${deny.address} (priority ${denyPriority}) comes before its allow ${after[0].address}: the allow never applies`,
      found,
    );
  return verdict(
    "pass",
    vm.resource,
    `no internet address allowed; HTTPS to ${fqdns.length > 0 ? fqdns.join(", ") : "no host"} only, the rest denied by ${deny.address}`,
    [
      ...found,
      evidence("allowed FQDNs", fqdns),
      evidence(`${deny.address}.priority`, deny.attributes.priority),
    ],
  );
}

/** Whether the rule's policy is attached to a network. */
function associated(scope: Scope, rule: Resource): boolean {
  const policies = referencedResources(scope, rule, rule.attributes.firewall_policy);
  return policies.some((policy) => ASSOCIATIONS.some((type) => scope.referencing(policy, type).length > 0));
}
