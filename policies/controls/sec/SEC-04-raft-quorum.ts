import type { Control, Result } from "../../control";
import { type Resource, type Scope, isUnknown } from "../../model/types";
import { list } from "../../model/values";
import { literal } from "../../model/resolve";
import { evidence, verdict } from "../../judge/results";
import { REGIONAL_MIG, groupsDeploying } from "../../views/vault-placement";
import { judgeVaultHosts } from "../../views/vault-hosts";

const MIN_NODES = 3;
const MIN_ZONES = 3;
/** Shapes that keep instances spread over the group's zones (ANY and ANY_SINGLE_ZONE may pack them). */
const SPREADING_SHAPES = ["EVEN", "BALANCED"];

export const SEC04RaftQuorum: Control = {
  id: "SEC-04",
  title: "Vault runs at least 3 raft nodes spread over at least 3 zones",
  claim: "Vault keeps serving when one node or one whole zone fails: at least 3 nodes over at least 3 zones.",
  severity: "high",
  rationale:
    "Integrated storage needs a majority of its voters. An odd count of at least 3 nodes tolerates one failure, " +
    "and spreading them evenly over 3 or more zones means a zone outage takes at most a minority with it. A " +
    "single VM or a zonal group loses Vault with its zone.",
  remediation:
    "Deploy the Vault template with a google_compute_region_instance_group_manager: target_size 3 or 5, " +
    'distribution_policy_zones naming at least 3 zones, distribution_policy_target_shape "EVEN".',
  references: { cis: [], checkov: [], trivy: [] },
  implementation:
    "VaultCluster deploys a regional MIG of vault.nodes (3 or 5, checked by the configuration) over the zones " +
    "of vault.zoneSuffixes (at least 3) with the EVEN target shape.",
  evaluate: (scope) =>
    judgeVaultHosts(scope, (host) => {
      if (host.resource.type === "google_compute_instance") {
        return [
          verdict("fail", host.resource, "Vault runs on a single VM: no raft quorum survives its loss"),
        ];
      }
      const groups = groupsDeploying(scope, host.resource);
      if (groups.length === 0) {
        return [
          verdict("fail", host.resource, "no regional managed instance group deploys this Vault template"),
        ];
      }
      return groups.map((group) => judgeGroup(scope, group));
    }),
};

function judgeGroup(scope: Scope, group: Resource): Result {
  if (group.type !== REGIONAL_MIG) {
    return verdict("fail", group, "a zonal instance group runs Vault: one zone outage stops it");
  }
  const a = group.attributes;
  const size = literal(scope, group, a.target_size);
  const zones = list(a, "distribution_policy_zones").map((z) => literal(scope, group, z));
  const shape = literal(scope, group, a.distribution_policy_target_shape);
  const found = [
    evidence("target_size", size),
    evidence("distribution_policy_zones", zones),
    evidence("distribution_policy_target_shape", shape),
  ];
  if ([size, shape, ...zones].some(isUnknown)) {
    return verdict("unknown", group, "group size or zones are known only after apply", found);
  }
  const problems: string[] = [];
  if (typeof size !== "number" || size < MIN_NODES || size % 2 === 0) {
    problems.push(`target_size ${String(size ?? "(not set)")} is not an odd number of at least ${MIN_NODES}`);
  }
  const distinct = new Set(zones.filter((z) => typeof z === "string"));
  if (distinct.size < MIN_ZONES) {
    problems.push(`distribution_policy_zones names ${distinct.size} zone(s), fewer than ${MIN_ZONES}`);
  }
  if (shape !== undefined && shape !== null && !SPREADING_SHAPES.includes(String(shape))) {
    problems.push(`target shape ${String(shape)} may place nodes in one zone`);
  }
  return problems.length === 0
    ? verdict("pass", group, `${String(size)} nodes over ${distinct.size} zones`, found)
    : verdict("fail", group, problems.join("; "), found);
}
