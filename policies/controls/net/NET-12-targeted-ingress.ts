import type { Control } from "../../control";
import { firewallRules } from "../../views/firewall";
import { evidence, projectVerdict, verdict } from "../../judge/results";

export const NET12TargetedIngress: Control = {
  id: "NET-12",
  title: "Ingress allow rules target specific VMs",
  claim:
    "Every ingress allow rule applies only to the VMs that need it, selected by network tag or service account.",
  severity: "medium",
  rationale:
    "An allow rule without targets applies to every VM in the network, so a port opened for one workload is " +
    "opened on all of them.",
  remediation: "Add target_tags or target_service_accounts (target_secure_tags on firewall policy rules).",
  references: { cis: [], checkov: [], trivy: [] },
  implementation: "Every baseline ingress allow names the network tag of the hosts it serves.",
  evaluate: (scope) => {
    const allows = firewallRules(scope).filter(
      (r) => r.direction === "INGRESS" && r.action === "allow" && !r.disabled,
    );
    if (allows.length === 0) return [projectVerdict("pass", "no enabled ingress allow rule")];
    return allows.map((rule) =>
      rule.targets.length > 0
        ? verdict("pass", rule.resource, "applies to tagged / named VMs only", [
            evidence("targets", rule.targets),
          ])
        : verdict("fail", rule.resource, "has no target: it applies to every VM in the network", [
            evidence("targets", undefined),
          ]),
    );
  },
};
