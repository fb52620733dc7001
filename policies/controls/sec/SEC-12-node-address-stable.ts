import type { Control, Result } from "../../control";
import { type Resource, type Scope, isUnknown } from "../../model/types";
import { blocks, get } from "../../model/values";
import { literal, referencedResources } from "../../model/resolve";
import { evidence, verdict } from "../../judge/results";
import { groupsDeploying } from "../../views/vault-placement";
import { judgeVaultHosts } from "../../views/vault-hosts";

/** The interface whose address a Vault node advertises (its boot script reads network-interfaces/0). */
const ADVERTISED_INTERFACE = "nic0";
const DELETE_RULES = ["NEVER", "ON_PERMANENT_INSTANCE_DELETION"];

export const SEC12NodeAddressStable: Control = {
  id: "SEC-12",
  title: "A Vault node keeps its name and address when it is recreated",
  claim:
    "A rebooted, repaired or recreated Vault node comes back with the instance name and internal IP it had, " +
    "so it rejoins raft as the same voter without anyone's help.",
  severity: "high",
  rationale:
    "Raft knows each peer by its node id and the address it advertised when it joined, and never learns a new " +
    "address for an existing peer: retry_join runs only on an empty raft disk. A node recreated with a new IP " +
    "keeps answering health checks as an unsealed standby while the leader can no longer replicate to it, so " +
    "each recreation silently removes a voter from the quorum. A new instance name is a new raft node id: the " +
    "old one stays a dead voter.",
  remediation:
    'Give the Vault group stateful_internal_ip { interface_name = "nic0" } and update_policy { ' +
    'replacement_method = "RECREATE" } (instance names kept); give a single Vault VM a reserved network_ip.',
  references: { cis: [], checkov: [], trivy: [] },
  implementation:
    "VaultCluster's regional group keeps nic0's internal IP (stateful_internal_ip, released only when the " +
    "instance leaves the group for good) and replaces instances with RECREATE; the boot script advertises that " +
    "IP and uses the instance name as raft node id. test/runtime/vault shows real Vault servers rejoining at " +
    "the same address and being shut out of replication at a new one.",
  evaluate: (scope) =>
    judgeVaultHosts(scope, (host) => {
      if (host.resource.type === "google_compute_instance") return [judgeInstance(scope, host.resource)];
      const groups = groupsDeploying(scope, host.resource);
      if (groups.length === 0) {
        return [
          verdict("not-applicable", host.resource, "not deployed by a managed instance group (see SEC-04)"),
        ];
      }
      return groups.map((group) => judgeGroup(scope, group));
    }),
};

function judgeGroup(scope: Scope, group: Resource): Result {
  const whole = get(group.attributes, "stateful_internal_ip");
  if (isUnknown(whole))
    return verdict("unknown", group, "the group's stateful IPs are known only after apply", [
      evidence("stateful_internal_ip", whole),
    ]);
  const stateful = blocks(group.attributes, "stateful_internal_ip");
  const replacement = literal(scope, group, get(group.attributes, "update_policy.replacement_method"));
  const found = [
    evidence("stateful_internal_ip", stateful),
    evidence("update_policy.replacement_method", replacement),
  ];
  const entries = stateful.map((entry) => ({
    name: literal(scope, group, entry.interface_name),
    rule: literal(scope, group, entry.delete_rule),
  }));
  if (isUnknown(replacement) || entries.some((e) => isUnknown(e.name) || isUnknown(e.rule)))
    return verdict(
      "unknown",
      group,
      "the group's stateful IPs or replacement method are known only after apply",
      found,
    );
  const problems: string[] = [];
  const advertised = entries.find((e) => e.name === ADVERTISED_INTERFACE);
  if (!advertised) {
    problems.push(
      `${ADVERTISED_INTERFACE}'s internal IP is not stateful: a recreated node comes back at a new address, ` +
        "which raft never learns",
    );
  } else if (
    advertised.rule !== undefined &&
    advertised.rule !== null &&
    !DELETE_RULES.includes(String(advertised.rule))
  ) {
    problems.push(
      `${ADVERTISED_INTERFACE}'s stateful IP has an unknown delete_rule ${String(advertised.rule)}`,
    );
  }
  if (replacement !== "RECREATE") {
    problems.push(
      `replacement_method ${String(replacement ?? "(not set: SUBSTITUTE)")} replaces nodes with new names ` +
        "(new raft node ids) and new addresses",
    );
  }
  return problems.length === 0
    ? verdict(
        "pass",
        group,
        `nodes keep their names and ${ADVERTISED_INTERFACE} address across recreation`,
        found,
      )
    : verdict("fail", group, problems.join("; "), found);
}

/** A single VM keeps its address across recreation only with a reserved one (network_ip). */
function judgeInstance(scope: Scope, vm: Resource): Result {
  const raw = get(vm.attributes, "network_interface.0.network_ip");
  const found = [evidence("network_interface.0.network_ip", raw)];
  if (referencedResources(scope, vm, raw).some((r) => r.type === "google_compute_address"))
    return verdict("pass", vm, "the VM's address is a reserved internal address", found);
  const value = literal(scope, vm, raw);
  if (isUnknown(value)) return verdict("unknown", vm, "the VM's address is known only after apply", found);
  return typeof value === "string" && value !== ""
    ? verdict("pass", vm, `the VM's address is fixed at ${value}`, found)
    : verdict(
        "fail",
        vm,
        "the VM's internal IP is ephemeral: a recreated VM comes back at a new address",
        found,
      );
}
