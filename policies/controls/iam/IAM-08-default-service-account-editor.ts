import type { Control, Result } from "../../control";
import { type Resource, type Scope, isUnknown } from "../../model/types";
import { get } from "../../model/values";
import { presenceProven } from "../../judge/presence";
import { evidence, projectVerdict, verdict } from "../../judge/results";
import { enforcesBoolean, orgPoliciesFor, policyParent } from "../../views/org-policy";
import { principalKind, projectNumberOf } from "../../views/principals";
import { byNumber, projectsNamed } from "../../views/project-identity";

const CONSTRAINT = "iam.automaticIamGrantsForDefaultServiceAccounts";
const EDITOR = "roles/editor";
const COMPUTE_DEFAULT = /^serviceAccount:(\d+)-compute@developer\.gserviceaccount\.com$/i;

export const IAM08DefaultServiceAccountEditor: Control = {
  id: "IAM-08",
  title: "No automatic Editor for default service accounts, and an existing grant removed",
  claim:
    "The Compute Engine default service account does not hold Editor: the project refuses the automatic grant " +
    "(iam.automaticIamGrantsForDefaultServiceAccounts enforced) and the configuration removes a grant made " +
    "before the constraint held.",
  severity: "high",
  rationale:
    "When the Compute Engine API is enabled Google creates the default service account and grants it Editor on " +
    "the project, unless iam.automaticIamGrantsForDefaultServiceAccounts is enforced; every VM that names no " +
    "account then runs with Editor. The constraint only stops grants to accounts created after it, so a project " +
    "that had the API on before keeps the grant: google_project_iam_member_remove takes it away and, since a " +
    "refresh drops it from state when the grant reappears, the next plan removes it again. Both are declared, " +
    "not run: only Google's IAM API shows the project's live policy. IAM-07 separately fails any grant this " +
    "configuration itself makes to a default account.",
  remediation:
    "Declare google_org_policy_policy projects/<number>/policies/iam.automaticIamGrantsForDefaultServiceAccounts " +
    'with spec.rules [{ enforce = "TRUE" }], and google_project_iam_member_remove { role = "roles/editor", ' +
    'member = "serviceAccount:<number>-compute@developer.gserviceaccount.com", project = "<project>" }.',
  references: { cis: [], checkov: [], trivy: [] },
  implementation:
    "ProjectOrgPolicies enforces the constraint; DefaultServiceAccountGrants (foundation and bootstrap stacks) " +
    "removes Editor from the Compute Engine and App Engine default accounts.",
  evaluate: (scope) => [judgeConstraint(scope), judgeRemoval(scope)],
};

/** Whether `projects/<x>` is one the environment's resources name (true when they name none of its kind). */
function onEnvironment(named: ReadonlySet<string>, parent: string): boolean {
  const sameKind = [...named].filter((p) => byNumber(p) === byNumber(parent));
  return sameKind.length === 0 || sameKind.includes(parent);
}

function judgeConstraint(scope: Scope): Result {
  const named = projectsNamed(scope);
  const policies = orgPoliciesFor(scope, CONSTRAINT);
  if (policies.length === 0)
    return projectVerdict("fail", `no google_org_policy_policy for ${CONSTRAINT}`, [
      evidence(`policies/${CONSTRAINT}`, undefined),
    ]);
  const results = policies.map((policy): Result => {
    const parent = policyParent(policy, CONSTRAINT) ?? "";
    const spec = get(policy.attributes, "spec");
    const found = [evidence("name", policy.attributes.name), evidence("spec", spec)];
    if (!onEnvironment(named, parent))
      return verdict(
        "fail",
        policy,
        `${CONSTRAINT} is set on ${parent}, not this environment's project`,
        found,
      );
    if (isUnknown(spec))
      return verdict("unknown", policy, `${CONSTRAINT}: spec known only after apply`, found);
    return enforcesBoolean(policy)
      ? presenceProven(verdict("pass", policy, `${CONSTRAINT} enforced on ${parent}`, found), policy)
      : verdict("fail", policy, `${CONSTRAINT} is declared but not enforced (enforce = TRUE)`, found);
  });
  return (
    results.find((r) => r.status === "pass") ?? results.find((r) => r.status === "unknown") ?? results[0]
  );
}

/** A removal of Editor from the Compute Engine default account, and the project number its email names. */
function computeEditorRemovals(
  scope: Scope,
): { removal: Resource; number: string | undefined; kind: unknown }[] {
  return scope
    .ofType("google_project_iam_member_remove")
    .filter((r) => r.attributes.role === EDITOR)
    .map((removal) => {
      const member = removal.attributes.member;
      const literal = typeof member === "string" ? COMPUTE_DEFAULT.exec(member) : null;
      return {
        removal,
        number: literal?.[1] ?? (typeof member === "string" ? projectNumberOf(member) : undefined),
        kind: literal ? "compute-default" : principalKind(scope, removal, member),
      };
    });
}

function judgeRemoval(scope: Scope): Result {
  // The projects the other resources name: a removal naming another project must not confirm itself.
  const others = scope.resources.filter((r) => r.type !== "google_project_iam_member_remove");
  const named = projectsNamed({ ...scope, resources: others } as Scope);
  const removals = computeEditorRemovals(scope);
  const found = removals.map((r) => evidence(`${r.removal.address}.member`, r.removal.attributes.member));
  const onHome = removals.filter(
    (r) =>
      r.kind === "compute-default" &&
      r.number !== undefined &&
      onEnvironment(named, `projects/${r.number}`) &&
      (typeof r.removal.attributes.project !== "string" ||
        onEnvironment(named, `projects/${r.removal.attributes.project}`)),
  );
  if (onHome.length > 0) {
    const { removal } = onHome[0];
    return presenceProven(
      verdict(
        "pass",
        removal,
        `removes ${EDITOR} from ${String(removal.attributes.member)} on ${String(removal.attributes.project)}`,
        found,
      ),
      removal,
    );
  }
  if (
    removals.some(
      (r) =>
        isUnknown(r.kind) ||
        isUnknown(r.removal.attributes.member) ||
        String(r.removal.attributes.member).includes("${"),
    )
  )
    return projectVerdict(
      "unknown",
      "a removal of roles/editor names a member known only after apply",
      found,
    );
  return projectVerdict(
    "fail",
    removals.length === 0
      ? `no google_project_iam_member_remove takes ${EDITOR} from the Compute Engine default service account`
      : `no removal of ${EDITOR} names this environment's Compute Engine default service account`,
    found,
  );
}
