import type { Control } from "../../policies/control";
import { CATALOGUE } from "../../policies/controls";
import { SelectionError, normalise, selectControls } from "../../policies/engine/select";
import { checkStacks } from "../support/check";
import {
  AUDIT_CONFIG,
  EXAMPLE_CONTROLS,
  ROTATED_BUCKET_KEY,
  SHIELDED_VM,
  UNIFORM_ACCESS,
} from "../support/example-controls";

const ids = (controls: readonly Control[]) => controls.map((c) => c.id);

describe("choosing the controls to check", () => {
  it("keeps ids and families, in catalogue order, whatever the case and spacing", () => {
    expect(ids(selectControls(CATALOGUE, { controls: normalise(["net-05, ENC", "IAM-01"]) }))).toEqual([
      "NET-05",
      ...ids(CATALOGUE.filter((c) => c.id.startsWith("ENC-"))),
      "IAM-01",
    ]);
  });

  it("skips ids and families after choosing, and takes everything when nothing is chosen", () => {
    const selected = selectControls(CATALOGUE, { skip: normalise(["NET", "ENC-05"]) });
    expect(selected).toHaveLength(
      CATALOGUE.length - CATALOGUE.filter((c) => c.id.startsWith("NET-")).length - 1,
    );
    expect(ids(selected)).not.toContain("ENC-05");
    expect(ids(selectControls(CATALOGUE, {}))).toEqual(ids(CATALOGUE));
    // A family is a whole prefix: NE is no family, and N-E-T-0 matches no id.
    expect(() => selectControls(CATALOGUE, { controls: ["NE"] })).toThrow(SelectionError);
  });

  it("refuses an id or family that names no control, and a selection that leaves nothing", () => {
    expect(() => selectControls(CATALOGUE, { controls: ["NET-99"] })).toThrow(
      /^--controls NET-99: no control has this id or family \(families: NET, /,
    );
    expect(() => selectControls(CATALOGUE, { skip: ["XYZ"] })).toThrow(/^--skip XYZ: no control/);
    expect(() => selectControls(EXAMPLE_CONTROLS, { controls: ["TEST-01"], skip: ["TEST"] })).toThrow(
      "the selection leaves no control to check",
    );
  });
});

const BUCKET_ONLY = {
  "prod-storage": {
    resource: {
      google_storage_bucket: { logs: { name: "logs", uniform_bucket_level_access: false } },
      google_bigquery_dataset: { d: { dataset_id: "d" }, e: { dataset_id: "e" } },
      google_dns_managed_zone: { z: { name: "z", dns_name: "example.com." } },
    },
    data: { google_project: { this: {} } },
  },
};

describe("the resources profile, for Terraform that is not a whole project", () => {
  it("leaves out project-level verdicts and keeps every verdict about a resource", () => {
    const all = checkStacks(BUCKET_ONLY);
    expect(all.findings.filter((f) => f.resource === "prod/project" && f.status === "fail")).toHaveLength(1);
    const resources = checkStacks(BUCKET_ONLY, { profile: "resources" });
    expect(resources.findings.map((f) => `${f.control} ${f.resource}: ${f.status}`)).toEqual([
      "TEST-01 prod-storage/google_storage_bucket.logs: fail",
      "TEST-02 prod/project: not-applicable",
      "TEST-03 prod-storage/google_storage_bucket.logs: fail",
      "TEST-04 prod/project: not-applicable",
    ]);
    expect(resources.findings[1].message).toBe(
      "Left out by --profile resources: this control gave only project-level verdicts here.",
    );
    expect(resources.summary.selection).toEqual({ profile: "resources" });
    expect(all.summary.selection).toEqual({ profile: "all" });
  });
});

describe("resource types no control judges", () => {
  it("are counted per type: types no control asked for and gave no verdict on; data sources are not", () => {
    const report = checkStacks(BUCKET_ONLY);
    expect(report.summary.unjudged).toEqual({
      resources: 3,
      types: [
        { type: "google_bigquery_dataset", resources: 2 },
        { type: "google_dns_managed_zone", resources: 1 },
      ],
    });
  });

  it("depend on the controls checked: a type only a skipped control reads is unjudged", () => {
    const report = checkStacks(BUCKET_ONLY, { controls: [AUDIT_CONFIG, SHIELDED_VM] });
    expect(report.summary.unjudged.types.map((t) => t.type)).toEqual([
      "google_bigquery_dataset",
      "google_dns_managed_zone",
      "google_storage_bucket",
    ]);
  });

  it("count a type a control gave a verdict on, though it never asked for the type", () => {
    const judgesEverything: Control = {
      ...UNIFORM_ACCESS,
      id: "TEST-09",
      evaluate: (scope) =>
        scope.resources
          .filter((r) => r.mode === "managed")
          .map((resource) => ({ resource, status: "pass", message: "seen", evidence: [] })),
    };
    expect(checkStacks(BUCKET_ONLY, { controls: [judgesEverything] }).summary.unjudged).toEqual({
      resources: 0,
      types: [],
    });
  });

  it("are none when every type is judged", () => {
    const report = checkStacks(
      { "prod-kms": { resource: { google_storage_bucket: { b: { name: "b" } } } } },
      { controls: [UNIFORM_ACCESS, ROTATED_BUCKET_KEY] },
    );
    expect(report.summary.unjudged).toEqual({ resources: 0, types: [] });
  });
});

describe("messages", () => {
  const stacks = {
    "prod-kms": {
      terraform: { backend: { gcs: { bucket: "state", prefix: "prod/kms" } } },
      resource: {
        google_kms_key_ring: { r: { name: "r", location: "europe-west1" } },
        google_kms_crypto_key: { backups: { name: "backups", key_ring: "${google_kms_key_ring.r.id}" } },
      },
      output: { key: { value: "${google_kms_crypto_key.backups.id}" } },
    },
    "prod-backup": {
      data: {
        terraform_remote_state: {
          kms: { backend: "gcs", config: { bucket: "state", prefix: "prod/kms" } },
        },
      },
      resource: {
        google_storage_bucket: {
          local: { name: "local", location: "${google_kms_key_ring.nope.location}" },
          remote: {
            name: "remote",
            encryption: { default_kms_key_name: "${data.terraform_remote_state.kms.outputs.key}" },
          },
        },
        google_kms_key_ring: { here: { name: "here", location: "europe-west2" } },
        google_compute_disk: { d: { name: "d", zone: "${google_kms_key_ring.here.location}-b" } },
      },
    },
  };
  const says: Control = {
    ...UNIFORM_ACCESS,
    id: "TEST-08",
    evaluate: (scope) => [
      ...scope.ofType("google_storage_bucket").map((resource) => ({
        resource,
        status: "fail" as const,
        message: `key ${String(resource.attributes.encryption ? (resource.attributes.encryption as { default_kms_key_name: string }).default_kms_key_name : resource.attributes.location)}`,
        evidence: [],
      })),
      {
        resource: scope.ofType("google_kms_key_ring").find((r) => r.name === "here")!,
        status: "pass" as const,
        message: "location ${google_kms_key_ring.here.location}, id ${google_kms_key_ring.here.id}",
        evidence: [],
      },
    ],
  };

  it("name what a reference resolves to: the literal, else the resource attribute, across stacks", () => {
    const report = checkStacks(stacks, { controls: [says] });
    expect(report.findings.map((f) => `${f.resource}: ${f.message}`)).toEqual([
      "prod-backup/google_kms_key_ring.here: location europe-west2, id google_kms_key_ring.here.id",
      // Nothing resolves: the reference stays as written.
      "prod-backup/google_storage_bucket.local: key ${google_kms_key_ring.nope.location}",
      "prod-backup/google_storage_bucket.remote: key prod-kms/google_kms_crypto_key.backups.id",
    ]);
  });
});
