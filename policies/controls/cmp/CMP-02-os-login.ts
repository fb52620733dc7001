import type { Control, Evidence, Result } from "../../control";
import { type Resource, isUnknown } from "../../model/types";
import { judgeVms } from "../../views/vms";
import { metadataFlag, projectMetadata, vmMetadata } from "../../views/metadata";
import { enforcesBoolean, orgPolicy } from "../../views/org-policy";
import { presenceProven } from "../../judge/presence";
import { evidence, verdict } from "../../judge/results";

const KEY = "enable-oslogin";

export const CMP02OsLogin: Control = {
  id: "CMP-02",
  title: "OS Login on every VM",
  claim:
    "SSH access to VMs is granted and revoked through IAM (OS Login), never through SSH keys in metadata.",
  severity: "high",
  rationale:
    "OS Login ties every SSH login to a Google identity with IAM roles and audit logs, and revokes access with " +
    "the identity; metadata SSH keys live on forever and are shared. Project metadata enable-oslogin = FALSE " +
    "fails on its own resource, even when the input declares no VM: it turns OS Login off for every VM that " +
    "does not override it. " +
    "Checkov's CKV_GCP_34 passes a VM that does not set enable-oslogin, and trivy's AVD-GCP-0036 one " +
    'that sets it to the string "FALSE"; both fail here unless project metadata or the org policy ' +
    "turns OS Login on. Checkov's CKV_GCP_33 fails project metadata that does not set the key (here " +
    "the VMs and the org policy decide); trivy's AVD-GCP-0042 reads only a boolean true, so it fails " +
    'the string "TRUE" the provider stores, and it does not read ' +
    "google_compute_project_metadata_item.",
  remediation:
    'Set metadata enable-oslogin = "TRUE" on the VM (or project-wide), and enforce the compute.requireOsLogin ' +
    "org policy. Never set it to FALSE on a VM or in project metadata.",
  references: {
    cis: ["4.4"],
    checkov: ["CKV_GCP_34", "CKV_GCP_33"],
    trivy: ["AVD-GCP-0036", "AVD-GCP-0042"],
  },
  implementation:
    "HardenedInstanceTemplate sets enable-oslogin TRUE; the compute.requireOsLogin org policy is enforced.",
  evaluate: (scope) => {
    const project = projectMetadata(scope, KEY);
    const policy = orgPolicy(scope, "compute.requireOsLogin");
    const vms = judgeVms(scope, (vm) => {
      const own = vmMetadata(vm, KEY);
      const flag = metadataFlag(own.value);
      if (isUnknown(flag))
        return verdict("unknown", vm, `metadata ${KEY} cannot be read before apply`, [own.evidence]);
      if (flag === false)
        return verdict("fail", vm, `metadata ${KEY} turns OS Login off for this VM`, [own.evidence]);
      if (flag === true) return verdict("pass", vm, `metadata ${KEY} is on`, [own.evidence]);
      if (project && metadataFlag(project.value) === true) {
        const found = [own.evidence, project.evidence];
        return presenceProven(
          verdict("pass", vm, `OS Login on through project metadata`, found),
          project.source,
        );
      }
      if (policy && enforcesBoolean(policy)) {
        const found = [own.evidence, evidence(policy.address, "enforced")];
        return presenceProven(
          verdict("pass", vm, `OS Login required by org policy ${policy.address}`, found),
          policy,
        );
      }
      return verdict("fail", vm, `no ${KEY} on the VM, in project metadata or by org policy`, [
        own.evidence,
        ...(project ? [project.evidence] : []),
      ]);
    });
    const noVms = vms.every((r) => r.resource === undefined && r.status === "not-applicable");
    const projectWide = project && judgeProjectMetadata(project, noVms);
    if (!projectWide) return vms;
    return noVms ? [projectWide] : [projectWide, ...vms];
  },
};

/**
 * The project-wide setting, judged on its own resource: OS Login turned off project-wide fails whether or not
 * the input declares a VM (every VM created later without its own key has it off). With VMs, a project-wide
 * on is already judged through each VM; without any, it is judged here.
 */
function judgeProjectMetadata(
  project: { value: unknown; evidence: Evidence; source: Resource },
  noVms: boolean,
): Result | undefined {
  const flag = metadataFlag(project.value);
  const found = [project.evidence];
  if (flag === false)
    return verdict(
      "fail",
      project.source,
      `project metadata ${KEY} turns OS Login off for every VM that does not set it itself`,
      found,
    );
  if (!noVms) return undefined;
  if (isUnknown(flag))
    return verdict("unknown", project.source, `project metadata ${KEY} cannot be read before apply`, found);
  return presenceProven(
    verdict("pass", project.source, `project metadata ${KEY} is on`, found),
    project.source,
  );
}
