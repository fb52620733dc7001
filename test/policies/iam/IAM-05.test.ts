import { IAM05NoPrivilegedServiceAccounts } from "../../../policies/controls/iam/IAM-05-no-privileged-service-accounts";
import { expectFails, expectPasses, mutate, run } from "../../support/control-fixtures";
import { FOUNDATION_STACK, member, scope } from "./fixture";

describe("IAM-05 Service accounts hold no administrator role on the project", () => {
  it("passes narrow roles for service accounts", () => {
    expect(run(IAM05NoPrivilegedServiceAccounts, scope())).toEqual(["project: pass"]);
    expectPasses(IAM05NoPrivilegedServiceAccounts, scope());
  });

  it.each(["roles/editor", "roles/storage.admin", "roles/iam.serviceAccountTokenCreator"])(
    "fails %s",
    (role) => {
      const json = mutate(FOUNDATION_STACK, (j) => (member(j, "vault_logs").role = role));
      expect(run(IAM05NoPrivilegedServiceAccounts, scope(json))).toEqual([
        "google_project_iam_member.vault_logs: fail",
      ]);
      expectFails(IAM05NoPrivilegedServiceAccounts, scope(json), "google_project_iam_member.vault_logs");
    },
  );

  it("fails versioned administrator roles and OS admin login held by a service account", () => {
    for (const role of ["roles/compute.instanceAdmin.v1", "roles/compute.osAdminLogin"]) {
      const json = mutate(FOUNDATION_STACK, (j) => (member(j, "vault_logs").role = role));
      expect(run(IAM05NoPrivilegedServiceAccounts, scope(json))).toEqual([
        "google_project_iam_member.vault_logs: fail",
      ]);
    }
  });

  it("is unknown for a role set from a variable, never pass", () => {
    const json = mutate(FOUNDATION_STACK, (j) => (member(j, "vault_logs").role = "${var.vault_role}"));
    expect(run(IAM05NoPrivilegedServiceAccounts, scope(json))).toEqual([
      "google_project_iam_member.vault_logs: unknown",
    ]);
  });

  it("is unknown for a privileged grant to a member set from a variable", () => {
    const json = mutate(FOUNDATION_STACK, (j) => {
      member(j, "vault_logs").role = "roles/storage.admin";
      member(j, "vault_logs").member = "${var.member}";
    });
    expect(run(IAM05NoPrivilegedServiceAccounts, scope(json))).toEqual([
      "google_project_iam_member.vault_logs: unknown",
    ]);
  });

  it("judges service-<digits>@<someone's project> as a service account, not a service agent", () => {
    const json = mutate(FOUNDATION_STACK, (j) => {
      member(j, "vault_logs").role = "roles/iam.securityAdmin";
      member(j, "vault_logs").member =
        "serviceAccount:service-123456@attacker-project.iam.gserviceaccount.com";
    });
    expect(run(IAM05NoPrivilegedServiceAccounts, scope(json))).toEqual([
      "google_project_iam_member.vault_logs: fail",
    ]);
    const agent = mutate(json, (j) => {
      member(j, "vault_logs").member = "serviceAccount:service-123456@gcp-sa-logging.iam.gserviceaccount.com";
    });
    expect(run(IAM05NoPrivilegedServiceAccounts, scope(agent))).toEqual(["project: pass"]);
  });
});
