import type { Control } from "../../control";
import { isUnknown } from "../../model/types";
import { judgeVms } from "../../views/vms";
import { metadataFlag, projectMetadata, vmMetadata } from "../../views/metadata";
import { verdict } from "../../judge/results";

const KEY = "serial-port-enable";

export const CMP04SerialPortOff: Control = {
  id: "CMP-04",
  title: "Interactive serial console off on every VM",
  claim: "No VM accepts interactive serial console connections.",
  severity: "medium",
  rationale:
    "The serial console is reachable from the internet through Google's proxy, outside every firewall rule and " +
    "IAP; the project-wide setting turns it on for every VM that does not turn it off. " +
    "Checkov's CKV_GCP_35 and trivy's AVD-GCP-0032 read the VM's own metadata only (trivy only a " +
    "boolean true); a VM that does not turn the console off under project metadata that turns it on, " +
    'or one set to the string "TRUE", fails here.',
  remediation:
    'Remove serial-port-enable (or set it to "FALSE") on the VM and in project metadata; enforce ' +
    "compute.disableSerialPortAccess.",
  references: { cis: ["4.5"], checkov: ["CKV_GCP_35"], trivy: ["AVD-GCP-0032"] },
  implementation:
    "HardenedInstanceTemplate sets serial-port-enable FALSE; compute.disableSerialPortAccess is enforced.",
  evaluate: (scope) => {
    const project = projectMetadata(scope, KEY);
    return judgeVms(scope, (vm) => {
      const own = vmMetadata(vm, KEY);
      const found = [own.evidence, ...(project ? [project.evidence] : [])];
      const flag = metadataFlag(own.value);
      const projectFlag = project ? metadataFlag(project.value) : undefined;
      if (isUnknown(flag))
        return verdict("unknown", vm, `metadata ${KEY} cannot be read before apply`, found);
      if (flag === true) return verdict("fail", vm, `metadata ${KEY} turns the serial console on`, found);
      if (flag === false) return verdict("pass", vm, "serial console off on the VM", found);
      if (isUnknown(projectFlag))
        return verdict("unknown", vm, `project metadata ${KEY} cannot be read before apply`, found);
      return projectFlag === true
        ? verdict(
            "fail",
            vm,
            `project metadata ${KEY} turns the serial console on and the VM does not turn it off`,
            found,
          )
        : verdict("pass", vm, "serial console off (not enabled on the VM or the project)", found);
    });
  },
};
