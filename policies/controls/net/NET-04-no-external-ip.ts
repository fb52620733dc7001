import type { Control } from "../../control";
import { isUnknown } from "../../model/types";
import { blocks, get } from "../../model/values";
import { judgeVms } from "../../views/vms";
import { isSet } from "../../judge/presence";
import { evidence, verdict } from "../../judge/results";

export const NET04NoExternalIp: Control = {
  id: "NET-04",
  title: "No external IP addresses on VMs",
  claim: "No VM has a public IP address; administration goes through IAP and egress through Cloud NAT.",
  severity: "high",
  rationale:
    "A public address exposes every listening port to the internet's scanners and lets the VM bypass the " +
    "logged NAT egress path. " +
    "Trivy's AVD-GCP-0031 reads instances only; this control also fails templates and instances " +
    "created from them, which is where the external address of a managed instance group is set.",
  remediation: "Remove access_config and ipv6_access_config from every network_interface.",
  references: { cis: ["4.9"], checkov: ["CKV_GCP_40"], trivy: ["AVD-GCP-0031"] },
  implementation:
    "HardenedInstanceTemplate never renders access_config; the compute.vmExternalIpAccess org policy denies all.",
  evaluate: (scope) =>
    judgeVms(scope, (vm) => {
      const interfaces = blocks(vm.attributes, "network_interface");
      const external = interfaces.flatMap((nic, i) =>
        ["access_config", "ipv6_access_config"]
          .filter((key) => isSet(get(nic, key)))
          .map((key) => evidence(`network_interface.${i}.${key}`, get(nic, key))),
      );
      if (external.some((e) => isUnknown(e.value))) {
        return verdict("unknown", vm, "external access configuration is known only after apply", external);
      }
      if (external.length > 0) {
        return verdict(
          "fail",
          vm,
          `external IP configured on ${external.map((e) => e.path).join(", ")}`,
          external,
        );
      }
      return verdict("pass", vm, `no access_config on its ${interfaces.length} network interface(s)`, [
        evidence("network_interface.*.access_config", undefined),
      ]);
    }),
};
