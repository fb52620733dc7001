import type { Control } from "../../control";
import { blocks } from "../../model/values";
import { literal } from "../../model/resolve";
import { evidence, verdict } from "../../judge/results";
import { REGIONAL_MIG, dataDisks, groupsDeploying } from "../../views/vault-placement";
import { judgeVaultHosts } from "../../views/vault-hosts";

export const SEC09RaftDiskStateful: Control = {
  id: "SEC-09",
  title: "Vault's raft disks survive instance recreation",
  claim: "When a Vault node is repaired or replaced, its raft data is kept and re-attached, never wiped.",
  severity: "medium",
  rationale:
    "A managed instance group recreates VMs on auto-healing and updates. Without a stateful disk the new VM " +
    "gets a blank data disk, so each repair drops a raft member's data; repairs in quick succession can lose " +
    "the quorum's copy of Vault's data.",
  remediation:
    'List every Vault data disk in the group\'s stateful_disk with delete_rule "NEVER" (the default).',
  references: { cis: [], checkov: [], trivy: [] },
  implementation:
    "VaultCluster declares the vault-raft device as a stateful disk of its regional MIG with delete_rule NEVER.",
  evaluate: (scope) =>
    judgeVaultHosts(scope, (host) => {
      const groups = groupsDeploying(scope, host.resource).filter((g) => g.type === REGIONAL_MIG);
      if (groups.length === 0) {
        return [
          verdict("not-applicable", host.resource, "not deployed by a managed instance group (see SEC-04)"),
        ];
      }
      const devices = dataDisks(scope, host.resource).map((d) => d.deviceName);
      return groups.map((group) => {
        const stateful = blocks(group.attributes, "stateful_disk");
        const found = [
          evidence("stateful_disk", stateful),
          evidence(`${host.resource.address} data disks`, devices),
        ];
        const lost = devices.filter((device) => {
          const entry = stateful.find((s) => literal(scope, group, s.device_name) === device);
          const rule = entry && literal(scope, group, entry.delete_rule);
          return !entry || (rule !== undefined && rule !== null && rule !== "NEVER");
        });
        if (devices.length === 0)
          return verdict("not-applicable", group, "the template has no data disk (see SEC-05)", found);
        return lost.length === 0
          ? verdict("pass", group, `data disk(s) ${devices.join(", ")} kept across recreation`, found)
          : verdict(
              "fail",
              group,
              `data disk(s) ${lost.map(String).join(", ")} are not stateful with delete_rule NEVER`,
              found,
            );
      });
    }),
};
