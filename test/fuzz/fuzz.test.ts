import { fuzzCampaign, unsetSecurityAttributes } from "./campaign";

/**
 * The fuzz promise, in CI with a fixed seed (the longer, random-seeded run is `npm run fuzz`): whatever is
 * mutated in the stacks, the manifest or a plan, `baseline check` exits 0, 1 or 2, never with an internal
 * error, within a bounded time; and a removed security attribute never passes its control.
 */
const SEED = 20261202;
const CASES = 400;

describe("fuzzing the checker's input", () => {
  test(`${CASES} mutated inputs (seed ${SEED}): exit 0, 1 or 2, no internal error, no hang`, async () => {
    const result = await fuzzCampaign(SEED, CASES);
    expect(result.problems).toEqual([]);
    expect(Object.keys(result.exitCodes).length).toBeGreaterThan(1);
  }, 300_000);

  test("a security attribute deleted or set to null never passes the control that guards it", () => {
    expect(unsetSecurityAttributes()).toEqual([]);
  }, 120_000);
});
