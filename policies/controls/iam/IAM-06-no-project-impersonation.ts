import type { Control } from "../../control";
import { isUnknown } from "../../model/types";
import { iamGrants } from "../../views/iam";
import { evidence, projectVerdict, verdict } from "../../judge/results";
import { IMPERSONATION_ROLES, PROJECT_AND_ABOVE } from "../../views/roles";

export const IAM06NoProjectImpersonation: Control = {
  id: "IAM-06",
  title: "No project-wide service account impersonation",
  claim:
    "Nobody can act as every service account of the project: impersonation is granted on one account at a time.",
  severity: "high",
  rationale:
    "Service Account User or Token Creator on the project lets the holder act as every service account in it, " +
    "including ones more privileged than the holder. " +
    "The impersonation roles are Service Account User, Token Creator, OpenID Token Creator, Workload " +
    "Identity User, Key Admin and Service Account Admin, on the project, folder or organisation: " +
    "trivy's AVD-GCP-0011, AVD-GCP-0005 and AVD-GCP-0009 read the first two only, checkov's " +
    "CKV_GCP_41 too. Checkov's CKV_GCP_49, CKV_GCP_44 and CKV_GCP_45 also fail owner, editor and " +
    "other admin roles; those are IAM-01's and IAM-04's here.",
  remediation:
    "Grant the role on the one service account (google_service_account_iam_member) instead of the project.",
  references: {
    cis: ["1.6"],
    checkov: ["CKV_GCP_41", "CKV_GCP_49", "CKV_GCP_44", "CKV_GCP_45"],
    trivy: ["AVD-GCP-0011", "AVD-GCP-0005", "AVD-GCP-0009"],
  },
  implementation: "The baseline grants impersonation roles only on individual service accounts, if at all.",
  evaluate: (scope) => {
    const results = iamGrants(scope, PROJECT_AND_ABOVE).flatMap((g) =>
      isUnknown(g.role)
        ? [
            verdict("unknown", g.resource, "the role granted is known only after apply", [
              evidence(`${g.path} (role)`, g.role),
            ]),
          ]
        : IMPERSONATION_ROLES.includes(String(g.role))
          ? [
              verdict(
                "fail",
                g.resource,
                `grants ${String(g.role)} on the whole ${g.resource.type.replace(/^google_|_iam_\w+$/g, "")}`,
                [evidence(`${g.path} (role)`, g.role), evidence(g.path, g.members)],
              ),
            ]
          : [],
    );
    return results.length > 0
      ? results
      : [projectVerdict("pass", "no impersonation role above a single service account")];
  },
};
