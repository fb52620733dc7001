import type { Control } from "../../control";
import { isUnknown } from "../../model/types";
import { get } from "../../model/values";
import { isSet } from "../../judge/presence";
import { evidence, verdict } from "../../judge/results";
import { judgeVmSubnets } from "../../views/vm-subnets";

export const NET03SubnetFlowLogs: Control = {
  id: "NET-03",
  title: "VPC flow logs on every subnet",
  claim: "Network flows of every subnet are logged for investigation.",
  severity: "medium",
  rationale:
    "Flow logs are the record of who talked to whom inside the VPC; without them lateral movement and " +
    "exfiltration leave no trace. " +
    "Checkov's CKV_GCP_26 and trivy's AVD-GCP-0029 and AVD-GCP-0076 pass any log_config block; this " +
    "control also fails one whose flow_sampling is 0, which records nothing.",
  remediation:
    "Add a log_config block (aggregation_interval, flow_sampling > 0, metadata) to the google_compute_subnetwork.",
  references: { cis: ["3.8"], checkov: ["CKV_GCP_26"], trivy: ["AVD-GCP-0029", "AVD-GCP-0076"] },
  implementation: "The network stack gives every VM subnet a log_config with full sampling and all metadata.",
  evaluate: (scope) =>
    judgeVmSubnets(scope, (subnet) => {
      const logConfig = get(subnet.attributes, "log_config");
      const sampling = get(subnet.attributes, "log_config.flow_sampling");
      const found = [evidence("log_config", logConfig)];
      if (isUnknown(logConfig) || isUnknown(sampling)) {
        return verdict("unknown", subnet, "log_config is known only after apply", found);
      }
      if (!isSet(logConfig)) return verdict("fail", subnet, "no log_config: flow logs are off", found);
      if (sampling !== undefined && Number(sampling) <= 0) {
        return verdict("fail", subnet, "log_config.flow_sampling is 0: no flow is recorded", found);
      }
      return verdict("pass", subnet, "flow logs are on", found);
    }),
};
