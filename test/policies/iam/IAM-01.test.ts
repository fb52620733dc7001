import { IAM01NoBasicRoles } from "../../../policies/controls/iam/IAM-01-no-basic-roles";
import { expectFails, expectPasses, mutate, run } from "../../support/control-fixtures";
import { FOUNDATION_STACK, member, scope } from "./fixture";

describe("IAM-01 No basic roles (owner, editor, viewer)", () => {
  it("passes narrow and administrator roles that are not basic", () => {
    expect(run(IAM01NoBasicRoles, scope())).toEqual(["project: pass"]);
    expectPasses(IAM01NoBasicRoles, scope());
  });

  it.each(["roles/owner", "roles/editor", "roles/viewer"])(
    "fails %s in a member, a binding or a policy",
    (role) => {
      const json = mutate(FOUNDATION_STACK, (j) => {
        delete j.resource.google_project_iam_member.breakglass;
        j.resource.google_project_iam_binding = {
          b: { project: "p", role, members: ["group:ops@example.com"] },
        };
        j.resource.google_folder_iam_policy = {
          f: {
            folder: "folders/1",
            policy_data: JSON.stringify({ bindings: [{ role, members: ["user:a@example.com"] }] }),
          },
        };
      });
      expect(run(IAM01NoBasicRoles, scope(json))).toEqual([
        "google_project_iam_binding.b: fail",
        "google_folder_iam_policy.f: fail",
      ]);
      expectFails(IAM01NoBasicRoles, scope(json), "google_project_iam_binding.b");
    },
  );

  it("is unknown for a role set from a variable, never pass", () => {
    const json = mutate(FOUNDATION_STACK, (j) => (member(j, "vault_logs").role = "${var.vault_role}"));
    expect(run(IAM01NoBasicRoles, scope(json))).toEqual(["google_project_iam_member.vault_logs: unknown"]);
  });

  it("follows a role referencing a declared attribute, keeps a declared custom role as custom", () => {
    const json = mutate(FOUNDATION_STACK, (j) => {
      j.resource.google_project_iam_custom_role = {
        ops: { role_id: "ops", title: "Ops", permissions: ["x"] },
      };
      j.resource.google_project_iam_member.custom = {
        project: "p",
        role: "${google_project_iam_custom_role.ops.name}",
        member: "group:ops@example.com",
      };
      j.resource.google_project_iam_member.copied = {
        project: "p",
        role: "${google_project_iam_member.breakglass.role}",
        member: "group:ops@example.com",
      };
      member(j, "breakglass").role = "roles/owner";
    });
    expect(run(IAM01NoBasicRoles, scope(json))).toEqual([
      "google_project_iam_member.breakglass: fail",
      "google_project_iam_member.copied: fail",
    ]);
  });
});
