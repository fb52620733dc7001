import type { Control } from "../../control";
import { isUnknown } from "../../model/types";
import { truthy } from "../../model/values";
import { judgeVms } from "../../views/vms";
import { evidence, verdict } from "../../judge/results";

export const NET11NoIpForwarding: Control = {
  id: "NET-11",
  title: "IP forwarding off on every VM",
  claim: "No VM can route traffic for other addresses.",
  severity: "medium",
  rationale:
    "With IP forwarding a VM can send and receive packets for addresses that are not its own: it can act as an " +
    "unmonitored router around firewall rules and spoof sources. " +
    "Checkov's CKV_GCP_36 and trivy's AVD-GCP-0043 read instances only; templates and instances " +
    "created from them are judged here too.",
  remediation: "Remove can_ip_forward or set it to false.",
  references: { cis: ["4.6"], checkov: ["CKV_GCP_36"], trivy: ["AVD-GCP-0043"] },
  implementation: "HardenedInstanceTemplate sets can_ip_forward false.",
  evaluate: (scope) =>
    judgeVms(scope, (vm) => {
      const value = vm.attributes.can_ip_forward;
      const found = [evidence("can_ip_forward", value)];
      const forwards = truthy(value);
      if (isUnknown(forwards))
        return verdict("unknown", vm, "can_ip_forward is known only after apply", found);
      return forwards
        ? verdict("fail", vm, "can_ip_forward is true", found)
        : verdict("pass", vm, "IP forwarding off", found);
    }),
};
