import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CATALOGUE } from "../../policies/controls";
import { runCheck, type CheckReport } from "../../policies/engine/check";
import { modelFromDocuments } from "../../policies/load/documents";
import { InputError } from "../../policies/load/errors";
import { loadInputs } from "../../policies/load/input";
import { readTerraformJson } from "../../policies/load/terraform-json";
import { isUnknown } from "../../policies/model/types";
import { blocks, get } from "../../policies/model/values";
import { synthBaseline } from "../support/synth";
import { terraformJsonToHcl } from "../support/terraform-hcl";

/** Writes `files` (name → text) into a new directory per configuration; returns the directories' parent. */
function writeConfigurations(configurations: Record<string, Record<string, string>>): string {
  const root = mkdtempSync(join(tmpdir(), "baseline-hcl-"));
  for (const [dir, files] of Object.entries(configurations)) {
    mkdirSync(join(root, dir), { recursive: true });
    for (const [name, text] of Object.entries(files)) writeFileSync(join(root, dir, name), text);
  }
  return root;
}

const control = (id: string) => CATALOGUE.find((c) => c.id === id)!;

function verdicts(report: CheckReport): string[] {
  return report.findings.map((f) => `${f.control} ${f.resource} ${f.subject ?? ""}: ${f.status}`);
}

describe("the baseline's own stacks written as HCL", () => {
  const stacks = synthBaseline();
  let root: string;
  beforeAll(() => {
    root = writeConfigurations(
      Object.fromEntries(
        Object.entries(stacks).map(([name, json]) => [name, { "main.tf": terraformJsonToHcl(json) }]),
      ),
    );
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("give the verdicts of their Terraform JSON: PASS, with no unknown from cross-stack outputs", async () => {
    const documents = Object.entries(stacks).map(([stack, json]) => readTerraformJson(json, { stack }));
    const fromJson = runCheck(
      { model: modelFromDocuments(documents), stacks: documents },
      { controls: CATALOGUE, today: "2030-01-01" },
    );
    const input = await loadInputs(Object.keys(stacks).map((stack) => join(root, stack)));
    const fromHcl = runCheck(input, { controls: CATALOGUE, today: "2030-01-01" });
    expect(fromJson.summary.result).toBe("pass");
    expect(verdicts(fromHcl)).toEqual(verdicts(fromJson));
    expect(fromHcl.summary.result).toBe("pass");
    const unresolved = fromHcl.findings.filter((f) => /remote_state|outputs\./.test(f.message));
    expect(unresolved.map((f) => `${f.control} ${f.resource}: ${f.message}`)).toEqual([]);
  });

  it("reads each output, which hcl2json writes as a one-item list, as its value", async () => {
    const input = await loadInputs([join(root, "prod-kms")]);
    const outputs = [...input.stacks[0].outputs.values()];
    expect(outputs.length).toBeGreaterThan(0);
    for (const value of outputs) expect(value).toMatch(/^\$\{google_kms_/);
  });
});

describe("blocks that repeat in .tf files", () => {
  let root: string;
  beforeAll(() => {
    root = writeConfigurations({
      "prod-edge": {
        "main.tf": `
resource "google_compute_security_policy" "armor" {
  name = "armor"
  rule {
    action   = "deny(403)"
    priority = 1000
    match {
      expr { expression = "evaluatePreconfiguredWaf('sqli-v33-stable')" }
    }
  }
  rule {
    action   = "allow"
    priority = 2147483647
    match {
      versioned_expr = "SRC_IPS_V1"
      config { src_ip_ranges = ["*"] }
    }
  }
}

resource "google_compute_firewall" "web" {
  name    = "web"
  network = "vpc"
  allow {
    protocol = "tcp"
    ports    = ["443"]
  }
  allow {
    protocol = "tcp"
    ports    = ["22"]
  }
  source_ranges = ["0.0.0.0/0"]
}

resource "google_compute_instance_template" "t" {
  name = "t"
  disk {
    boot         = true
    source_image = "debian-12"
  }
  disk {
    source_image = "debian-12"
    disk_encryption_key { kms_key_self_link = "projects/p/locations/europe-west1/keyRings/r/cryptoKeys/k" }
  }
}

resource "google_compute_instance" "vm" {
  name = "vm"
  boot_disk { kms_key_self_link = "projects/p/locations/europe-west1/keyRings/r/cryptoKeys/k" }
  attached_disk { source = "projects/p/zones/z/disks/a" }
  attached_disk {
    source            = "projects/p/zones/z/disks/b"
    kms_key_self_link = "projects/p/locations/europe-west1/keyRings/r/cryptoKeys/k"
  }
}
`,
      },
      duplicate: {
        "a.tf": 'resource "google_storage_bucket" "b" {\n  name = "one"\n}\n',
        "b.tf":
          'resource "google_storage_bucket" "c" {\n  name = "two"\n}\nresource "google_storage_bucket" "c" {\n  name = "three"\n}\n',
      },
    });
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("read as lists, every block kept", async () => {
    const scope = (await loadInputs([join(root, "prod-edge")])).model.scope("prod");
    const [armor] = scope.ofType("google_compute_security_policy");
    expect(blocks(armor.attributes, "rule").map((r) => r.priority)).toEqual([1000, 2147483647]);
    expect(get(armor.attributes, "rule.1.match.config.src_ip_ranges")).toEqual(["*"]);
    const [web] = scope.ofType("google_compute_firewall");
    expect(blocks(web.attributes, "allow").map((a) => a.ports)).toEqual([["443"], ["22"]]);
    const [template] = scope.ofType("google_compute_instance_template");
    expect(blocks(template.attributes, "disk")).toHaveLength(2);
    const [vm] = scope.ofType("google_compute_instance");
    expect(blocks(vm.attributes, "attached_disk").map((d) => d.source)).toEqual([
      "projects/p/zones/z/disks/a",
      "projects/p/zones/z/disks/b",
    ]);
  });

  it("are judged one by one: the second allow opens SSH, the first disk has no CMEK", async () => {
    const scope = (await loadInputs([join(root, "prod-edge")])).model.scope("prod");
    const ssh = control("NET-09")
      .evaluate(scope)
      .find((r) => r.resource?.name === "web");
    expect([ssh?.status, ssh?.message]).toEqual(["fail", expect.stringContaining("SSH")]);
    const disks = control("ENC-05").evaluate(scope);
    expect(disks.map((r) => `${r.resource?.address}: ${r.status}`)).toEqual([
      "google_compute_instance.vm: fail",
      "google_compute_instance_template.t: fail",
    ]);
    expect(disks.map((r) => r.message).join("\n")).toMatch(/attached_disk\.0/);
    expect(disks.map((r) => r.message).join("\n")).toMatch(/disk\.0/);
  });

  it("refuse a resource declared twice, saying so", async () => {
    const error = await loadInputs([join(root, "duplicate")]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(
      /b\.tf: at resource\.google_storage_bucket\.c: expected one resource block "google_storage_bucket" "c"; found 2/,
    );
  });

  it("mark a dynamic block Unknown only when its for_each is known after apply", async () => {
    const dir = writeConfigurations({
      d: {
        "main.tf": `
variable "ports" {
  default = ["80", "443"]
}
resource "google_compute_firewall" "known" {
  name = "known"
  dynamic "allow" {
    for_each = var.ports
    iterator = port
    content {
      protocol = "tcp"
      ports    = [port.value]
    }
  }
}
resource "google_compute_firewall" "later" {
  name = "later"
  dynamic "allow" {
    for_each = google_compute_network.vpc.id
    content { protocol = "tcp" }
  }
}
`,
      },
    });
    try {
      const scope = (await loadInputs([join(dir, "d")])).model.scope("d");
      const [known, later] = scope.ofType("google_compute_firewall");
      expect(blocks(known.attributes, "allow")).toEqual([
        { protocol: "tcp", ports: ["80"] },
        { protocol: "tcp", ports: ["443"] },
      ]);
      expect(isUnknown(later.attributes.allow)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
