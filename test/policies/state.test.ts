import { STATE_CONTROLS } from "../../policies/controls/state";
import { STATE04BucketHardened } from "../../policies/controls/state/STATE-04-bucket-hardened";
import { STATE02DeletionProtection } from "../../policies/controls/state/STATE-02-deletion-protection";
import { STATE03NoRetention } from "../../policies/controls/state/STATE-03-no-retention";
import { STATE01Versioning } from "../../policies/controls/state/STATE-01-versioning";
import {
  type Attrs,
  expectEachControlGives,
  expectWellFormed,
  mutate,
  resourceIn,
  resultFor,
  run,
  scopeFor,
  scopeOf,
  tf,
} from "../support/control-fixtures";

/** The bootstrap stack: a hardened state bucket with its own key, in the allowed region. */
const BOOTSTRAP_STACK = tf({
  google_org_policy_policy: {
    locations: {
      name: "projects/1/policies/gcp.resourceLocations",
      spec: { rules: [{ values: { allowed_values: ["in:europe-west2-locations"] } }] },
    },
  },
  google_kms_key_ring: { state: { name: "state", location: "europe-west2" } },
  google_kms_crypto_key: { state: { name: "state", key_ring: "${google_kms_key_ring.state.id}" } },
  google_storage_bucket: {
    state: {
      name: "acme-seed-tfstate",
      location: "EUROPE-WEST2",
      versioning: { enabled: true },
      uniform_bucket_level_access: true,
      public_access_prevention: "enforced",
      force_destroy: false,
      encryption: { default_kms_key_name: "${google_kms_crypto_key.state.id}" },
      labels: { purpose: "terraform-state" },
      lifecycle: { prevent_destroy: true },
    },
    other: { name: "other", location: "EUROPE-WEST2" },
  },
});

const scope = scopeFor(BOOTSTRAP_STACK);
const state = (json: Attrs) => resourceIn(json, "google_storage_bucket", "state");
const STATE_PASS = ["google_storage_bucket.state: pass"];

describe("STATE controls", () => {
  it("are well formed, numbered STATE-01.. in order", () => expectWellFormed(STATE_CONTROLS, "STATE"));

  it("all pass on the hardened state bucket, and judge only the state bucket", () =>
    expectEachControlGives(STATE_CONTROLS, scope(), STATE_PASS));

  it("find the state bucket named by a remote-state reader, without a label", () => {
    const json = mutate(BOOTSTRAP_STACK, (j) => {
      delete state(j).labels;
      j.data = {
        terraform_remote_state: {
          kms: { backend: "gcs", config: { bucket: "acme-seed-tfstate", prefix: "x" } },
        },
      };
    });
    expect(run(STATE01Versioning, scope(json))).toEqual(STATE_PASS);
  });

  it("are not applicable where no state bucket is declared", () => {
    expect(run(STATE01Versioning, scopeOf(tf({ google_storage_bucket: { b: { name: "b" } } })))).toEqual([
      "project: not-applicable",
    ]);
  });

  it("STATE-01 fails an unversioned state bucket", () => {
    const json = mutate(BOOTSTRAP_STACK, (j) => delete state(j).versioning);
    expect(run(STATE01Versioning, scope(json))).toEqual(["google_storage_bucket.state: fail"]);
  });

  it("STATE-02 fails without prevent_destroy or with force_destroy", () => {
    const unprotected = mutate(BOOTSTRAP_STACK, (j) => delete state(j).lifecycle);
    expect(run(STATE02DeletionProtection, scope(unprotected))).toEqual(["google_storage_bucket.state: fail"]);
    const forced = mutate(BOOTSTRAP_STACK, (j) => (state(j).force_destroy = true));
    expect(
      resultFor(STATE02DeletionProtection, scope(forced), "google_storage_bucket.state").message,
    ).toContain("force_destroy");
  });

  it("STATE-03 fails a retention policy", () => {
    const json = mutate(BOOTSTRAP_STACK, (j) => (state(j).retention_policy = { retention_period: 86400 }));
    expect(run(STATE03NoRetention, scope(json))).toEqual(["google_storage_bucket.state: fail"]);
  });

  it.each([
    ["ENC-06", (b: Attrs) => delete b.encryption],
    ["STO-01", (b: Attrs) => (b.uniform_bucket_level_access = false)],
    ["STO-02", (b: Attrs) => (b.public_access_prevention = "inherited")],
    ["RES-01", (b: Attrs) => (b.location = "US")],
    ["ENC-09", (b: Attrs) => (b.location = "EUROPE-WEST1")],
  ])("STATE-04 fails a state bucket that fails %s", (id, change) => {
    const json = mutate(BOOTSTRAP_STACK, (j) => change(state(j)));
    const result = resultFor(STATE04BucketHardened, scope(json), "google_storage_bucket.state");
    expect(result.status).toBe("fail");
    expect(result.message).toContain(id);
  });
});
