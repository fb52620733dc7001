import { STATE01Versioning } from "../../../policies/controls/state/STATE-01-versioning";
import { expectFails, expectPasses, mutate, run } from "../../support/control-fixtures";
import { BOOTSTRAP_STACK, STATE_BUCKET, scope, state } from "./fixture";

describe("STATE-01 Terraform state is versioned", () => {
  it("passes the versioned state bucket", () => {
    expectPasses(STATE01Versioning, scope());
  });

  it("fails an unversioned state bucket", () => {
    const json = mutate(BOOTSTRAP_STACK, (j) => delete state(j).versioning);
    expectFails(STATE01Versioning, scope(json), STATE_BUCKET);
    expect(run(STATE01Versioning, scope(json))).toEqual([`${STATE_BUCKET}: fail`]);
  });

  it("fails versioning.enabled = null and versioning = null (unset: not versioned)", () => {
    const enabledNull = mutate(BOOTSTRAP_STACK, (j) => (state(j).versioning.enabled = null));
    expectFails(STATE01Versioning, scope(enabledNull), STATE_BUCKET);
    const blockNull = mutate(BOOTSTRAP_STACK, (j) => (state(j).versioning = null));
    expectFails(STATE01Versioning, scope(blockNull), STATE_BUCKET);
  });
});
