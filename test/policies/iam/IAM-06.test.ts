import { IAM06NoProjectImpersonation } from "../../../policies/controls/iam/IAM-06-no-project-impersonation";
import { expectFails, expectPasses, mutate, resultFor, run } from "../../support/control-fixtures";
import { FOUNDATION_STACK, member, scope } from "./fixture";

describe("IAM-06 No project-wide service account impersonation", () => {
  it("passes without impersonation roles on the project and fails with one", () => {
    expect(run(IAM06NoProjectImpersonation, scope())).toEqual(["project: pass"]);
    expectPasses(IAM06NoProjectImpersonation, scope());
    const json = mutate(
      FOUNDATION_STACK,
      (j) => (member(j, "breakglass").role = "roles/iam.serviceAccountUser"),
    );
    const result = resultFor(
      IAM06NoProjectImpersonation,
      scope(json),
      "google_project_iam_member.breakglass",
    );
    expect(result.status).toBe("fail");
    expect(result.message).toContain("on the whole project");
    expectFails(IAM06NoProjectImpersonation, scope(json), "google_project_iam_member.breakglass");
  });

  it("is unknown for a role set from a variable, never pass", () => {
    const json = mutate(FOUNDATION_STACK, (j) => (member(j, "vault_logs").role = "${var.vault_role}"));
    expect(run(IAM06NoProjectImpersonation, scope(json))).toEqual([
      "google_project_iam_member.vault_logs: unknown",
    ]);
  });

  it.each(["roles/iam.serviceAccountKeyAdmin", "roles/iam.serviceAccountAdmin"])(
    "counts a role that reaches every service account indirectly: fails %s on the project",
    (role) => {
      const json = mutate(FOUNDATION_STACK, (j) => (member(j, "breakglass").role = role));
      expect(run(IAM06NoProjectImpersonation, scope(json))).toEqual([
        "google_project_iam_member.breakglass: fail",
      ]);
    },
  );
});
