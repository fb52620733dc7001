import { WorkloadServiceAccount } from "../../../constructs/iam/workload-service-account";
import { statuses } from "../../support/controls";
import { scopeFromTerraformJson } from "../../support/scope";
import { attributesOf, synthScope } from "../../support/synth";
import { expectUsedBarePasses } from "../used-bare";

function synthAccount(projectRoles?: string[]) {
  return synthScope(
    (stack) =>
      new WorkloadServiceAccount(stack, "sa", {
        project: "acme-sec-prod",
        accountId: "vault-node",
        description: "Vault nodes",
        projectRoles,
      }),
  );
}

describe("WorkloadServiceAccount", () => {
  const bare = synthAccount();

  test("creates a dedicated account and no key", () => {
    expect(attributesOf(bare, "google_service_account")[0]).toMatchObject({
      account_id: "vault-node",
      project: "acme-sec-prod",
    });
    expect(bare.resource?.google_service_account_key).toBeUndefined();
    expect(statuses("IAM-02", scopeFromTerraformJson(bare))).toEqual(["pass"]);
  });

  test("used bare, it passes the identity controls: no basic role, no key, no admin role, no impersonation", () => {
    expectUsedBarePasses(bare, ["IAM-01", "IAM-02", "IAM-05", "IAM-06"]);
  });

  test("grants the narrow project roles it is given, to its own member", () => {
    const grants = attributesOf(
      synthAccount(["roles/logging.logWriter", "roles/monitoring.metricWriter"]),
      "google_project_iam_member",
    );
    expect(grants.map((g) => g.role)).toEqual(["roles/logging.logWriter", "roles/monitoring.metricWriter"]);
    for (const grant of grants) expect(grant.member).toMatch(/google_service_account\.sa_account_.*\.member/);
  });

  test.each(["roles/owner", "roles/editor", "roles/viewer"])("refuses the basic role %s", (role) => {
    expect(() => synthAccount([role])).toThrow(`basic role ${role} is not allowed`);
  });
});
