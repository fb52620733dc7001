import type { Control } from "../../control";
import { isUnknown } from "../../model/types";
import { iamGrants } from "../../views/iam";
import { evidence, projectVerdict, verdict } from "../../judge/results";
import { BASIC_ROLES, PROJECT_AND_ABOVE } from "../../views/roles";

export const IAM01NoBasicRoles: Control = {
  id: "IAM-01",
  title: "No basic roles (owner, editor, viewer)",
  claim:
    "Nobody is granted roles/owner, roles/editor or roles/viewer on the project, its folder or organisation.",
  severity: "high",
  rationale:
    "Basic roles grant thousands of permissions across every service, including ones added later; least " +
    "privilege needs predefined or custom roles scoped to the job. " +
    "Checkov's CKV_GCP_117 (project), CKV_GCP_116 (folder) and CKV_GCP_115 (organisation) read " +
    "members and bindings; a basic role in an authoritative google_project_iam_policy fails here " +
    "too.",
  remediation: "Replace the grant with the predefined roles the principal needs, on the narrowest resource.",
  references: { cis: [], checkov: ["CKV_GCP_117", "CKV_GCP_116", "CKV_GCP_115"], trivy: [] },
  implementation: "WorkloadServiceAccount refuses basic roles; the baseline grants no basic role anywhere.",
  evaluate: (scope) => {
    const grants = iamGrants(scope, PROJECT_AND_ABOVE);
    const results = grants.flatMap((g) => {
      if (isUnknown(g.role))
        return [
          verdict("unknown", g.resource, "the authoritative policy cannot be read before apply", [
            evidence(g.path, g.role),
          ]),
        ];
      return BASIC_ROLES.includes(String(g.role))
        ? [
            verdict(
              "fail",
              g.resource,
              `grants basic role ${String(g.role)} to ${g.members.map(String).join(", ")}`,
              [evidence(`${g.path} (role)`, g.role), evidence(g.path, g.members)],
            ),
          ]
        : [];
    });
    return results.length > 0
      ? results
      : [
          projectVerdict(
            "pass",
            `no basic role among ${grants.length} project, folder or organisation grant(s)`,
          ),
        ];
  },
};
