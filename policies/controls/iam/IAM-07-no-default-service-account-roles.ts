import type { Control } from "../../control";
import { isUnknown } from "../../model/types";
import { iamGrants } from "../../views/iam";
import { principalKind } from "../../views/principals";
import { PROJECT_AND_ABOVE } from "../../views/roles";
import { evidence, projectVerdict, verdict } from "../../judge/results";

export const IAM07NoDefaultServiceAccountRoles: Control = {
  id: "IAM-07",
  title: "Default service accounts hold no role on the project, folder or organisation",
  claim:
    "No role is granted to the Compute Engine or App Engine default service account on the project, its folder " +
    "or organisation.",
  severity: "medium",
  rationale:
    "Every VM or App Engine app that names no service account runs as the project's default account, so a role " +
    "granted to it is granted to all of them, present and future, and to everyone who can create one. Roles go " +
    "to dedicated service accounts instead (CMP-05 keeps VMs off the default account). Any role counts, not " +
    "only privileged ones (IAM-05 judges those for every service account). " +
    "Checkov's CKV_GCP_46, CKV_GCP_48 and CKV_GCP_47 match the email text only; the default account " +
    "read from data.google_compute_default_service_account fails here too.",
  remediation:
    "Remove the grant to <number>-compute@developer.gserviceaccount.com or <project>@appspot.gserviceaccount.com " +
    "and grant the role to a service account created for the workload.",
  references: {
    cis: [],
    checkov: ["CKV_GCP_46", "CKV_GCP_47", "CKV_GCP_48"],
    trivy: ["AVD-GCP-0006", "AVD-GCP-0004", "AVD-GCP-0008"],
  },
  implementation: "The baseline grants nothing to a default service account; every workload has its own.",
  evaluate: (scope) => {
    const grants = iamGrants(scope, PROJECT_AND_ABOVE);
    const results = grants.flatMap((g) => {
      const kinds = g.members.map((m) => principalKind(scope, g.resource, m));
      const defaults = g.members.filter((_, i) => kinds[i] === "default-service-account");
      const level = g.resource.type.replace(/^google_|_iam_\w+$/g, "");
      if (defaults.length > 0)
        return [
          verdict("fail", g.resource, `grants ${String(g.role)} on the ${level} to ${defaults.join(", ")}`, [
            evidence(`${g.path} (role)`, g.role),
            evidence(g.path, defaults),
          ]),
        ];
      if (kinds.some(isUnknown) || isUnknown(g.role))
        return [
          verdict("unknown", g.resource, "some members are known only after apply", [
            evidence(g.path, g.members),
          ]),
        ];
      return [];
    });
    return results.length > 0
      ? results
      : [
          projectVerdict(
            "pass",
            `no default service account among ${grants.length} project, folder or organisation grant(s)`,
          ),
        ];
  },
};
