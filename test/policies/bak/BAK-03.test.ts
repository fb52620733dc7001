import { BAK03LockedInProduction } from "../../../policies/controls/bak/BAK-03-locked-in-production";
import { expectFails, expectPasses, resultFor, run } from "../../support/control-fixtures";
import { environmentScope, environmentStacks, resourceOf } from "../../support/environment";
import { BUCKET, prodScope, scopeAfter } from "./fixture";

describe("BAK-03 Backup retention locked in production", () => {
  test("prod: the backup bucket's retention policy is locked", () => {
    expectPasses(BAK03LockedInProduction, prodScope());
  });

  test("an unlocked backup bucket in prod fails", () => {
    const { scope, address } = scopeAfter(BUCKET, (b) => (b.retention_policy.is_locked = false));
    expect(resultFor(BAK03LockedInProduction, scope, address).status).toBe("fail");
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
    expect(run(BAK03LockedInProduction, scope)).toEqual(["project: fail"]);
    expectFails(BAK03LockedInProduction, scope, "project");
  });

  test("staging is not production: the lock is not required there", () => {
    expect(run(BAK03LockedInProduction, environmentScope(environmentStacks("staging"), "staging"))).toEqual([
      "project: not-applicable",
    ]);
  });
});
