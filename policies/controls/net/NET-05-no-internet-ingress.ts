import type { Control } from "../../control";
import { isUnknown } from "../../model/types";
import { firewallRules, internetRanges } from "../../views/firewall";
import { evidence, projectVerdict, verdict } from "../../judge/results";

export const NET05NoInternetIngress: Control = {
  id: "NET-05",
  title: "No firewall rule allows ingress from the whole internet",
  claim:
    "No port on any VM is open to 0.0.0.0/0 or ::/0; internet traffic arrives only through the load balancer.",
  severity: "critical",
  rationale:
    "An allow rule from 0.0.0.0/0 or ::/0 exposes the matching ports of every targeted VM to the whole " +
    "internet; external traffic must come through the HTTPS load balancer and Cloud Armor instead. " +
    "Stricter than the port checks of checkov (CKV_GCP_2 SSH, CKV_GCP_3 RDP, CKV_GCP_77 and " +
    "CKV_GCP_75 FTP 20/21, CKV_GCP_106 HTTP 80, CKV_GCP_88 MySQL 3306), which fail only their port: " +
    "every port open to the internet fails here. Trivy's AVD-GCP-0027 and AVD-GCP-0070 pass a rule " +
    "that has target tags; a tag narrows which VMs are exposed, not to whom, so it fails here too.",
  remediation:
    "Narrow source_ranges to the ranges that need access (35.235.240.0/20 for IAP, the health-check ranges) " +
    "or use source tags / service accounts.",
  references: {
    cis: ["3.6", "3.7"],
    checkov: ["CKV_GCP_2", "CKV_GCP_3", "CKV_GCP_75", "CKV_GCP_77", "CKV_GCP_88", "CKV_GCP_106"],
    trivy: ["AVD-GCP-0027", "AVD-GCP-0070"],
  },
  implementation:
    "The FirewallRule construct refuses an ingress allow from the internet; the baseline never asks for one.",
  evaluate: (scope) => {
    const ingressAllows = firewallRules(scope).filter(
      (r) => r.direction === "INGRESS" && r.action === "allow",
    );
    if (ingressAllows.length === 0) return [projectVerdict("pass", "no ingress allow rule: nothing is open")];
    return ingressAllows.map((rule) => {
      const found = [evidence(rule.sourceRangesPath, rule.sourceRanges)];
      if (rule.disabled)
        return verdict("pass", rule.resource, "rule is disabled", [...found, evidence("disabled", true)]);
      const open = internetRanges(rule.sourceRanges);
      if (open.length > 0)
        return verdict("fail", rule.resource, `allows ingress from ${open.join(", ")}`, found);
      if (rule.internetSources.length > 0) {
        const named = rule.internetSources.map((source) => evidence(source.path, source.value));
        return verdict(
          "fail",
          rule.resource,
          `allows ingress from internet sources ${rule.internetSources.map((source) => String(source.value)).join(", ")}`,
          [...found, ...named],
        );
      }
      if (rule.sourceRanges.some(isUnknown))
        return verdict("unknown", rule.resource, "source ranges are known only after apply", found);
      if (rule.sourceRanges.length === 0 && rule.sourceIdentities.length === 0) {
        return verdict(
          "fail",
          rule.resource,
          "names no source at all, which Google reads as 0.0.0.0/0",
          found,
        );
      }
      return verdict("pass", rule.resource, "ingress limited to named sources", found);
    });
  },
};
