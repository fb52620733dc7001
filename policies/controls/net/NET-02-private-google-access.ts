import type { Control } from "../../control";
import { isUnknown } from "../../model/types";
import { truthy } from "../../model/values";
import { evidence, verdict } from "../../judge/results";
import { judgeVmSubnets } from "../../views/vm-subnets";

export const NET02PrivateGoogleAccess: Control = {
  id: "NET-02",
  title: "Private Google Access on every subnet",
  claim: "VMs reach Google APIs over Google's network without external IP addresses.",
  severity: "medium",
  rationale:
    "Without Private Google Access, VMs that have no external IP cannot reach Cloud Logging, KMS or Storage " +
    "except through NAT, which tempts teams into giving them public addresses.",
  remediation: "Set private_ip_google_access = true on the google_compute_subnetwork.",
  references: { cis: [], checkov: ["CKV_GCP_74"], trivy: ["AVD-GCP-0075"] },
  implementation: "The network stack creates every VM subnet with private_ip_google_access true.",
  evaluate: (scope) =>
    judgeVmSubnets(scope, (subnet) => {
      const value = subnet.attributes.private_ip_google_access;
      const found = [evidence("private_ip_google_access", value)];
      if (isUnknown(value))
        return verdict("unknown", subnet, "private_ip_google_access is known only after apply", found);
      return truthy(value) === true
        ? verdict("pass", subnet, "Private Google Access is on", found)
        : verdict("fail", subnet, "private_ip_google_access is not true (the default is false)", found);
    }),
};
