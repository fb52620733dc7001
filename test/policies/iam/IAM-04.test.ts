import { IAM04PrivilegedAccessTimeLimited } from "../../../policies/controls/iam/IAM-04-privileged-access-time-limited";
import { expectFails, expectPasses, mutate, resultFor, run } from "../../support/control-fixtures";
import { FOUNDATION_STACK, member, scope } from "./fixture";

describe("IAM-04 People hold privileged roles only for a limited time", () => {
  it("passes a privileged grant to people with an expiry", () => {
    expect(run(IAM04PrivilegedAccessTimeLimited, scope())).toEqual([
      "google_project_iam_member.breakglass: pass",
    ]);
    expectPasses(IAM04PrivilegedAccessTimeLimited, scope());
  });

  it("passes at project level with only PAM entitlements and workload grants", () => {
    const json = mutate(FOUNDATION_STACK, (j) => delete j.resource.google_project_iam_member.breakglass);
    const result = resultFor(IAM04PrivilegedAccessTimeLimited, scope(json));
    expect(result.status).toBe("pass");
    expect(result.message).toContain("1 PAM entitlement");
  });

  it.each([
    ["without a condition", undefined],
    ["with a condition that does not expire", { title: "ip", expression: "request.host == 'x'" }],
    ["with condition = null (unset: the grant never expires)", null],
  ])("fails a standing admin grant to a person %s", (_, condition) => {
    const json = mutate(FOUNDATION_STACK, (j) => {
      member(j, "breakglass").condition = condition;
      member(j, "breakglass").role = "roles/compute.admin";
      member(j, "breakglass").member = "user:alice@example.com";
    });
    expect(run(IAM04PrivilegedAccessTimeLimited, scope(json))).toEqual([
      "google_project_iam_member.breakglass: fail",
    ]);
    expectFails(IAM04PrivilegedAccessTimeLimited, scope(json), "google_project_iam_member.breakglass");
  });

  it("fails condition.expression = null on a privileged grant to a person", () => {
    const json = mutate(FOUNDATION_STACK, (j) => (member(j, "breakglass").condition.expression = null));
    expectFails(IAM04PrivilegedAccessTimeLimited, scope(json), "google_project_iam_member.breakglass");
  });

  it("fails an expiry that an alternative (||) keeps open", () => {
    const json = mutate(FOUNDATION_STACK, (j) => {
      member(j, "breakglass").condition.expression =
        'request.time < timestamp("2026-12-31T00:00:00Z") || request.host != ""';
    });
    expect(run(IAM04PrivilegedAccessTimeLimited, scope(json))).toEqual([
      "google_project_iam_member.breakglass: fail",
    ]);
  });
});
