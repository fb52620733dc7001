import type { Control } from "../../control";
import { isUnknown } from "../../model/types";
import { judgeVms } from "../../views/vms";
import { metadataFlag, projectMetadata, vmMetadata } from "../../views/metadata";
import { presenceProven } from "../../judge/presence";
import { verdict } from "../../judge/results";

const KEY = "enable-osconfig";

export const CMP07VmManager: Control = {
  id: "CMP-07",
  title: "VM Manager (OS Config agent) enabled on every VM",
  claim: "Every VM runs the OS Config agent, so patch deployments and inventory reach it.",
  severity: "medium",
  rationale:
    "A patch deployment only patches VMs whose OS Config agent is enabled (metadata enable-osconfig); without it " +
    "the deployment reports success while the VM stays unpatched.",
  remediation: 'Set metadata enable-osconfig = "TRUE" on the VM or in project metadata.',
  references: { cis: [], checkov: [], trivy: [] },
  implementation: "HardenedInstanceTemplate sets enable-osconfig TRUE.",
  evaluate: (scope) => {
    const project = projectMetadata(scope, KEY);
    return judgeVms(scope, (vm) => {
      const own = vmMetadata(vm, KEY);
      const found = [own.evidence, ...(project ? [project.evidence] : [])];
      const flag = metadataFlag(own.value) ?? (project ? metadataFlag(project.value) : undefined);
      if (isUnknown(flag))
        return verdict("unknown", vm, `metadata ${KEY} cannot be read before apply`, found);
      if (flag !== true)
        return verdict("fail", vm, `metadata ${KEY} is not TRUE on the VM or the project`, found);
      const pass = verdict("pass", vm, "OS Config agent enabled", found);
      // Enabled only through project metadata that may not be created: not proven.
      return project && metadataFlag(own.value) === undefined ? presenceProven(pass, project.source) : pass;
    });
  },
};
