import { familyControls } from "../../../policies/controls";
import { STATE01Versioning } from "../../../policies/controls/state/STATE-01-versioning";
import { expectEachControlGives, mutate, run, scopeOf, tf } from "../../support/control-fixtures";
import { BOOTSTRAP_STACK, STATE_PASS, scope, state } from "./fixture";

const STATE_CONTROLS = familyControls("STATE");

describe("STATE controls judge the Terraform state buckets", () => {
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
});
