import type { Control, Result } from "../../control";
import { type Resource, isUnknown } from "../../model/types";
import { get } from "../../model/values";
import { allowedValues, enforcesBoolean, isTrue, orgPolicy, unconditionalRules } from "../shared/org-policy";
import { evidence, projectVerdict, verdict } from "../shared/results";

/**
 * Boolean constraints the baseline requires enforced on the project. Listed here, not imported from the
 * construct that sets them: the control states the requirement, the construct is what it checks.
 */
export const REQUIRED_BOOLEAN_CONSTRAINTS = [
  "compute.requireOsLogin",
  "compute.requireShieldedVm",
  "compute.skipDefaultNetworkCreation",
  "compute.disableSerialPortAccess",
  "storage.uniformBucketLevelAccess",
  "storage.publicAccessPrevention",
  "sql.restrictPublicIp",
  "iam.disableServiceAccountKeyCreation",
];

/** List constraints and what enforcing them means. */
const LIST_CONSTRAINTS: Record<string, { meaning: string; holds: (policy: Resource) => boolean }> = {
  "compute.vmExternalIpAccess": {
    meaning: "denies every VM an external IP (deny_all)",
    holds: (policy) => unconditionalRules(policy).some((rule) => isTrue(rule.deny_all)),
  },
  "gcp.resourceLocations": {
    meaning: "lists allowed locations and does not allow all",
    holds: (policy) => (allowedValues(policy) ?? []).length > 0,
  },
};

export const orgPolicies: Control = {
  id: "IAM-03",
  title: "Guardrail organisation policies enforced on the project",
  claim:
    "The project enforces organisation policies that make the API itself refuse external VM IPs, VMs without " +
    "OS Login or Shielded VM, the default network, serial ports, bucket ACLs and public buckets, public Cloud SQL " +
    "IPs, service account keys, and resources outside the allowed locations.",
  severity: "high",
  rationale:
    "Terraform only governs what Terraform creates; organisation policies hold for every request, including " +
    "console clicks and scripts, so the baseline's rules cannot be bypassed outside this code.",
  remediation:
    "Declare a google_org_policy_policy named projects/<number>/policies/<constraint> with spec.rules " +
    '[{ enforce = "TRUE" }] (deny_all = "TRUE" for compute.vmExternalIpAccess, values.allowed_values for ' +
    "gcp.resourceLocations).",
  references: { cis: [], checkov: [], trivy: [] },
  implementation: "The foundation stack's ProjectOrgPolicies construct sets every one of these constraints.",
  evaluate: (scope) => [
    ...REQUIRED_BOOLEAN_CONSTRAINTS.map((constraint) =>
      judge(orgPolicy(scope, constraint), constraint, "enforced (enforce = TRUE)", enforcesBoolean),
    ),
    ...Object.entries(LIST_CONSTRAINTS).map(([constraint, { meaning, holds }]) =>
      judge(orgPolicy(scope, constraint), constraint, meaning, holds),
    ),
  ],
};

function judge(
  policy: Resource | undefined,
  constraint: string,
  meaning: string,
  holds: (p: Resource) => boolean,
): Result {
  if (!policy)
    return projectVerdict("fail", `no google_org_policy_policy for ${constraint}`, [
      evidence(`policies/${constraint}`, undefined),
    ]);
  const spec = get(policy.attributes, "spec");
  const found = [evidence("spec", spec)];
  if (isUnknown(spec)) return verdict("unknown", policy, `${constraint}: spec known only after apply`, found);
  return holds(policy)
    ? verdict("pass", policy, `${constraint} ${meaning}`, found)
    : verdict("fail", policy, `${constraint} is declared but not ${meaning}`, found);
}
