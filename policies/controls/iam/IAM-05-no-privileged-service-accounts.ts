import type { Control } from "../../control";
import { isUnknown } from "../../model/types";
import { iamGrants } from "../../views/iam";
import { principalKind } from "../../views/principals";
import { evidence, projectVerdict, verdict } from "../../judge/results";
import { isPrivilegedRole } from "../../views/roles";

export const IAM05NoPrivilegedServiceAccounts: Control = {
  id: "IAM-05",
  title: "Service accounts hold no administrator role on the project",
  claim:
    "No workload service account holds owner, editor, an administrator or an impersonation role on the project.",
  severity: "high",
  rationale:
    "A workload is compromised through its code; if its service account administers the project, so does the " +
    "attacker. Workloads get narrow roles on the resources they use. " +
    "Google service agents are not judged here: Google grants them the roles their service needs, " +
    "and checkov's CKV_GCP_42 and trivy's AVD-GCP-0007 failing one with an admin role is not a " +
    "finding about a workload. Impersonation roles count as privileged, so a workload with Service " +
    "Account User on the project fails here where CKV_GCP_42 passes it.",
  remediation:
    "Replace the project-level grant with the narrow roles the workload needs, on the resources it uses.",
  references: { cis: ["1.5"], checkov: ["CKV_GCP_42"], trivy: ["AVD-GCP-0007"] },
  implementation:
    "WorkloadServiceAccount grants only the named, narrow project roles (e.g. logging.logWriter).",
  evaluate: (scope) => {
    const results = iamGrants(scope, ["google_project"]).flatMap((g) => {
      const found = [evidence(`${g.path} (role)`, g.role), evidence(g.path, g.members)];
      if (isUnknown(g.role))
        return [verdict("unknown", g.resource, "the role granted is known only after apply", found)];
      if (!isPrivilegedRole(String(g.role))) return [];
      const kinds = g.members.map((m) => principalKind(scope, g.resource, m));
      const accounts = g.members.filter((_, i) =>
        ["service-account", "default-service-account"].includes(String(kinds[i])),
      );
      if (accounts.length > 0)
        return [
          verdict("fail", g.resource, `grants ${String(g.role)} to ${accounts.map(String).join(", ")}`, [
            evidence(`${g.path} (role)`, g.role),
            evidence(g.path, accounts),
          ]),
        ];
      return kinds.some(isUnknown)
        ? [
            verdict(
              "unknown",
              g.resource,
              `grants ${String(g.role)} to a member known only after apply`,
              found,
            ),
          ]
        : [];
    });
    return results.length > 0
      ? results
      : [projectVerdict("pass", "no service account holds a privileged project role")];
  },
};
