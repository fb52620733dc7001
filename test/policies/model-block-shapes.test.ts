import { CATALOGUE } from "../../policies/controls";
import { ENC05CmekDisks } from "../../policies/controls/enc/ENC-05-cmek-disks";
import { runCheck } from "../../policies/engine/check";
import { modelFromDocuments } from "../../policies/load/documents";
import { readTerraformJson } from "../../policies/load/terraform-json";
import { run, scopeOf, tf } from "../support/control-fixtures";
import { synthBaseline, type TerraformJson } from "../support/synth";

/**
 * Terraform JSON may write a block that occurs once as an object (cdktf does) or as a one-item list (hcl2json,
 * hand-written JSON). Controls read blocks through the model's accessors only, so both shapes give the same
 * verdicts.
 */

/** Attributes whose object value is a map, not a block: they keep their shape. */
const MAPS = new Set(["labels", "metadata", "user_labels", "resource_labels", "config", "//"]);

type Shape = (value: unknown, key?: string) => unknown;

/** Every one-item list of blocks written as the block itself. */
const asObjects: Shape = (value) => {
  if (Array.isArray(value)) {
    const items = value.map((v) => asObjects(v));
    return items.length === 1 && isObject(items[0]) ? items[0] : items;
  }
  return isObject(value) ? mapFields(value, asObjects) : value;
};

/** Every block written as an object turned into a one-item list. */
const asLists: Shape = (value, key) => {
  if (Array.isArray(value)) return value.map((v) => asLists(v));
  if (!isObject(value)) return value;
  if (key !== undefined && MAPS.has(key)) return value;
  const fields = mapFields(value, asLists);
  return key === undefined ? fields : [fields];
};

function mapFields(value: Record<string, unknown>, shape: Shape): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shape(v, k)]));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Each resource's body reshaped (the labelled levels above it are Terraform's, not blocks). */
function reshape(stacks: Record<string, TerraformJson>, shape: Shape): Record<string, TerraformJson> {
  return Object.fromEntries(
    Object.entries(stacks).map(([name, stack]) => {
      const copy = structuredClone(stack);
      for (const mode of ["resource", "data"] as const)
        for (const byName of Object.values(copy[mode] ?? {}))
          for (const [resource, body] of Object.entries(byName))
            byName[resource] = mapFields(body, shape) as TerraformJson;
      return [name, copy];
    }),
  );
}

function verdicts(stacks: Record<string, TerraformJson>): string[] {
  const documents = Object.entries(stacks).map(([stack, json]) => readTerraformJson(json, { stack }));
  const report = runCheck(
    { model: modelFromDocuments(documents), stacks: documents },
    { controls: CATALOGUE, today: "2030-01-01" },
  );
  return report.findings.map((f) => `${f.control} ${f.resource} ${f.subject ?? ""}: ${f.status}`);
}

describe("blocks written as objects or as one-item lists", () => {
  const stacks = synthBaseline();
  const expected = verdicts(stacks);

  it("the baseline has blocks of both shapes to turn into the other", () => {
    const text = JSON.stringify(stacks);
    expect(JSON.stringify(reshape(stacks, asObjects))).not.toBe(text);
    expect(JSON.stringify(reshape(stacks, asLists))).not.toBe(text);
  });

  it("give the baseline the same verdicts when every one-item list is an object", () => {
    expect(verdicts(reshape(stacks, asObjects))).toEqual(expected);
  });

  it("give the baseline the same verdicts when every block is a one-item list", () => {
    expect(verdicts(reshape(stacks, asLists))).toEqual(expected);
  });
});

describe("ENC-05 on a template's and an instance's only disk", () => {
  const key = { disks: { name: "disks", key_ring: "projects/p/locations/europe-west1/keyRings/r" } };
  const disk = (kms?: string) => ({
    boot: true,
    source_image: "debian-12",
    ...(kms ? { disk_encryption_key: { kms_key_self_link: kms } } : {}),
  });
  const template = (body: unknown) =>
    tf({
      google_kms_crypto_key: key,
      google_compute_instance_template: { t: { name: "t", region: "europe-west1", disk: body } },
    });
  const attached = (body: unknown) =>
    tf({
      google_kms_crypto_key: key,
      google_compute_instance: {
        vm: {
          name: "vm",
          zone: "europe-west1-b",
          boot_disk: { kms_key_self_link: "${google_kms_crypto_key.disks.id}" },
          attached_disk: body,
        },
      },
    });
  const keyed = "${google_kms_crypto_key.disks.id}";

  it.each([
    ["an object", disk(keyed)],
    ["a one-item list", [disk(keyed)]],
  ])("passes a template whose one CMEK disk is %s", (_, body) => {
    expect(run(ENC05CmekDisks, scopeOf(template(body)))).toEqual([
      "google_compute_instance_template.t: pass",
    ]);
  });

  it.each([
    ["an object", disk()],
    ["a one-item list", [disk()]],
  ])("fails a template whose one disk without CMEK is %s", (_, body) => {
    expect(run(ENC05CmekDisks, scopeOf(template(body)))).toEqual([
      "google_compute_instance_template.t: fail",
    ]);
  });

  it.each([
    ["an object", { source: "projects/p/zones/z/disks/data", kms_key_self_link: keyed }],
    ["a one-item list", [{ source: "projects/p/zones/z/disks/data", kms_key_self_link: keyed }]],
  ])("passes an instance whose one attached CMEK disk is %s", (_, body) => {
    expect(run(ENC05CmekDisks, scopeOf(attached(body)))).toEqual(["google_compute_instance.vm: pass"]);
  });

  it.each([
    ["an object", { source: "projects/p/zones/z/disks/data" }],
    ["a one-item list", [{ source: "projects/p/zones/z/disks/data" }]],
  ])("fails an instance whose one attached disk without CMEK is %s", (_, body) => {
    expect(run(ENC05CmekDisks, scopeOf(attached(body)))).toEqual(["google_compute_instance.vm: fail"]);
  });
});
