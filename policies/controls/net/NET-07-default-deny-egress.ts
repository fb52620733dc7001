import type { Control } from "../../control";
import { judgeDefaultDeny } from "../../judge/default-deny";

export const NET07DefaultDenyEgress: Control = {
  id: "NET-07",
  title: "Explicit, logged default-deny egress rule",
  claim: "All outbound traffic not explicitly allowed is denied by a logged deny-all rule.",
  severity: "high",
  rationale:
    "GCP's implied egress rule allows everything; without an explicit deny-all a compromised VM can reach any " +
    "destination. Logging the rule records attempted exfiltration and command-and-control traffic. An allow " +
    "for every instance to 0.0.0.0/0 evaluated before it (a higher priority) of all traffic, or of every TCP " +
    "and UDP port, leaves the deny-all nothing to deny: the network fails as if it had none.",
  remediation:
    'Add a google_compute_firewall with direction EGRESS, deny { protocol = "all" }, destination_ranges = ' +
    '["0.0.0.0/0"], priority 65534, no targets, and a log_config block; allow what workloads need above it.',
  references: { cis: [], checkov: [], trivy: [] },
  implementation:
    "The network stack declares a deny-all egress rule at priority 65534 through the logged FirewallRule construct.",
  evaluate: (scope) => judgeDefaultDeny(scope, "EGRESS"),
};
