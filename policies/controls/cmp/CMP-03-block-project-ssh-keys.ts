import type { Control } from "../../control";
import { isUnknown } from "../../model/types";
import { judgeVms } from "../../views/vms";
import { metadataFlag, vmMetadata } from "../../views/metadata";
import { verdict } from "../../judge/results";

const KEY = "block-project-ssh-keys";

export const CMP03BlockProjectSshKeys: Control = {
  id: "CMP-03",
  title: "Project-wide SSH keys blocked on every VM",
  claim: "No VM accepts SSH keys placed in project metadata.",
  severity: "medium",
  rationale:
    "A key in project metadata opens every VM of the project that does not block it; one leaked key is then a " +
    "key to everything. " +
    'Trivy\'s AVD-GCP-0030 reads only a boolean true, so it fails the string "TRUE" the provider ' +
    "stores; that passes here.",
  remediation: 'Set metadata block-project-ssh-keys = "TRUE" on the VM or template.',
  references: { cis: ["4.3"], checkov: ["CKV_GCP_32"], trivy: ["AVD-GCP-0030"] },
  implementation:
    "HardenedInstanceTemplate sets block-project-ssh-keys TRUE in metadata it does not let callers override.",
  evaluate: (scope) =>
    judgeVms(scope, (vm) => {
      const own = vmMetadata(vm, KEY);
      const flag = metadataFlag(own.value);
      if (isUnknown(flag))
        return verdict("unknown", vm, `metadata ${KEY} cannot be read before apply`, [own.evidence]);
      return flag === true
        ? verdict("pass", vm, "project-wide SSH keys blocked", [own.evidence])
        : verdict("fail", vm, `metadata ${KEY} is not TRUE: project-wide keys are accepted`, [own.evidence]);
    }),
};
