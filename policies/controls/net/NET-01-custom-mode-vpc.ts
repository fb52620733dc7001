import type { Control } from "../../control";
import { isUnknown } from "../../model/types";
import { evidence, judgeEach, verdict } from "../../judge/results";

export const NET01CustomModeVpc: Control = {
  id: "NET-01",
  title: "VPC networks are custom mode",
  claim: "Every VPC network is custom mode: subnets exist only where the baseline declares them.",
  severity: "high",
  rationale:
    "An auto-mode network creates a subnet in every region with predictable ranges, outside data residency and " +
    "outside the baseline's flow-log, Private Google Access and firewall design.",
  remediation: "Set auto_create_subnetworks = false on the google_compute_network and declare each subnet.",
  references: { cis: [], checkov: [], trivy: [] },
  implementation:
    "The network stack's PrivateNetwork construct creates the VPC with auto_create_subnetworks false.",
  evaluate: (scope) =>
    judgeEach(scope, ["google_compute_network"], (network) => {
      const value = network.attributes.auto_create_subnetworks;
      const found = [evidence("auto_create_subnetworks", value)];
      if (isUnknown(value))
        return verdict("unknown", network, "auto_create_subnetworks is known only after apply", found);
      if (value === false || value === "false")
        return verdict("pass", network, "custom mode (auto_create_subnetworks = false)", found);
      const why =
        value === undefined
          ? "not set, and the provider default is true (auto mode)"
          : `is ${String(value)} (auto mode)`;
      return verdict("fail", network, `auto_create_subnetworks ${why}`, found);
    }),
};
