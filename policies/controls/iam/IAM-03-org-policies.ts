import type { Control, Result } from "../../control";
import { type Resource, type Scope, Unknown, isUnknown } from "../../model/types";
import { get } from "../../model/values";
import {
  allowedValues,
  enforcesBoolean,
  isTrue,
  orgPoliciesFor,
  unconditionalRules,
} from "../../views/org-policy";
import { presenceProven } from "../../judge/presence";
import { byNumber, projectsNamed } from "../../views/project-identity";
import { evidence, projectVerdict, verdict } from "../../judge/results";

/**
 * Boolean constraints the baseline requires enforced on the project. Listed here, not imported from the
 * construct that sets them: the control states the requirement, the construct is what it checks.
 */
const REQUIRED_BOOLEAN_CONSTRAINTS = [
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

/** A required constraint and what enforcing it means. */
interface Requirement {
  readonly constraint: string;
  readonly meaning: string;
  readonly holds: (policy: Resource) => boolean;
}

const REQUIREMENTS: readonly Requirement[] = [
  ...REQUIRED_BOOLEAN_CONSTRAINTS.map((constraint) => ({
    constraint,
    meaning: "enforced (enforce = TRUE)",
    holds: enforcesBoolean,
  })),
  ...Object.entries(LIST_CONSTRAINTS).map(([constraint, { meaning, holds }]) => ({
    constraint,
    meaning,
    holds,
  })),
];

export const IAM03OrgPolicies: Control = {
  id: "IAM-03",
  title: "Guardrail organisation policies enforced on the project",
  claim:
    "The project enforces organisation policies that make the API itself refuse external VM IPs, VMs without " +
    "OS Login or Shielded VM, the default network, serial ports, bucket ACLs and public buckets, public Cloud SQL " +
    "IPs, service account keys, and resources outside the allowed locations.",
  severity: "high",
  rationale:
    "Terraform only governs what Terraform creates; organisation policies hold for every request, including " +
    "console clicks and scripts, so the baseline's rules cannot be bypassed outside this code. A policy counts " +
    "only on the environment's own project: every required policy must name one parent (projects/<number> or " +
    "projects/<id>, written the same way in all of them), and where the environment's other resources name its " +
    "project (project attributes by ID, service agent emails by number) that parent must be one of them. When " +
    "nothing names the project, a policy agreeing with the others passes, one that disagrees fails, and a lone " +
    "policy is unknown. A policy created only if a count/for_each expression says so is unknown.",
  remediation:
    "Declare a google_org_policy_policy named projects/<number>/policies/<constraint> (the environment's own " +
    'project) with spec.rules [{ enforce = "TRUE" }] (deny_all = "TRUE" for compute.vmExternalIpAccess, ' +
    "values.allowed_values for gcp.resourceLocations).",
  references: { cis: [], checkov: [], trivy: [] },
  implementation: "The foundation stack's ProjectOrgPolicies construct sets every one of these constraints.",
  evaluate: (scope) => {
    const candidates = REQUIREMENTS.map(({ constraint }) => orgPoliciesFor(scope, constraint));
    const home = homeOf(scope, candidates.flat());
    return REQUIREMENTS.map((requirement, i) => {
      const policy = candidates[i].find((p) => onHome(p, requirement.constraint, home).status === "pass");
      return judge(policy ?? candidates[i][0], requirement, home);
    });
  },
};

/** Which parent the required policies must share, and the projects the environment's resources name. */
interface Home {
  /** The parent most required policies name. */
  readonly common: string | undefined;
  readonly named: ReadonlySet<string>;
  /** How many required policies there are to compare. */
  readonly policies: number;
}

function homeOf(scope: Scope, policies: readonly Resource[]): Home {
  const counts = new Map<string, number>();
  for (const policy of policies) {
    const parent = parentOf(policy);
    if (typeof parent === "string") counts.set(parent, (counts.get(parent) ?? 0) + 1);
  }
  const common = [...counts].reduce<[string, number] | undefined>(
    (best, entry) => (best === undefined || entry[1] > best[1] ? entry : best),
    undefined,
  )?.[0];
  return { common, named: projectsNamed(scope), policies: policies.length };
}

/** The policy's parent: its `parent` attribute, which Google requires to be the prefix of its `name`. */
function parentOf(policy: Resource): string | Unknown {
  const { parent, name } = policy.attributes;
  const prefix = typeof name === "string" ? name.slice(0, name.indexOf("/policies/")) : undefined;
  if (isUnknown(parent) || (typeof parent === "string" && parent.includes("${")) || prefix?.includes("${"))
    return new Unknown("parent is known only after apply");
  return typeof parent === "string" && parent !== prefix
    ? new Unknown(`parent ${parent} and name ${String(name)} disagree`)
    : (prefix ?? new Unknown("no name"));
}

/** Whether a policy sits on the environment's project, as far as the configuration tells. */
function onHome(policy: Resource, constraint: string, home: Home): { status: Result["status"]; why: string } {
  const parent = parentOf(policy);
  if (isUnknown(parent)) {
    const disagree = parent.reason.includes("disagree");
    return { status: disagree ? "fail" : "unknown", why: `${constraint}: ${parent.reason}` };
  }
  const sameKind = [...home.named].filter((p) => byNumber(p) === byNumber(parent));
  if (parent !== home.common)
    return {
      status: "fail",
      why: `${constraint} is set on ${parent}, not ${String(home.common)} like the others`,
    };
  if (sameKind.length > 0 && !sameKind.includes(parent))
    return {
      status: "fail",
      why: `${constraint} is set on ${parent}, not on this environment's project (${sameKind.join(", ")})`,
    };
  if (sameKind.length === 0 && home.policies === 1)
    return { status: "unknown", why: `${constraint} is set on ${parent}, which nothing else confirms` };
  return { status: "pass", why: "" };
}

function judge(
  policy: Resource | undefined,
  { constraint, meaning, holds }: Requirement,
  home: Home,
): Result {
  if (!policy)
    return projectVerdict("fail", `no google_org_policy_policy for ${constraint}`, [
      evidence(`policies/${constraint}`, undefined),
    ]);
  const spec = get(policy.attributes, "spec");
  const found = [evidence("name", policy.attributes.name), evidence("spec", spec)];
  const where = onHome(policy, constraint, home);
  if (where.status !== "pass")
    return verdict(where.status, policy, where.why, [...found, evidence("(project named)", [...home.named])]);
  if (isUnknown(spec)) return verdict("unknown", policy, `${constraint}: spec known only after apply`, found);
  return holds(policy)
    ? presenceProven(verdict("pass", policy, `${constraint} ${meaning}`, found), policy)
    : verdict("fail", policy, `${constraint} is declared but not ${meaning}`, found);
}
