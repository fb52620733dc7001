import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { InputError } from "../../policies/load/errors";
import { loadInputs } from "../../policies/load/input";
import { isUnknown } from "../../policies/model/types";
import { get } from "../../policies/model/values";

const FIXTURES = "test/fixtures";

describe("loading a cdktf.out directory", () => {
  it("reads every stack of the manifest with construct paths, lifecycle and source lines", async () => {
    const { model, stacks } = await loadInputs([`${FIXTURES}/cdktf-out`]);
    expect(stacks.map((s) => [s.stack, s.environment, s.backend])).toEqual([
      ["prod-backup", "prod", "gcs:acme-tfstate/prod/backup"],
      ["prod-kms", "prod", "gcs:acme-tfstate/prod/kms"],
    ]);
    const key = model.resources.find((r) => r.id === "prod-kms/google_kms_crypto_key.backups")!;
    expect(key).toMatchObject({
      constructPath: "prod-kms/backups",
      lifecycle: { preventDestroy: true },
      source: { file: "test/fixtures/cdktf-out/stacks/prod-kms/cdk.tf.json" },
    });
    expect(key.source?.line).toBeGreaterThan(1);
  });

  it.each([`./${FIXTURES}/cdktf-out/`, resolve(FIXTURES, "cdktf-out")])(
    "names source files from the working directory however the directory is written (%s)",
    async (path) => {
      const { model } = await loadInputs([path]);
      const files = new Set(model.resources.map((r) => r.source?.file));
      expect([...files].sort()).toEqual([
        "test/fixtures/cdktf-out/stacks/prod-backup/cdk.tf.json",
        "test/fixtures/cdktf-out/stacks/prod-kms/cdk.tf.json",
      ]);
    },
  );

  it("traces a bucket's key through the remote-state output to the key in the kms stack", async () => {
    const { model } = await loadInputs([`${FIXTURES}/cdktf-out`]);
    const scope = model.scope("prod");
    const bucket = scope.ofType("google_storage_bucket").find((b) => b.name === "backups")!;
    const refs = scope.references(bucket, get(bucket.attributes, "encryption.default_kms_key_name"));
    expect(refs.map((r) => `${r.resource.id} ${r.attribute}`)).toEqual([
      "prod-kms/google_kms_crypto_key.backups id",
    ]);
    const key = refs[0].resource;
    expect(scope.referencing(key, "google_storage_bucket").map((b) => b.id)).toEqual([
      "prod-backup/google_storage_bucket.backups",
    ]);
  });
});

describe("loading a plan JSON", () => {
  const load = async () => (await loadInputs([`${FIXTURES}/plan/prod-backup.plan.json`])).model;

  it("names the stack after the file and reads root and child module resources", async () => {
    const model = await load();
    expect(model.resources.map((r) => `${r.id} ${r.mode}`)).toEqual([
      "prod-backup/google_kms_crypto_key.backups managed",
      "prod-backup/google_storage_bucket.backups managed",
      "prod-backup/google_storage_bucket.logs[0] managed",
      "prod-backup/data.google_project.this data",
      "prod-backup/module.audit.google_project_iam_audit_config.this managed",
    ]);
    expect(model.environments).toEqual(["prod"]);
  });

  it("marks after_unknown attributes Unknown, unless the configuration references a resource there", async () => {
    const scope = (await load()).scope("prod");
    const [backups, logs] = scope.ofType("google_storage_bucket");
    expect(isUnknown(get(logs.attributes, "uniform_bucket_level_access"))).toBe(true);
    expect(isUnknown(get(backups.attributes, "id"))).toBe(true);
    expect(get(backups.attributes, "uniform_bucket_level_access")).toBe(true);
    const keyName = get(backups.attributes, "encryption.default_kms_key_name");
    expect(keyName).toBe("${google_kms_crypto_key.backups.id}");
    expect(scope.references(backups, keyName).map((r) => r.resource.id)).toEqual([
      "prod-backup/google_kms_crypto_key.backups",
    ]);
  });

  it("keeps module-relative references that point outside the module Unknown, and lifecycle Unknown", async () => {
    const [audit] = (await load()).scope("prod").ofType("google_project_iam_audit_config");
    expect(isUnknown(audit.attributes.project)).toBe(true);
    expect(get(audit.attributes, "audit_log_config.log_type")).toBe("ADMIN_READ");
    expect(isUnknown(audit.lifecycle?.preventDestroy)).toBe(true);
  });
});

describe("loading a directory of .tf files", () => {
  it("reads every file as one configuration, normalising hcl2json's block lists", async () => {
    const { model, stacks } = await loadInputs([`${FIXTURES}/hcl-dir`]);
    expect(stacks.map((s) => [s.stack, s.backend])).toEqual([["hcl-dir", "gcs:acme-tfstate/prod/hcl"]]);
    const scope = model.scope("hcl");
    const [backups, scratch] = scope.ofType("google_storage_bucket");
    expect(get(backups.attributes, "lifecycle_rule.condition.age")).toBe(30);
    expect(scratch.attributes.uniform_bucket_level_access).toBeUndefined();
    const [key] = scope.ofType("google_kms_crypto_key");
    expect(key.lifecycle).toEqual({ preventDestroy: true });
    expect(
      scope.references(backups, get(backups.attributes, "encryption.default_kms_key_name"))[0].resource,
    ).toBe(key);
  });

  it("marks a resource whose count is an expression as possibly not created", async () => {
    const dir = mkdtempSync(join(tmpdir(), "baseline-hcl-count-"));
    try {
      writeFileSync(
        join(dir, "main.tf"),
        'resource "google_compute_firewall" "deny" {\n  count = var.on ? 1 : 0\n  name  = "deny"\n}\n' +
          'resource "google_compute_firewall" "always" {\n  count = 1\n  name  = "always"\n}\n',
      );
      const { stacks } = await loadInputs([dir]);
      expect(Object.fromEntries(stacks[0].resources.map((r) => [r.address, r.conditional]))).toEqual({
        "google_compute_firewall.deny": "count = ${var.on ? 1 : 0}",
        "google_compute_firewall.always": undefined,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("records the file and the line of each resource block", async () => {
    const { model } = await loadInputs([`${FIXTURES}/hcl-dir`]);
    const where = Object.fromEntries(model.resources.map((r) => [r.address, r.source]));
    expect(where["google_kms_crypto_key.backups"]).toEqual({ file: `${FIXTURES}/hcl-dir/kms.tf`, line: 14 });
    expect(where["google_storage_bucket.scratch"]).toEqual({
      file: `${FIXTURES}/hcl-dir/storage.tf`,
      line: 20,
    });
  });
});

describe("bad input", () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), "baseline-input-"))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function problem(name: string, content: string | Buffer): Promise<string> {
    const file = join(dir, name);
    writeFileSync(file, content);
    const error = await loadInputs([file]).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).message.replace(dir, "<dir>");
  }

  it("names the line and column where a truncated JSON ends", async () => {
    expect(await problem("cut.tf.json", '{\n  "resource": {\n    "google_x": {')).toBe(
      "<dir>/cut.tf.json: expected valid JSON; found a document that ends early at line 3, column 18 (truncated?)",
    );
  });

  it("names the line and column of a JSON syntax error", async () => {
    expect(await problem("syntax.json", '{\n  "resource": }')).toBe(
      "<dir>/syntax.json: expected valid JSON; found a syntax error at line 2, column 15: unexpected token '}'",
    );
  });

  it("names the path of a value of the wrong type", async () => {
    expect(await problem("types.tf.json", '{"resource": {"google_storage_bucket": ["b"]}}')).toBe(
      '<dir>/types.tf.json: at resource.google_storage_bucket[0]: expected an object of named blocks; found a string ("b")',
    );
    expect(
      await problem("plan-types.json", '{"planned_values": {"root_module": {"resources": {"a": 1}}}}'),
    ).toBe(
      "<dir>/plan-types.json: at planned_values.root_module.resources: expected a list; found an object with keys a",
    );
  });

  it("refuses binary data", async () => {
    expect(await problem("garbage.json", Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0xff, 0xfe]))).toBe(
      "<dir>/garbage.json: expected a text file (JSON or HCL); found binary data (a NUL byte at offset 4 of 7 bytes)",
    );
  });

  it("refuses JSON that is neither a configuration nor a plan", async () => {
    expect(await problem("other.json", '{"name": "x", "version": 1}')).toMatch(
      /other\.json: expected a Terraform JSON configuration .* or a plan .*; found an object with keys name, version$/,
    );
  });

  it("reports malformed HCL with its line and column", async () => {
    expect(await problem("bad.tf", 'resource "google_storage_bucket" "b" {\n  name = \n}\n')).toMatch(
      /^<dir>\/bad\.tf: expected valid Terraform HCL; found a syntax error: line 2, column 10: Invalid expression/,
    );
  });

  it("reports an unreadable path and a directory with nothing to check", async () => {
    await expect(loadInputs([join(dir, "missing")])).rejects.toThrow(
      "missing: cannot read the path: ENOENT (no such file or directory)",
    );
    mkdirSync(join(dir, "empty"));
    await expect(loadInputs([join(dir, "empty")])).rejects.toThrow(
      "empty: expected a cdktf.out directory (with manifest.json) or a directory of .tf / .tf.json files; found an empty directory",
    );
  });

  it("refuses two inputs that define the same stack", async () => {
    await expect(loadInputs([`${FIXTURES}/hcl-dir`, `${FIXTURES}/hcl-dir`])).rejects.toThrow(
      'defines stack "hcl-dir" a second time',
    );
  });
});
