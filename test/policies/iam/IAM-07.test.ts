import { IAM07NoDefaultServiceAccountRoles } from "../../../policies/controls/iam/IAM-07-no-default-service-account-roles";
import { expectFails, expectPasses, mutate, resultFor, run } from "../../support/control-fixtures";
import { FOUNDATION_STACK, member, scope } from "./fixture";

const COMPUTE_DEFAULT = "serviceAccount:123456789012-compute@developer.gserviceaccount.com";

describe("IAM-07 Default service accounts hold no role on the project, folder or organisation", () => {
  it("passes grants to dedicated service accounts and groups", () => {
    expectPasses(IAM07NoDefaultServiceAccountRoles, scope());
    expect(run(IAM07NoDefaultServiceAccountRoles, scope())).toEqual(["project: pass"]);
  });

  it("fails any role, even a narrow one, granted to the Compute Engine default account", () => {
    const json = mutate(FOUNDATION_STACK, (j) => (member(j, "vault_logs").member = COMPUTE_DEFAULT));
    const [failed] = expectFails(
      IAM07NoDefaultServiceAccountRoles,
      scope(json),
      "google_project_iam_member.vault_logs",
    );
    expect(failed.message).toContain("grants roles/logging.logWriter on the project to " + COMPUTE_DEFAULT);
  });

  it("fails the App Engine default account in a folder or organisation binding", () => {
    const json = mutate(FOUNDATION_STACK, (j) => {
      j.resource.google_folder_iam_binding = {
        viewers: {
          folder: "folders/1",
          role: "roles/browser",
          members: ["serviceAccount:acme@appspot.gserviceaccount.com"],
        },
      };
      j.resource.google_organization_iam_member = {
        org: { org_id: "1", role: "roles/browser", member: COMPUTE_DEFAULT },
      };
    });
    expect(run(IAM07NoDefaultServiceAccountRoles, scope(json))).toEqual([
      "google_folder_iam_binding.viewers: fail",
      "google_organization_iam_member.org: fail",
    ]);
    expectFails(IAM07NoDefaultServiceAccountRoles, scope(json), "google_folder_iam_binding.viewers");
  });

  it("fails the default account read from its data source", () => {
    const json = mutate(FOUNDATION_STACK, (j) => {
      j.data = { google_compute_default_service_account: { d: {} } };
      member(j, "vault_logs").member =
        "serviceAccount:${data.google_compute_default_service_account.d.email}";
    });
    expectFails(IAM07NoDefaultServiceAccountRoles, scope(json), "google_project_iam_member.vault_logs");
  });

  it("is unknown for a member that references nothing declared", () => {
    const json = mutate(FOUNDATION_STACK, (j) => (member(j, "vault_logs").member = "${var.member}"));
    expect(
      resultFor(IAM07NoDefaultServiceAccountRoles, scope(json), "google_project_iam_member.vault_logs")
        .status,
    ).toBe("unknown");
  });
});
