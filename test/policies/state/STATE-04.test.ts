import { STATE04BucketHardened } from "../../../policies/controls/state/STATE-04-bucket-hardened";
import { type Attrs, expectFails, expectPasses, mutate, resultFor } from "../../support/control-fixtures";
import { BOOTSTRAP_STACK, STATE_BUCKET, scope, state } from "./fixture";

describe("STATE-04 The state bucket is encrypted, private and in an allowed region", () => {
  it("passes the hardened state bucket", () => {
    expectPasses(STATE04BucketHardened, scope());
  });

  it.each([
    ["ENC-06", (b: Attrs) => delete b.encryption],
    ["STO-01", (b: Attrs) => (b.uniform_bucket_level_access = false)],
    ["STO-02", (b: Attrs) => (b.public_access_prevention = "inherited")],
    ["RES-01", (b: Attrs) => (b.location = "US")],
    ["ENC-09", (b: Attrs) => (b.location = "EUROPE-WEST1")],
  ])("fails a state bucket that fails %s", (id, change) => {
    const json = mutate(BOOTSTRAP_STACK, (j) => change(state(j)));
    expectFails(STATE04BucketHardened, scope(json), STATE_BUCKET);
    const result = resultFor(STATE04BucketHardened, scope(json), STATE_BUCKET);
    expect(result.status).toBe("fail");
    expect(result.message).toContain(id);
  });

  it.each([
    ["ENC-06", "encryption"],
    ["STO-01", "uniform_bucket_level_access"],
    ["STO-02", "public_access_prevention"],
  ])(
    "fails a state bucket that fails %s through %s = null (unset: the provider's default)",
    (id, attribute) => {
      const json = mutate(BOOTSTRAP_STACK, (j) => (state(j)[attribute] = null));
      expectFails(STATE04BucketHardened, scope(json), STATE_BUCKET);
      expect(resultFor(STATE04BucketHardened, scope(json), STATE_BUCKET).message).toContain(id);
    },
  );
});
