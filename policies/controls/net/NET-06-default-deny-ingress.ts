import type { Control } from "../../control";
import { judgeDefaultDeny } from "../../judge/default-deny";

export const NET06DefaultDenyIngress: Control = {
  id: "NET-06",
  title: "Explicit, logged default-deny ingress rule",
  claim: "All inbound traffic not explicitly allowed is denied by a logged deny-all rule.",
  severity: "high",
  rationale:
    "GCP's implied deny-ingress rule cannot be logged; an explicit deny-all at the lowest priority records every " +
    "refused connection attempt and keeps the default independent of GCP's implied behaviour.",
  remediation:
    'Add a google_compute_firewall with direction INGRESS, deny { protocol = "all" }, source_ranges = ' +
    '["0.0.0.0/0"], priority 65534, no targets, and a log_config block.',
  references: { cis: [], checkov: [], trivy: [] },
  implementation:
    "The network stack declares a deny-all ingress rule at priority 65534 through the logged FirewallRule construct.",
  evaluate: (scope) => judgeDefaultDeny(scope, "INGRESS"),
};
