import { InputError } from "../../policies/load/errors";
import { jsonLineLocator } from "../../policies/load/lines";
import { readTerraformJson } from "../../policies/load/terraform-json";
import { get } from "../../policies/model/values";
import { modelFromStacks, scopeFromStacks, scopeFromTerraformJson } from "../support/scope";

const KMS_STACK = {
  output: {
    "cross-stack-output-google_kms_crypto_keydisksid": {
      sensitive: true,
      value: "${google_kms_crypto_key.disks.id}",
    },
  },
  resource: {
    google_kms_crypto_key: {
      disks: {
        "//": { metadata: { path: "prod-kms/disks", uniqueId: "disks" } },
        key_ring: "r",
        lifecycle: { prevent_destroy: true },
        name: "k",
      },
    },
  },
  terraform: { backend: { gcs: { bucket: "state", prefix: "prod/kms" } } },
};

const BACKUP_STACK = {
  data: {
    terraform_remote_state: {
      "cross-stack-reference-input-prod-kms": {
        backend: "gcs",
        config: { bucket: "state", prefix: "prod/kms" },
        workspace: "${terraform.workspace}",
      },
    },
  },
  resource: {
    google_storage_bucket: {
      bk: {
        encryption: {
          default_kms_key_name:
            "${data.terraform_remote_state.cross-stack-reference-input-prod-kms.outputs.cross-stack-output-google_kms_crypto_keydisksid}",
        },
        location: "EU",
      },
    },
  },
  terraform: { backend: { gcs: { bucket: "state", prefix: "prod/backup" } } },
};

describe("Terraform JSON loader", () => {
  it("reads resources with their address, construct path and lifecycle, without meta-arguments", () => {
    const scope = scopeFromTerraformJson(KMS_STACK, "prod-kms");
    const [key] = scope.ofType("google_kms_crypto_key");
    expect(scope.environment).toBe("prod");
    expect(key).toMatchObject({
      id: "prod-kms/google_kms_crypto_key.disks",
      address: "google_kms_crypto_key.disks",
      mode: "managed",
      constructPath: "prod-kms/disks",
      lifecycle: { preventDestroy: true },
      attributes: { key_ring: "r", name: "k" },
    });
    expect(Object.keys(key.attributes)).toEqual(["key_ring", "name"]);
  });

  it("derives the environment 'test' for the default fixture stack", () => {
    expect(scopeFromTerraformJson({ resource: {} }).environment).toBe("test");
  });

  it("resolves a cdktf cross-stack reference to the producing stack's resource", () => {
    const scope = scopeFromStacks({ "prod-kms": KMS_STACK, "prod-backup": BACKUP_STACK });
    const [bucket] = scope.ofType("google_storage_bucket");
    const refs = scope.references(bucket, get(bucket.attributes, "encryption.default_kms_key_name"));
    expect(refs.map((r) => [r.resource.id, r.attribute])).toEqual([
      ["prod-kms/google_kms_crypto_key.disks", "id"],
    ]);
    const [key] = scope.ofType("google_kms_crypto_key");
    expect(scope.referencing(key).map((r) => r.id)).toEqual(["prod-backup/google_storage_bucket.bk"]);
  });

  it("stops at the remote-state reader when the producing stack is not in the input", () => {
    const scope = modelFromStacks({ "prod-backup": BACKUP_STACK }).scope("prod");
    const [bucket] = scope.ofType("google_storage_bucket");
    expect(scope.references(bucket, bucket.attributes).map((r) => r.resource.type)).toEqual([
      "terraform_remote_state",
    ]);
  });

  it("accepts labelled blocks written as lists of objects and bodies as one-item lists", () => {
    const scope = scopeFromTerraformJson({
      resource: [
        { google_compute_network: { vpc: [{ auto_create_subnetworks: false }] } },
        { google_compute_network: { b: {} } },
      ],
    });
    expect(
      scope.ofType("google_compute_network").map((r) => [r.address, r.attributes.auto_create_subnetworks]),
    ).toEqual([
      ["google_compute_network.vpc", false],
      ["google_compute_network.b", undefined],
    ]);
  });

  it("records the line of each resource when given the file's text", () => {
    const text = JSON.stringify(BACKUP_STACK, null, 2);
    const doc = readTerraformJson(JSON.parse(text), {
      stack: "prod-backup",
      file: "backup.tf.json",
      locate: jsonLineLocator(text),
    });
    const lines = text.split("\n");
    for (const r of doc.resources) {
      expect(r.source?.file).toBe("backup.tf.json");
      expect(lines[r.source!.line! - 1]).toContain(JSON.stringify(r.name));
    }
  });

  it("rejects a document of the wrong shape with the path, what was expected and what was found", () => {
    const read = () =>
      readTerraformJson(
        { resource: { google_compute_network: "oops" } },
        { stack: "s", file: "bad.tf.json" },
      );
    expect(read).toThrow(InputError);
    expect(read).toThrow(
      'bad.tf.json: at resource.google_compute_network: expected an object of named blocks; found a string ("oops")',
    );
    expect(() => readTerraformJson([1, 2], { stack: "s", file: "list.json" })).toThrow(
      "list.json: expected a Terraform JSON configuration (an object); found a list of 2 items",
    );
  });

  it("refuses a module call, whose resources it cannot see, instead of passing what the module opens", () => {
    const read = () =>
      readTerraformJson(
        { module: { firewall: { source: "./modules/firewall" } } },
        { stack: "s", file: "main.tf.json" },
      );
    expect(read).toThrow(InputError);
    expect(read).toThrow(
      /^main\.tf\.json: at module\.firewall: expected resources declared in this configuration/,
    );
  });
});

describe("resources Terraform may not create", () => {
  const conditionalOf = (body: Record<string, unknown>) =>
    readTerraformJson({ resource: { google_x: { a: body } } }, { stack: "s" }).resources.map(
      (r) => r.conditional,
    );

  it("marks a count or for_each set from an expression, which may create none", () => {
    expect(conditionalOf({ count: "${var.on ? 1 : 0}" })).toEqual(["count = ${var.on ? 1 : 0}"]);
    expect(conditionalOf({ for_each: "${toset(var.zones)}" })).toEqual(["for_each = ${toset(var.zones)}"]);
  });

  it("leaves a literal count or collection unmarked, and a zero count or empty collection out", () => {
    expect(conditionalOf({ count: 2 })).toEqual([undefined]);
    expect(conditionalOf({ count: "1" })).toEqual([undefined]);
    expect(conditionalOf({ for_each: { a: 1 } })).toEqual([undefined]);
    expect(conditionalOf({})).toEqual([undefined]);
    expect(conditionalOf({ count: 0 })).toEqual([]);
  });
});
