import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CATALOGUE } from "../../policies/controls";
import { Configuration } from "../../policies/load/configuration";
import { InputError } from "../../policies/load/errors";
import { FUNCTION_NAMES } from "../../policies/load/expressions/functions";
import { loadInputs } from "../../policies/load/input";
import { readTerraformJson } from "../../policies/load/terraform-json";
import { Unknown, isUnknown } from "../../policies/model/types";
import { get } from "../../policies/model/values";
import { scopeFromTerraformJson } from "../support/scope";

const control = (id: string) => CATALOGUE.find((c) => c.id === id)!;

/** A configuration of one Terraform JSON document (variables, locals, data sources). */
const configuration = (root: Record<string, unknown>, given: Record<string, unknown> = {}) =>
  new Configuration([root], new Map(Object.entries(given)));

describe("static expressions, evaluated as Terraform evaluates them at plan time", () => {
  const c = configuration({
    variable: {
      region: [{ default: "europe-west1" }],
      on: { default: true, type: "${bool}" },
      size: { type: "${number}" },
      ports: { default: ["22", "443"] },
      later: {},
    },
    locals: [
      {
        name: "acme-${var.region}",
        key: "${google_kms_crypto_key.disks.id}",
        labels: { env: "prod" },
        chosen: "${var.on ? google_compute_network.a.id : google_compute_network.b.id}",
        loop: "${local.loop}",
      },
    ],
  });
  const cases: [string, unknown][] = [
    // literals, operators, conditionals
    ["${1 + 2 * 3}", 7],
    ["${!var.on}", false],
    ['${var.on && 2 > 1 ? "yes" : "no"}', "yes"],
    ["${-1}", -1],
    ['${var.ports == ["22", "443"]}', true],
    // variables, locals, templates
    ["${var.region}", "europe-west1"],
    ["${local.name}", "acme-europe-west1"],
    ["projects/p/regions/${var.region}/x", "projects/p/regions/europe-west1/x"],
    ['${local.labels["env"]}', "prod"],
    ["%{ if var.on }on%{ else }off%{ endif }", "on"],
    ["%{ for p in var.ports }${p};%{ endfor }", "22;443;"],
    // collections: for, splat, constructors
    ['${[for p in var.ports : "tcp:${p}"]}', ["tcp:22", "tcp:443"]],
    ["${{for p in var.ports : p => tonumber(p)}}", { "22": 22, "443": 443 }],
    ["${var.ports[*]}", ["22", "443"]],
    ["${{ a = 1, b = [true] }}", { a: 1, b: [true] }],
    // functions
    ['${jsonencode({ b = "x", a = [1, 2] })}', '{"a":[1,2],"b":"x"}'],
    ['${jsondecode("{\\"a\\": 1}")}', { a: 1 }],
    ['${merge(local.labels, { tier = "p" })}', { env: "prod", tier: "p" }],
    ['${concat(var.ports, ["80"])}', ["22", "443", "80"]],
    ['${lookup({ a = 1 }, "b", 2)}', 2],
    ['${format("%s-%03d", var.region, 7)}', "europe-west1-007"],
    ["${upper(var.region)}", "EUROPE-WEST1"],
    ['${lower("ABC")}', "abc"],
    ["${tostring(5)}", "5"],
    ['${tonumber("5")}', 5],
    ['${tobool("true")}', true],
    ['${toset(["b", "a", "b"])}', ["a", "b"]],
    ["${tolist(var.ports)[1]}", "443"],
    ["${length(var.ports)}", 2],
    ['${join(",", var.ports)}', "22,443"],
    ['${split(",", "a,b")}', ["a", "b"]],
    ['${cidrsubnet("10.0.0.0/16", 8, 2)}', "10.0.2.0/24"],
    ['${cidrhost("10.1.0.0/24", 5)}', "10.1.0.5"],
    ['${cidrsubnet("fd00::/48", 16, 1)}', "fd00:0:0:1::/64"],
    ['${coalesce("", var.region)}', "europe-west1"],
    ['${try(var.ports[5], "none")}', "none"],
    ['${can(regex("^a", "abc"))}', true],
    ['${replace("a-b-c", "-", "_")}', "a_b_c"],
    ["${element(var.ports, 3)}", "443"],
    // what apply decides stays an expression, with the known parts substituted
    ["${local.key}", "${google_kms_crypto_key.disks.id}"],
    ["${local.chosen}", "${google_compute_network.a.id}"],
    ["keys/${local.key}", "keys/${google_kms_crypto_key.disks.id}"],
    ["${google_compute_network.vpc[local.labels.env].id}", '${google_compute_network.vpc["prod"].id}'],
    ["${var.size > 10 ? 1 : 0}", "${var.size > 10 ? 1 : 0}"],
    ["${var.later}", "${var.later}"],
    ["${var.undeclared}", "${var.undeclared}"],
    ["${local.loop}", "${local.loop}"],
    ["${timestamp()}", "${timestamp()}"],
    ['${file("startup.sh")}', '${file("startup.sh")}'],
    [
      "${merge(local.labels, { key = local.key })}",
      { env: "prod", key: "${google_kms_crypto_key.disks.id}" },
    ],
    ["${length([google_compute_network.a.id, 1])}", 2],
    ["$${HOME} ${var.region}", "$${HOME} europe-west1"],
    [
      "${element(data.terraform_remote_state.kms.outputs.keys, 0)}",
      "${element(data.terraform_remote_state.kms.outputs.keys, 0)}",
    ],
    // what Terraform would refuse is left as written
    ["${1 / 0}", "${1 / 0}"],
    ["${var.ports.nope}", "${var.ports.nope}"],
    ["${not valid (", "${not valid ("],
  ];

  it.each(cases)("%s", (text, expected) => {
    expect(c.evaluate(text)).toEqual(expected);
  });

  it("leaves strings without expressions, numbers and booleans exactly as they are", () => {
    const body = { name: "n", size: 10, on: true, nested: [{ a: "b" }] };
    expect(c.evaluate(body)).toBe(body);
  });

  it("converts a variable's value to its declared type, and the given value replaces the default", () => {
    const given = configuration(
      {
        variable: {
          size: { type: "number" },
          on: { type: "bool", default: false },
          region: { default: "x" },
        },
      },
      { size: "3", on: "true" },
    );
    expect(given.evaluate("${var.size + 1}")).toBe(4);
    expect(given.evaluate("${var.on}")).toBe(true);
    expect(given.evaluate("${var.region}")).toBe("x");
  });

  it("covers the pure functions GCP configurations commonly use", () => {
    expect(FUNCTION_NAMES).toEqual(
      expect.arrayContaining([
        "concat",
        "merge",
        "lookup",
        "format",
        "lower",
        "upper",
        "tostring",
        "tonumber",
        "tobool",
        "toset",
        "tolist",
        "length",
        "join",
        "split",
        "cidrsubnet",
        "jsonencode",
        "try",
        "can",
        "coalesce",
        "flatten",
      ]),
    );
  });
});

describe("hostile expressions", () => {
  it("leave as written what would nest past the stack or grow past any bound, quickly", () => {
    const start = Date.now();
    const locals: Record<string, string> = { l0: '${["x", "y"]}' };
    for (let i = 1; i <= 40; i++) locals[`l${i}`] = `\${[local.l${i - 1}, local.l${i - 1}]}`;
    const c = configuration({ locals });
    const deep = `\${${"(".repeat(50_000)}1${")".repeat(50_000)}}`;
    expect(c.evaluate(deep)).toBe(deep);
    // Each level doubles: expanded up to the bound, left as written beyond it.
    const doubled = JSON.stringify(c.evaluate("${local.l40}"));
    expect(doubled.length).toBeLessThan(2_000_000);
    expect(doubled).toContain("${([local.l");
    expect(c.evaluate("${length(local.l10)}")).toBe(2);
    const grid = "${[for i in range(1000) : [for j in range(1000) : i * j]]}";
    expect(c.evaluate(grid)).toBe(grid);
    expect(c.evaluate('${format("%900000000d", 1)}')).toBe('${format("%900000000d", 1)}');
    expect(Date.now() - start).toBeLessThan(5_000);
  });
});

describe("data google_iam_policy and jsonencode policies", () => {
  const json = {
    variable: { admin: { default: "group:admins@example.com" } },
    data: {
      google_iam_policy: {
        owners: [{ binding: [{ role: "roles/owner", members: ["${var.admin}"] }] }],
        computed: [
          {
            binding: [
              { role: "roles/viewer", members: ["serviceAccount:${google_service_account.a.email}"] },
            ],
          },
        ],
      },
    },
    resource: {
      google_project_iam_policy: {
        from_data: { project: "p", policy_data: "${data.google_iam_policy.owners.policy_data}" },
        encoded: {
          project: "p",
          policy_data: '${jsonencode({ bindings = [{ role = "roles/editor", members = [var.admin] }] })}',
        },
        clean: {
          project: "p",
          policy_data:
            '${jsonencode({ bindings = [{ role = "roles/logging.viewer", members = [var.admin] }] })}',
        },
      },
    },
  };

  it("render the policy_data Terraform computes before apply", () => {
    const { resources } = readTerraformJson(json, { stack: "prod-iam" });
    const data = (name: string) => resources.find((r) => r.address === `data.google_iam_policy.${name}`)!;
    expect(JSON.parse(data("owners").attributes.policy_data as string)).toEqual({
      bindings: [{ role: "roles/owner", members: ["group:admins@example.com"] }],
    });
    expect(data("computed").attributes.policy_data).toBeUndefined();
    const encoded = resources.find((r) => r.address === "google_project_iam_policy.encoded")!;
    expect(JSON.parse(encoded.attributes.policy_data as string)).toEqual({
      bindings: [{ members: ["group:admins@example.com"], role: "roles/editor" }],
    });
  });

  it("so IAM-01 fails the basic roles they grant and passes the rest, without unknowns", () => {
    const results = control("IAM-01").evaluate(scopeFromTerraformJson(json, "prod-iam"));
    expect(results.map((r) => `${r.resource?.address ?? "project"}: ${r.status}`)).toEqual([
      "google_project_iam_policy.from_data: fail",
      "google_project_iam_policy.encoded: fail",
    ]);
    expect(results.map((r) => r.message)).toEqual([
      "google_project_iam_policy.from_data: grants basic role roles/owner to group:admins@example.com",
      "google_project_iam_policy.encoded: grants basic role roles/editor to group:admins@example.com",
    ]);
  });
});

describe("variables, locals and tfvars in a directory of .tf files", () => {
  let root: string;
  const write = (dir: string, files: Record<string, string>) => {
    mkdirSync(join(root, dir), { recursive: true });
    for (const [name, text] of Object.entries(files)) writeFileSync(join(root, dir, name), text);
    return join(root, dir);
  };
  beforeAll(() => (root = mkdtempSync(join(tmpdir(), "baseline-vars-"))));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const configuration = {
    "variables.tf": `
variable "ubla" {
  type    = bool
  default = false
}
variable "location" {
  default = "US"
}
variable "public" {
  type = bool
}
variable "versioning" {
  default = false
}
`,
    "locals.tf": `
locals {
  prefix = "acme-\${lower(var.location)}"
  logs   = "\${local.prefix}-logs"
}
`,
    "main.tf": `
resource "google_storage_bucket" "logs" {
  name                        = local.logs
  location                    = var.location
  uniform_bucket_level_access = var.ubla
  public_access_prevention    = var.public ? "inherited" : "enforced"
  versioning {
    enabled = var.versioning
  }
}
resource "google_storage_bucket" "unset" {
  name                        = "unset"
  uniform_bucket_level_access = var.public
}
resource "google_storage_bucket" "extra" {
  count = var.versioning ? 1 : 0
  name  = "extra"
}
`,
  };

  it("reads variables' defaults and locals; a variable with no value stays unknown", async () => {
    const dir = write("defaults", configuration);
    const scope = (await loadInputs([dir])).model.scope("defaults");
    const [logs, unset] = scope.ofType("google_storage_bucket");
    expect(logs.attributes).toMatchObject({
      name: "acme-us-logs",
      location: "US",
      uniform_bucket_level_access: false,
    });
    expect(logs.attributes.public_access_prevention).toEqual(
      new Unknown('computed from ${var.public ? "inherited" : "enforced"}'),
    );
    expect(unset.attributes.uniform_bucket_level_access).toEqual(
      new Unknown("var.public has no value (give one in a tfvars file or with --var-file)"),
    );
    // count = var.versioning ? 1 : 0 with versioning false by default: no "extra" bucket.
    expect(scope.ofType("google_storage_bucket").map((b) => b.name)).toEqual(["logs", "unset"]);
    expect(
      control("STO-01")
        .evaluate(scope)
        .map((r) => `${r.resource?.name}: ${r.status}`),
    ).toEqual(["logs: fail", "unset: unknown"]);
  });

  it("applies terraform.tfvars, then *.auto.tfvars (HCL and JSON) in name order, then --var-file", async () => {
    const dir = write("tfvars", {
      ...configuration,
      "terraform.tfvars": 'ubla = true\npublic = true\nlocation = "EU"\n',
      "a.auto.tfvars": "public = false\n",
      "b.auto.tfvars.json": JSON.stringify({ versioning: true }),
    });
    const extra = join(root, "override.tfvars");
    writeFileSync(extra, 'location = "europe-west1"\n');
    const scope = (await loadInputs([dir], { varFiles: [extra] })).model.scope("tfvars");
    // hcl2json writes blocks in name order.
    const buckets = scope.ofType("google_storage_bucket").filter((b) => b.name !== "unset");
    expect(buckets.map((b) => b.name)).toEqual(["extra", "logs"]);
    buckets.reverse();
    expect(buckets[0].attributes).toMatchObject({
      name: "acme-europe-west1-logs",
      location: "europe-west1",
      uniform_bucket_level_access: true,
      public_access_prevention: "enforced",
    });
    expect(get(buckets[0].attributes, "versioning.enabled")).toBe(true);
    expect(buckets[1].conditional).toBeUndefined();
    expect(
      control("STO-01")
        .evaluate(scope)
        .find((r) => r.resource === buckets[0])?.status,
    ).toBe("pass");
  });

  it("follows a local that names a resource to the resource, as a reference written in place", async () => {
    const dir = write("reference", {
      "main.tf": `
locals {
  key = google_kms_crypto_key.buckets.id
}
resource "google_kms_crypto_key" "buckets" {
  name     = "buckets"
  key_ring = "projects/p/locations/europe-west1/keyRings/r"
}
resource "google_storage_bucket" "b" {
  name     = "b"
  location = "europe-west1"
  encryption {
    default_kms_key_name = local.key
  }
}
`,
    });
    const scope = (await loadInputs([dir])).model.scope("reference");
    const [bucket] = scope.ofType("google_storage_bucket");
    const [key] = scope.ofType("google_kms_crypto_key");
    expect(get(bucket.attributes, "encryption.default_kms_key_name")).toBe(
      "${google_kms_crypto_key.buckets.id}",
    );
    expect(scope.references(bucket, bucket.attributes).map((r) => r.resource)).toEqual([key]);
    expect(
      control("ENC-06")
        .evaluate(scope)
        .map((r) => r.status),
    ).toEqual(["pass"]);
  });

  it("makes one instance per key of a known for_each, with each.key and each.value bound", async () => {
    const dir = write("instances", {
      "main.tf": `
variable "buckets" {
  default = {
    logs    = { ubla = true }
    scratch = { ubla = false }
  }
}
resource "google_storage_bucket" "b" {
  for_each                    = var.buckets
  name                        = "acme-\${each.key}"
  uniform_bucket_level_access = each.value.ubla
}
resource "google_storage_bucket_iam_member" "m" {
  for_each = toset(["logs"])
  bucket   = google_storage_bucket.b[each.key].name
  role     = "roles/storage.objectViewer"
  member   = "allUsers"
}
resource "google_storage_bucket" "later" {
  for_each = google_compute_network.vpc.id
  name     = each.key
}
`,
    });
    const scope = (await loadInputs([dir])).model.scope("instances");
    const buckets = scope.ofType("google_storage_bucket");
    expect(
      buckets.map((b) => [b.address, b.attributes.name, b.attributes.uniform_bucket_level_access]),
    ).toEqual([
      ['google_storage_bucket.b["logs"]', "acme-logs", true],
      ['google_storage_bucket.b["scratch"]', "acme-scratch", false],
      ["google_storage_bucket.later", new Unknown("computed from ${each.key}"), undefined],
    ]);
    expect(buckets[2].conditional).toBe("for_each = ${google_compute_network.vpc.id}");
    const [member] = scope.ofType("google_storage_bucket_iam_member");
    expect(member.address).toBe('google_storage_bucket_iam_member.m["logs"]');
    expect(scope.references(member, member.attributes.bucket).map((r) => r.resource)).toEqual([buckets[0]]);
    expect(
      control("STO-01")
        .evaluate(scope)
        .map((r) => `${r.resource?.address}: ${r.status}`),
    ).toEqual([
      'google_storage_bucket.b["logs"]: pass',
      'google_storage_bucket.b["scratch"]: fail',
      "google_storage_bucket.later: fail",
    ]);
  });

  it("reads file() and templatefile() from the configuration's directory; a missing file stays unknown", async () => {
    const dir = write("files", {
      "startup.sh": "#!/bin/bash\necho hello\n",
      "startup.tftpl":
        "#!/bin/bash\nexport HOME_DIR=$${HOME}\n%{ for p in ports ~}\nopen ${p}\n%{ endfor ~}\n",
      "main.tf": `
resource "google_compute_instance" "plain" {
  name                    = "plain"
  metadata_startup_script = file("\${path.module}/startup.sh")
}
resource "google_compute_instance" "templated" {
  name                    = "templated"
  metadata_startup_script = templatefile("startup.tftpl", { ports = [22, 443] })
}
resource "google_compute_instance" "missing" {
  name                    = "missing"
  metadata_startup_script = file("nowhere.sh")
}
resource "google_compute_instance" "outside" {
  name                    = "outside"
  metadata_startup_script = file("../secret.txt")
}
resource "google_compute_instance" "absolute" {
  name                    = "absolute"
  metadata_startup_script = file("/etc/hostname")
}
resource "google_compute_instance" "linked" {
  name                    = "linked"
  metadata_startup_script = file("link.txt")
}
`,
    });
    writeFileSync(join(root, "secret.txt"), "secret");
    symlinkSync(join(root, "secret.txt"), join(dir, "link.txt"));
    const [absolute, linked, missing, outside, plain, templated] = (await loadInputs([dir])).model
      .scope("files")
      .ofType("google_compute_instance");
    expect(plain.attributes.metadata_startup_script).toBe("#!/bin/bash\necho hello\n");
    // The script's own $${HOME} stays escaped, as the model keeps a literal ${ of any string.
    expect(templated.attributes.metadata_startup_script).toBe(
      "#!/bin/bash\nexport HOME_DIR=$${HOME}\nopen 22\nopen 443\n",
    );
    // Nothing outside the configuration's directory is read, however the path gets there.
    for (const vm of [absolute, linked, outside])
      expect(isUnknown(vm.attributes.metadata_startup_script)).toBe(true);
    expect(missing.attributes.metadata_startup_script).toEqual(
      new Unknown('computed from ${file("nowhere.sh")}'),
    );
  });

  it("reads --var-file JSON for a single Terraform JSON file too", async () => {
    const file = join(root, "single.tf.json");
    writeFileSync(
      file,
      JSON.stringify({
        variable: { ubla: { type: "bool" } },
        resource: { google_storage_bucket: { b: { name: "b", uniform_bucket_level_access: "${var.ubla}" } } },
      }),
    );
    const values = join(root, "values.tfvars.json");
    writeFileSync(values, JSON.stringify({ ubla: true }));
    const { model } = await loadInputs([file], { varFiles: [values] });
    expect(model.resources[0].attributes.uniform_bucket_level_access).toBe(true);
    const { model: without } = await loadInputs([file]);
    expect(isUnknown(without.resources[0].attributes.uniform_bucket_level_access)).toBe(true);
  });

  it("refuses a --var-file that is not variable values, naming it", async () => {
    const bad = join(root, "bad.tfvars.json");
    writeFileSync(bad, "[1, 2]");
    const error = await loadInputs([join(root, "single.tf.json")], { varFiles: [bad] }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe(
      `${bad}: expected variable values (name = value, ...); found a list of 2 items`,
    );
  });
});
