import { STATE03NoRetention } from "../../../policies/controls/state/STATE-03-no-retention";
import { expectFails, expectPasses, mutate, run } from "../../support/control-fixtures";
import { BOOTSTRAP_STACK, STATE_BUCKET, scope, state } from "./fixture";

describe("STATE-03 The state bucket has no retention policy", () => {
  it("passes a state bucket without a retention policy", () => {
    expectPasses(STATE03NoRetention, scope());
  });

  it("fails a retention policy", () => {
    const json = mutate(BOOTSTRAP_STACK, (j) => (state(j).retention_policy = { retention_period: 86400 }));
    expectFails(STATE03NoRetention, scope(json), STATE_BUCKET);
    expect(run(STATE03NoRetention, scope(json))).toEqual([`${STATE_BUCKET}: fail`]);
  });

  it("reads retention_policy = null as no retention policy (the default)", () => {
    const json = mutate(BOOTSTRAP_STACK, (j) => (state(j).retention_policy = null));
    expectPasses(STATE03NoRetention, scope(json));
  });
});
