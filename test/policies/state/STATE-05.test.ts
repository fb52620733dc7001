import { STATE05AccessAudited } from "../../../policies/controls/state/STATE-05-access-audited";
import {
  expectFails,
  expectPasses,
  mutate,
  resourceIn,
  resultFor,
  run,
} from "../../support/control-fixtures";
import { BOOTSTRAP_STACK, STATE_BUCKET, STATE_PASS, scope, state } from "./fixture";

/** The fixture's bootstrap stack writes usage logs to a hardened bucket and audits the state project. */
const AUDITED = BOOTSTRAP_STACK;
const logs = (j: typeof AUDITED) => resourceIn(j, "google_storage_bucket", "logs");
const audit = (j: typeof AUDITED) => resourceIn(j, "google_project_iam_audit_config", "storage");

describe("STATE-05 Every access to the Terraform state is logged", () => {
  it("passes usage logs to a hardened bucket and a storage Data Access audit config on the state project", () => {
    expectPasses(STATE05AccessAudited, scope(AUDITED));
    expect(run(STATE05AccessAudited, scope(AUDITED))).toEqual(STATE_PASS);
    const message = resultFor(STATE05AccessAudited, scope(AUDITED), STATE_BUCKET).message;
    expect(message).toContain("usage logs to google_storage_bucket.logs");
    expect(message).toContain("Data Access audit logs on project acme-seed");
  });

  it("passes an allServices audit config, and one on a bucket naming no project in the same stack", () => {
    const all = mutate(AUDITED, (j) => (audit(j).service = "allServices"));
    expectPasses(STATE05AccessAudited, scope(all));
    const unnamed = mutate(AUDITED, (j) => delete state(j).project);
    expectPasses(STATE05AccessAudited, scope(unnamed));
    expect(resultFor(STATE05AccessAudited, scope(unnamed), STATE_BUCKET).message).toContain(
      "in the bucket's stack",
    );
  });

  it("fails a state bucket without usage logs or audit config, naming both", () => {
    const bare = mutate(AUDITED, (j) => {
      delete state(j).logging;
      delete j.resource.google_project_iam_audit_config;
    });
    const [failed] = expectFails(STATE05AccessAudited, scope(bare), STATE_BUCKET);
    expect(failed.message).toContain("no usage logs (logging.log_bucket is not set)");
    expect(failed.message).toContain("no Data Access audit config for Cloud Storage");
  });

  it("fails logging = null (unset: no usage logs)", () => {
    const json = mutate(AUDITED, (j) => (state(j).logging = null));
    expectFails(STATE05AccessAudited, scope(json), STATE_BUCKET);
  });

  it("fails a state bucket that logs to itself", () => {
    const json = mutate(AUDITED, (j) => (state(j).logging.log_bucket = "acme-seed-tfstate"));
    const [failed] = expectFails(STATE05AccessAudited, scope(json), STATE_BUCKET);
    expect(failed.message).toContain("logs to itself");
  });

  it.each([
    ["without a customer-managed key", (b: Record<string, unknown>) => delete b.encryption, "ENC-06"],
    [
      "without uniform access",
      (b: Record<string, unknown>) => (b.uniform_bucket_level_access = false),
      "STO-01",
    ],
    [
      "without public access prevention",
      (b: Record<string, unknown>) => delete b.public_access_prevention,
      "STO-02",
    ],
    [
      "keeping nothing (no retention, no versioning)",
      (b: Record<string, unknown>) => delete b.retention_policy,
      "STO-04",
    ],
    ["outside the allowed region", (b: Record<string, unknown>) => (b.location = "US"), "RES-01"],
  ])("fails an access log bucket %s", (_, change, id) => {
    const json = mutate(AUDITED, (j) => change(logs(j)));
    const [failed] = expectFails(STATE05AccessAudited, scope(json), STATE_BUCKET);
    expect(failed.message).toContain(`access log bucket google_storage_bucket.logs fails`);
    expect(failed.message).toContain(id);
  });

  it("is unknown when the usage logs go to a bucket the input does not declare", () => {
    const json = mutate(AUDITED, (j) => (state(j).logging.log_bucket = "somewhere-else"));
    expect(resultFor(STATE05AccessAudited, scope(json), STATE_BUCKET).status).toBe("unknown");
  });

  it.each([
    [
      "a missing DATA_READ",
      (a: Record<string, unknown>) =>
        (a.audit_log_config = [{ log_type: "ADMIN_READ" }, { log_type: "DATA_WRITE" }]),
      "misses DATA_READ",
    ],
    [
      "an exempted member",
      (a: Record<string, unknown>) =>
        ((a.audit_log_config as Record<string, unknown>[])[1].exempted_members = ["user:ops@example.com"]),
      "exempts DATA_READ: user:ops@example.com",
    ],
    [
      "another service only",
      (a: Record<string, unknown>) => (a.service = "cloudkms.googleapis.com"),
      "no Data Access audit config for Cloud Storage",
    ],
    [
      "another project",
      (a: Record<string, unknown>) => (a.project = "someone-else"),
      "no Data Access audit config for Cloud Storage on project acme-seed",
    ],
  ])("fails an audit config with %s", (_, change, message) => {
    const json = mutate(AUDITED, (j) => change(audit(j)));
    const [failed] = expectFails(STATE05AccessAudited, scope(json), STATE_BUCKET);
    expect(failed.message).toContain(message);
  });

  it("matches projects/<id> to <id>", () => {
    const json = mutate(AUDITED, (j) => (audit(j).project = "projects/acme-seed"));
    expectPasses(STATE05AccessAudited, scope(json));
  });
});
