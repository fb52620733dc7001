import { Model, parseReferences } from "../../policies/model/model";
import { Unknown, type Resource } from "../../policies/model/types";
import { blocks, get, list, truthy } from "../../policies/model/values";
import { scopeFromTerraformJson } from "../support/scope";

describe("parseReferences", () => {
  it("finds every resource reference in interpolations, with module path, data prefix and instance key", () => {
    const text =
      '${google_kms_crypto_key.k.id}/x ${join(",", data.google_project.p.number)} ' +
      '${module.net[0].google_compute_network.vpc["a"].self_link} ${var.region} ${google_x.y[2].rule[0].action}';
    expect(parseReferences(text)).toEqual([
      { address: "google_kms_crypto_key.k", attribute: "id" },
      { address: "data.google_project.p", attribute: "number" },
      { address: 'module.net[0].google_compute_network.vpc["a"]', attribute: "self_link" },
      { address: "google_x.y[2]", attribute: "rule.0.action" },
    ]);
  });

  it("ignores text outside interpolations and Terraform's own objects", () => {
    expect(parseReferences("google_kms_crypto_key.k.id ${terraform.workspace} ${local.name}")).toEqual([]);
  });
});

describe("Model references", () => {
  const scope = scopeFromTerraformJson({
    resource: {
      google_kms_crypto_key: { k: { name: "k" } },
      google_storage_bucket: {
        a: { encryption: { default_kms_key_name: "${google_kms_crypto_key.k.id}" } },
        b: { encryption: [{ default_kms_key_name: "${google_kms_crypto_key.k[0].id}" }] },
        c: { labels: { missing: "${google_kms_crypto_key.nope.id}" } },
      },
    },
  });
  const [key] = scope.ofType("google_kms_crypto_key");
  const [a, b, c] = scope.ofType("google_storage_bucket");

  it("resolves a counted instance to its declaration and nothing for an undeclared resource", () => {
    expect(scope.references(b, get(b.attributes, "encryption.default_kms_key_name"))).toEqual([
      { resource: key, attribute: "id" },
    ]);
    expect(scope.references(c, c.attributes)).toEqual([]);
  });

  it("indexes who references a resource, optionally by type", () => {
    expect(scope.referencing(key).map((r) => r.address)).toEqual([
      "google_storage_bucket.a",
      "google_storage_bucket.b",
    ]);
    expect(scope.referencing(key, "google_compute_disk")).toEqual([]);
    expect(scope.referencing(a)).toEqual([]);
  });

  it("returns lists a control may change without changing the model", () => {
    scope.references(a, get(a.attributes, "encryption.default_kms_key_name")).pop();
    scope.referencing(key).pop();
    expect(scope.references(a, get(a.attributes, "encryption.default_kms_key_name"))).toHaveLength(1);
    expect(scope.referencing(key)).toHaveLength(2);
  });

  it("keeps environments apart", () => {
    const resource = (stack: string, environment: string): Resource => ({
      stack,
      environment,
      mode: "managed",
      type: "google_compute_network",
      name: "vpc",
      address: "google_compute_network.vpc",
      id: `${stack}/google_compute_network.vpc`,
      attributes: {},
    });
    const model = new Model([resource("prod-net", "prod"), resource("dev-net", "dev")]);
    expect(model.environments).toEqual(["prod", "dev"]);
    expect(
      model
        .scope("dev")
        .ofType("google_compute_network")
        .map((r) => r.id),
    ).toEqual(["dev-net/google_compute_network.vpc"]);
  });
});

describe("attribute accessors", () => {
  const asObject = {
    log_config: { metadata: "INCLUDE_ALL_METADATA" },
    allow: { protocol: "tcp" },
    ranges: "10.0.0.0/8",
  };
  const asLists = {
    log_config: [{ metadata: "INCLUDE_ALL_METADATA" }],
    allow: [{ protocol: "tcp" }, { protocol: "udp" }],
    ranges: ["10.0.0.0/8"],
  };

  it("read a block the same whether written as an object or a one-item list", () => {
    expect(get(asObject, "log_config.metadata")).toBe("INCLUDE_ALL_METADATA");
    expect(get(asLists, "log_config.metadata")).toBe("INCLUDE_ALL_METADATA");
    expect(get(asLists, "allow.1.protocol")).toBe("udp");
    expect(get(asLists, "allow.protocol")).toBeUndefined();
  });

  it("read index 0 of a block written as an object as the block itself, and no other index", () => {
    const template = { disk: { source_image: "debian", disk_encryption_key: { kms_key_self_link: "k" } } };
    expect(get(template, "disk.0.disk_encryption_key.kms_key_self_link")).toBe("k");
    expect(get({ disk: [template.disk] }, "disk.0.disk_encryption_key.kms_key_self_link")).toBe("k");
    expect(get(template, "disk.1.source_image")).toBeUndefined();
    expect(blocks(template, "disk.0.disk_encryption_key")).toEqual([{ kms_key_self_link: "k" }]);
    expect(list(template, "disk.0")).toEqual([template.disk]);
    expect(list({ allow: asLists.allow }, "allow.1")).toEqual([{ protocol: "udp" }]);
  });

  it("read a map key that is a number as the key, not as an index", () => {
    const labels = { labels: { "0": "zero", "1": "one" } };
    expect(get(labels, "labels.1")).toBe("one");
    expect(get(labels, "labels.0")).toBe("zero");
  });

  it("list repeated blocks and list attributes", () => {
    expect(blocks(asObject, "allow")).toEqual([{ protocol: "tcp" }]);
    expect(blocks(asLists, "allow")).toHaveLength(2);
    expect(list(asObject, "ranges")).toEqual(["10.0.0.0/8"]);
    expect(list(asLists, "missing")).toEqual([]);
  });

  it("stop at an Unknown and hand it back", () => {
    const later = new Unknown("known after apply");
    expect(get({ encryption: later }, "encryption.default_kms_key_name")).toBe(later);
    expect(truthy(later)).toBe(later);
    expect(truthy("true")).toBe(true);
    expect(JSON.stringify({ v: later })).toBe('{"v":"(unknown: known after apply)"}');
  });
});
