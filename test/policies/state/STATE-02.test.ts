import { STATE02DeletionProtection } from "../../../policies/controls/state/STATE-02-deletion-protection";
import { expectFails, expectPasses, mutate, resultFor, run } from "../../support/control-fixtures";
import { BOOTSTRAP_STACK, STATE_BUCKET, scope, state } from "./fixture";

describe("STATE-02 The state bucket cannot be destroyed by Terraform", () => {
  it("passes prevent_destroy with force_destroy off", () => {
    expectPasses(STATE02DeletionProtection, scope());
  });

  it("fails without prevent_destroy or with force_destroy", () => {
    const unprotected = mutate(BOOTSTRAP_STACK, (j) => delete state(j).lifecycle);
    expectFails(STATE02DeletionProtection, scope(unprotected), STATE_BUCKET);
    expect(run(STATE02DeletionProtection, scope(unprotected))).toEqual([`${STATE_BUCKET}: fail`]);
    const forced = mutate(BOOTSTRAP_STACK, (j) => (state(j).force_destroy = true));
    expectFails(STATE02DeletionProtection, scope(forced), STATE_BUCKET);
    expect(resultFor(STATE02DeletionProtection, scope(forced), STATE_BUCKET).message).toContain(
      "force_destroy",
    );
  });

  it("fails lifecycle.prevent_destroy = null (unset: terraform destroy deletes the bucket)", () => {
    const json = mutate(BOOTSTRAP_STACK, (j) => (state(j).lifecycle.prevent_destroy = null));
    expectFails(STATE02DeletionProtection, scope(json), STATE_BUCKET);
  });

  it("reads force_destroy = null as the provider's default false", () => {
    const json = mutate(BOOTSTRAP_STACK, (j) => (state(j).force_destroy = null));
    expectPasses(STATE02DeletionProtection, scope(json));
  });
});
