import { IAM08DefaultServiceAccountEditor } from "../../../policies/controls/iam/IAM-08-default-service-account-editor";
import { expectFails, expectPasses, markUnknown, mutate, run } from "../../support/control-fixtures";
import { environmentScope, environmentStacks, resourceWith } from "../../support/environment";
import type { TerraformJson } from "../../support/synth";

const PROD = environmentStacks("prod");
const NUMBER = "100000000003";
const COMPUTE_DEFAULT = `serviceAccount:${NUMBER}-compute@developer.gserviceaccount.com`;
const scopeOf = (stacks: Record<string, TerraformJson> = PROD) => environmentScope(stacks, "prod");
const constraint = (stacks: Record<string, TerraformJson>) =>
  resourceWith(
    stacks,
    "google_org_policy_policy",
    "name",
    `projects/${NUMBER}/policies/iam.automaticIamGrantsForDefaultServiceAccounts`,
  );
const removal = (stacks: Record<string, TerraformJson>) =>
  resourceWith(stacks, "google_project_iam_member_remove", "member", COMPUTE_DEFAULT);

describe("IAM-08 No automatic Editor for default service accounts, and an existing grant removed", () => {
  it("passes the prod environment: the constraint enforced and Editor removed from the Compute default account", () => {
    expectPasses(IAM08DefaultServiceAccountEditor, scopeOf());
    expect(run(IAM08DefaultServiceAccountEditor, scopeOf())).toEqual([
      `${constraint(PROD).address}: pass`,
      `${removal(PROD).address}: pass`,
    ]);
    expect(removal(PROD).attributes).toMatchObject({ role: "roles/editor", project: "acme-sec-prod" });
  });

  it("fails without the constraint", () => {
    const stacks = mutate(PROD, (s) => {
      for (const stack of Object.values(s)) {
        const policies = stack.resource?.google_org_policy_policy ?? {};
        for (const [name, p] of Object.entries(policies))
          if (String((p as { name: string }).name).endsWith("automaticIamGrantsForDefaultServiceAccounts"))
            delete policies[name];
      }
    });
    const [result] = expectFails(IAM08DefaultServiceAccountEditor, scopeOf(stacks), "project");
    expect(result.message).toBe(
      "no google_org_policy_policy for iam.automaticIamGrantsForDefaultServiceAccounts",
    );
  });

  it("fails the constraint declared but not enforced, or set on another project", () => {
    const off = mutate(PROD, (s) => (constraint(s).attributes.spec = { rules: [{ enforce: "FALSE" }] }));
    expectFails(IAM08DefaultServiceAccountEditor, scopeOf(off), constraint(PROD).address);
    const elsewhere = mutate(PROD, (s) => {
      const p = constraint(s).attributes;
      p.name = "projects/999999999999/policies/iam.automaticIamGrantsForDefaultServiceAccounts";
      p.parent = "projects/999999999999";
    });
    expectFails(IAM08DefaultServiceAccountEditor, scopeOf(elsewhere), constraint(PROD).address);
  });

  it("fails without the removal of Editor from the Compute default account (the constraint alone leaves an existing grant)", () => {
    const stacks = mutate(PROD, (s) => {
      for (const stack of Object.values(s)) delete stack.resource?.google_project_iam_member_remove;
    });
    const results = expectFails(IAM08DefaultServiceAccountEditor, scopeOf(stacks), "project");
    expect(results.map((r) => r.message)).toContain(
      "no google_project_iam_member_remove takes roles/editor from the Compute Engine default service account",
    );
  });

  it("fails a removal of another role, or of another project's default account", () => {
    const viewer = mutate(PROD, (s) => (removal(s).attributes.role = "roles/viewer"));
    expectFails(IAM08DefaultServiceAccountEditor, scopeOf(viewer), "project");
    const other = mutate(PROD, (s) => {
      removal(s).attributes.member = "serviceAccount:999999999999-compute@developer.gserviceaccount.com";
    });
    expectFails(IAM08DefaultServiceAccountEditor, scopeOf(other), "project");
  });

  it("is unknown when the constraint's spec is known only after apply", () => {
    const scope = markUnknown(scopeOf(), constraint(PROD).address, "spec");
    expect(run(IAM08DefaultServiceAccountEditor, scope)[0]).toBe(`${constraint(PROD).address}: unknown`);
  });
});
