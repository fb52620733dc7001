import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { baseline } from "../support/cli";

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), "baseline-select-"))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Someone else's Terraform: one bucket without uniform access, no project around it. */
function bucketFile(): string {
  const file = join(dir, "bucket-ubla-bad.tf.json");
  writeFileSync(
    file,
    JSON.stringify({
      resource: {
        google_storage_bucket: { b: { name: "b", uniform_bucket_level_access: false } },
        google_bigquery_dataset: { d: { dataset_id: "d" } },
      },
    }),
  );
  return file;
}

interface Finding {
  control: string;
  resource: string;
  status: string;
  message: string;
  environment: string;
}

async function json(args: string[]) {
  const run = await baseline(["check", ...args, "--format", "json"]);
  return { ...run, report: run.stdout ? JSON.parse(run.stdout) : undefined };
}

const failing = (findings: Finding[]) =>
  findings.filter((f) => f.status === "fail").map((f) => `${f.control} ${f.resource}`);

describe("baseline check on Terraform that is not a whole project", () => {
  it("by default judges the project too: the audit config it lacks fails", async () => {
    const { code, report } = await json([bucketFile()]);
    expect(code).toBe(1);
    expect(failing(report.findings)).toEqual([
      "TEST-01 bucket-ubla-bad/google_storage_bucket.b",
      "TEST-02 bucket/project",
      "TEST-03 bucket-ubla-bad/google_storage_bucket.b",
    ]);
  });

  it("--profile resources leaves out the project-level verdicts", async () => {
    const { report } = await json([bucketFile(), "--profile", "resources"]);
    expect(failing(report.findings)).toEqual([
      "TEST-01 bucket-ubla-bad/google_storage_bucket.b",
      "TEST-03 bucket-ubla-bad/google_storage_bucket.b",
    ]);
    expect(report.summary.selection).toEqual({ profile: "resources" });
  });

  it("--controls and --skip choose by id or family, and say so in the summary", async () => {
    const only = await json([bucketFile(), "--controls", "test-01,TEST-02"]);
    expect(failing(only.report.findings)).toEqual([
      "TEST-01 bucket-ubla-bad/google_storage_bucket.b",
      "TEST-02 bucket/project",
    ]);
    expect(only.report.summary.controls.total).toBe(2);
    const skipped = await json([bucketFile(), "--skip", "TEST-01", "--skip", "TEST-02,TEST-03"]);
    expect(skipped.code).toBe(0);
    expect(skipped.report.findings.map((f: Finding) => f.control)).toEqual(["TEST-04"]);
    expect(skipped.report.summary.selection).toEqual({
      profile: "all",
      skip: ["TEST-01", "TEST-02", "TEST-03"],
    });
    const text = await baseline(["check", bucketFile(), "--controls", "TEST"]);
    expect(text.stdout).toContain("\nSelection: controls TEST\n");
  });

  it("refuses a control or profile that does not exist with exit 2 and the usage", async () => {
    const unknown = await baseline(["check", bucketFile(), "--controls", "NET-99"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(
      /^baseline check: --controls NET-99: no control has this id or family \(families: TEST;/,
    );
    expect(unknown.stderr).toContain("Usage: baseline check");
    const profile = await baseline(["check", bucketFile(), "--profile", "project"]);
    expect(profile.code).toBe(2);
    expect(profile.stderr).toContain('--profile must be one of all, resources; found "project"');
  });

  it("names the environment after the file up to its first dash, or --environment", async () => {
    const derived = await json([bucketFile()]);
    expect(derived.report.summary.environments).toEqual(["bucket"]);
    const named = await json([bucketFile(), "--environment", "scan"]);
    expect(named.report.summary.environments).toEqual(["scan"]);
    expect(named.report.summary.stacks).toEqual([
      { name: "bucket-ubla-bad", environment: "scan", resources: 2 },
    ]);
    expect(failing(named.report.findings)).toContain("TEST-02 scan/project");
    const bad = await baseline(["check", bucketFile(), "--environment", "a b"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--environment must be a name (letters, digits, _ . -); found "a b"');
  });

  it("reports the resources of types no control judges", async () => {
    const { stdout } = await baseline(["check", bucketFile()]);
    expect(stdout).toContain(
      "\nNot judged: 1 resource of types no control judges: google_bigquery_dataset (1)\n",
    );
  });
});

describe("baseline check --var-file", () => {
  function configuration(): string {
    const config = join(dir, "config");
    mkdirSync(config, { recursive: true });
    writeFileSync(
      join(config, "main.tf"),
      [
        'variable "ubla" {',
        "  type = bool",
        "}",
        'resource "google_storage_bucket" "b" {',
        '  name                        = "b"',
        "  uniform_bucket_level_access = var.ubla",
        "}",
        "",
      ].join("\n"),
    );
    return config;
  }

  it("gives the variables their values, as -var-file does for Terraform", async () => {
    const on = join(dir, "on.tfvars");
    writeFileSync(on, "ubla = true\n");
    const off = join(dir, "off.tfvars.json");
    writeFileSync(off, JSON.stringify({ ubla: false }));
    const status = async (args: string[]) =>
      (await json([configuration(), "--controls", "TEST-01", ...args])).report.findings[0];
    expect(await status([])).toMatchObject({
      status: "unknown",
      message: "google_storage_bucket.b: uniform access",
    });
    expect((await status(["--var-file", on])).status).toBe("pass");
    expect((await status([`-var-file=${on}`])).status).toBe("pass");
    expect((await status(["-var-file", on, "--var-file", off])).status).toBe("fail");
  });

  it("refuses a var file it cannot read, naming it", async () => {
    const { code, stderr } = await baseline([
      "check",
      configuration(),
      "--var-file",
      join(dir, "missing.tfvars"),
    ]);
    expect(code).toBe(2);
    expect(stderr).toContain("missing.tfvars");
  });
});
