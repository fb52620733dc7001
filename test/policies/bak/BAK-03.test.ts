import { BAK03LockedInProduction } from "../../../policies/controls/bak/BAK-03-locked-in-production";
import { expectFails, expectPasses, resultFor, run } from "../../support/control-fixtures";
import { environmentScope, environmentStacks, resourceOf } from "../../support/environment";
import { BUCKET, COPY_BUCKET, VAULT, prodScope, scopeAfter, withBackupPlan } from "./fixture";

describe("BAK-03 Backup bucket and backup vault locked in production", () => {
  test("prod: the backup buckets' retention policies are locked; the empty vault is not applicable", () => {
    const results = expectPasses(BAK03LockedInProduction, prodScope());
    const stacks = environmentStacks("prod");
    expect(results.map((r) => `${r.resource?.address}: ${r.status}`)).toEqual([
      `${resourceOf(stacks, BUCKET).address}: pass`,
      `${resourceOf(stacks, COPY_BUCKET).address}: pass`,
      `${resourceOf(stacks, VAULT).address}: not-applicable`,
    ]);
    expect(results[2].message).toMatch(
      /^no google_backup_dr_backup_plan declared here backs up into it, .*locks at 2027-01-04T00:00:00Z/,
    );
  });

  test("a vault with a backup plan into it: its enforced retention locks", () => {
    const { scope, address } = scopeAfter(VAULT, withBackupPlan());
    expect(resultFor(BAK03LockedInProduction, scope, address)).toMatchObject({
      status: "pass",
      message: expect.stringContaining("locks at 2027-01-04T00:00:00Z"),
    });
  });

  test("a prod vault without effective_time fails: its enforced retention never locks", () => {
    const { scope, address } = scopeAfter(
      VAULT,
      withBackupPlan((v) => delete v.effective_time),
    );
    const [failure] = expectFails(BAK03LockedInProduction, scope, address);
    expect(failure.message).toContain("the enforced retention never locks");
  });

  test("a prod vault whose effective_time is not an RFC 3339 UTC time fails; one from an expression is unknown", () => {
    const bad = scopeAfter(
      VAULT,
      withBackupPlan((v) => (v.effective_time = "next monday")),
    );
    expectFails(BAK03LockedInProduction, bad.scope, bad.address);
    const computed = scopeAfter(
      VAULT,
      withBackupPlan((v) => (v.effective_time = '${timeadd(timestamp(), "720h")}')),
    );
    expect(resultFor(BAK03LockedInProduction, computed.scope, computed.address).status).toBe("unknown");
  });

  test("an unlocked backup bucket in prod fails", () => {
    const { scope, address } = scopeAfter(BUCKET, (b) => (b.retention_policy.is_locked = false));
    expect(resultFor(BAK03LockedInProduction, scope, address).status).toBe("fail");
    expectFails(BAK03LockedInProduction, scope, address);
  });

  test("an unlocked second offsite copy's bucket in prod fails", () => {
    const { scope, address } = scopeAfter(COPY_BUCKET, (b) => (b.retention_policy.is_locked = false));
    expectFails(BAK03LockedInProduction, scope, address);
  });

  test("is_locked null (unset: unlocked) fails in prod", () => {
    const { scope, address } = scopeAfter(BUCKET, (b) => (b.retention_policy.is_locked = null));
    expectFails(BAK03LockedInProduction, scope, address);
  });

  test("production without a backup bucket fails at project level", () => {
    const stacks = environmentStacks("prod");
    resourceOf(stacks, BUCKET).attributes.labels = {};
    const scope = environmentScope(stacks, "prod");
    expect(run(BAK03LockedInProduction, scope)).toEqual([
      "project: fail",
      `${resourceOf(stacks, COPY_BUCKET).address}: pass`,
      `${resourceOf(stacks, VAULT).address}: not-applicable`,
    ]);
    expectFails(BAK03LockedInProduction, scope, "project");
  });

  test("staging is not production: the lock is not required there", () => {
    expect(run(BAK03LockedInProduction, environmentScope(environmentStacks("staging"), "staging"))).toEqual([
      "project: not-applicable",
    ]);
  });
});
