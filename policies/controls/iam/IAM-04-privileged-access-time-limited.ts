import type { Control } from "../../control";
import { isUnknown } from "../../model/types";
import { iamGrants } from "../../views/iam";
import { principalKind } from "../../views/principals";
import { evidence, projectVerdict, verdict } from "../../judge/results";
import { isPrivilegedRole } from "../../views/roles";

/** An IAM condition that ends the grant: `request.time < timestamp("...")`. */
const EXPIRY = /request\.time\s*<=?\s*timestamp\(/;
const SERVICE_IDENTITIES = ["service-account", "service-agent", "default-service-account"];
const ENTITLEMENT = "google_privileged_access_manager_entitlement";

export const IAM04PrivilegedAccessTimeLimited: Control = {
  id: "IAM-04",
  title: "People hold privileged roles only for a limited time",
  claim:
    "No person or group holds a standing privileged role on the project: privileged access is requested " +
    "through Privileged Access Manager or granted with an expiry.",
  severity: "high",
  rationale:
    "Standing admin access is the prize of every phished account; access that expires (a PAM grant, or an IAM " +
    "condition on request.time) limits the window and leaves an audit trail of each elevation.",
  remediation:
    "Move the grant into a google_privileged_access_manager_entitlement, or add condition { expression = " +
    '"request.time < timestamp(\\"<end>\\")" } to the google_project_iam_member.',
  references: { cis: [], checkov: [], trivy: [] },
  implementation:
    "The baseline grants people no privileged project role: Vault administrators get IAP tunnelling to port 22 and " +
    "roles/compute.osLogin (no sudo) limited by IAM conditions to the Vault instances; anything more goes through " +
    "PAM entitlements.",
  evaluate: (scope) => {
    const grants = iamGrants(scope, ["google_project"]);
    const results = grants.flatMap((g) => {
      if (isUnknown(g.role))
        return [
          verdict("unknown", g.resource, "the authoritative policy cannot be read before apply", [
            evidence(g.path, g.role),
          ]),
        ];
      if (!isPrivilegedRole(String(g.role))) return [];
      const people = g.members.filter((m) => {
        const kind = principalKind(scope, g.resource, m);
        return isUnknown(kind) || !SERVICE_IDENTITIES.includes(kind);
      });
      if (people.length === 0) return [];
      const expression = g.condition?.expression;
      const found = [
        evidence(`${g.path} (role)`, g.role),
        evidence(g.path, people),
        evidence("condition.expression", expression),
      ];
      // An alternative (`||`) lets the grant hold past the expiry whenever the other branch is true.
      return typeof expression === "string" && EXPIRY.test(expression) && !expression.includes("||")
        ? [verdict("pass", g.resource, `${String(g.role)} expires (${expression})`, found)]
        : [
            verdict(
              "fail",
              g.resource,
              `standing ${String(g.role)} for ${people.map(String).join(", ")}, with no expiry`,
              found,
            ),
          ];
    });
    if (results.length > 0) return results;
    const entitlements = scope.ofType(ENTITLEMENT).length;
    return [
      projectVerdict(
        "pass",
        `no person holds a privileged project role; ${entitlements} PAM entitlement(s) grant time-limited access`,
      ),
    ];
  },
};
