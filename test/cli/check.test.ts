import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { COMMANDS } from "../../cli/commands";
import { CHECK_FORMATS } from "../../policies/report";
import { baseline } from "../support/cli";

const CDKTF_OUT = "test/fixtures/cdktf-out";
const WAIVERS = "test/fixtures/waivers/cdktf-out.waivers.yaml";
const PLAN = "test/fixtures/plan/prod-backup.plan.json";

describe("baseline check", () => {
  it("exits 1 and lists each failing finding with evidence, construct path, source and fix", async () => {
    const { code, stdout, stderr } = await baseline(["check", CDKTF_OUT]);
    expect(code).toBe(1);
    expect(stderr).toBe("");
    expect(stdout).toContain(
      [
        "FAIL  TEST-01 [high]  prod-backup/google_storage_bucket.scratch",
        "    google_storage_bucket.scratch: uniform access",
        "    evidence: uniform_bucket_level_access = false",
        "    construct: prod-backup/scratch",
      ].join("\n"),
    );
    expect(stdout).toMatch(
      / {4}source: test\/fixtures\/cdktf-out\/stacks\/prod-backup\/cdk\.tf\.json:\d+\n {4}fix: Fix the fixture\./,
    );
    expect(stdout).toContain("Stacks: prod-backup (3), prod-kms (3); 6 resources");
    expect(stdout).toContain("Result: FAIL: 2 failing findings");
  });

  it("exits 0 when every failure is waived, and shows the waivers", async () => {
    const { code, stdout } = await baseline(["check", CDKTF_OUT, "--waivers", WAIVERS]);
    expect(code).toBe(0);
    expect(stdout).toContain("WAIVED  TEST-01 [high]  prod-backup/google_storage_bucket.scratch");
    expect(stdout).toContain(
      "    waived until 2030-12-31 by platform-team@example.com: Scratch bucket holds public build artefacts",
    );
    expect(stdout).toContain("Result: PASS");
  });

  it("prints JSON with a summary and findings whose resource ends with the Terraform address", async () => {
    const { code, stdout } = await baseline(["check", CDKTF_OUT, "--format", "json"]);
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.summary).toMatchObject({ result: "fail", resources: 6, findings: { fail: 2, failing: 2 } });
    const scratch = report.findings.find(
      (f: { control: string; resource: string }) =>
        f.control === "TEST-01" && f.resource.endsWith(".scratch"),
    );
    expect(Object.keys(scratch).slice(0, 5)).toEqual([
      "control",
      "resource",
      "status",
      "message",
      "evidence",
    ]);
    expect(scratch).toMatchObject({
      resource: "prod-backup/google_storage_bucket.scratch",
      status: "fail",
      evidence: [{ path: "uniform_bucket_level_access", value: false }],
    });
    for (const f of report.findings)
      expect(f.resource).toMatch(/^[\w-]+\/(project|[a-z0-9_]+\.[\w-]+(\[\d+\])?)$/);
  });

  it("serialises values unknown until apply and fails on them (high severity) unless relaxed", async () => {
    const strict = await baseline(["check", PLAN, "--format", "json"]);
    const unknown = JSON.parse(strict.stdout).findings.find(
      (f: { status: string }) => f.status === "unknown",
    );
    expect(unknown).toMatchObject({
      resource: "prod-backup/google_storage_bucket.logs[0]",
      failsCheck: true,
      evidence: [{ path: "uniform_bucket_level_access", value: "(unknown: known after apply)" }],
    });
    const relaxed = await baseline(["check", PLAN, "--format", "json", "--unknown-fails", "never"]);
    expect(
      JSON.parse(relaxed.stdout).findings.find((f: { status: string }) => f.status === "unknown").failsCheck,
    ).toBe(false);
  });

  it("runs the same controls on a .tf directory", async () => {
    const { code, stdout } = await baseline(["check", "test/fixtures/hcl-dir"]);
    expect(code).toBe(1);
    expect(stdout).toContain("FAIL  TEST-01 [high]  hcl-dir/google_storage_bucket.scratch");
    expect(stdout).toContain("    source: test/fixtures/hcl-dir/storage.tf:20");
  });

  it("writes --output atomically and prints only the summary", async () => {
    const dir = mkdtempSync(join(tmpdir(), "baseline-output-"));
    try {
      const file = join(dir, "report.json");
      writeFileSync(file, "previous");
      const { code, stdout } = await baseline(["check", CDKTF_OUT, "--format", "json", "--output", file]);
      expect(code).toBe(1);
      expect(stdout).toMatch(/^Wrote the json report to .*report\.json\nStacks: /);
      expect(JSON.parse(readFileSync(file, "utf8")).summary.result).toBe("fail");
      expect(readdirSync(dir)).toEqual(["report.json"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("exits 2 when the output file cannot be written, leaving nothing behind", async () => {
    const file = join(tmpdir(), "no-such-dir-for-baseline", "report.txt");
    const { code, stderr } = await baseline(["check", CDKTF_OUT, "--output", file]);
    expect(code).toBe(2);
    expect(stderr).toBe(`${file}: cannot write the output file: ENOENT (no such directory)\n`);
    expect(existsSync(file)).toBe(false);
  });
});

describe("bad input and usage exit 2 with one precise message, never a stack trace", () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), "baseline-cli-"))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const failWith = async (args: string[], expected: string | RegExp) => {
    const { code, stdout, stderr } = await baseline(args);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).not.toMatch(/\n\s+at /);
    if (typeof expected === "string") expect(stderr.replaceAll(dir, "<dir>")).toContain(expected);
    else expect(stderr.replaceAll(dir, "<dir>")).toMatch(expected);
  };

  it.each([
    [
      "truncated JSON",
      "cut.json",
      '{"resource": {"google_storage_bucket": {"b": {',
      "expected valid JSON; found a document that ends early at line 1, column 47 (truncated?)",
    ],
    [
      "wrong types",
      "types.tf.json",
      '{"resource": {"google_storage_bucket": {"b": 42}}}',
      "at resource.google_storage_bucket.b: expected a block (an object); found number 42",
    ],
    [
      "binary garbage",
      "blob.json",
      "\u0000\u0001\u0002garbage",
      "expected a text file (JSON or HCL); found binary data (a NUL byte at offset 0 of 10 bytes)",
    ],
  ])("%s", async (_, name, content, expected) => {
    writeFileSync(join(dir, name), content);
    await failWith(["check", join(dir, name)], `<dir>/${name}: ${expected}\n`);
  });

  it("an unreadable path", async () => {
    await failWith(
      ["check", join(dir, "missing")],
      "<dir>/missing: cannot read the path: ENOENT (no such file or directory)\n",
    );
  });

  it("a bad waivers file", async () => {
    writeFileSync(join(dir, "w.yaml"), "waivers:\n  - control: TEST-01\n");
    await failWith(
      ["check", CDKTF_OUT, "--waivers", join(dir, "w.yaml")],
      /^<dir>\/w\.yaml: invalid waivers file\n {2}<dir>\/w\.yaml:2: waivers\[0\]\.resource: expected string; found nothing/,
    );
  });

  it("an unknown format, an unknown option, an unknown command", async () => {
    await failWith(
      ["check", CDKTF_OUT, "--format", "xml"],
      `baseline check: --format must be one of ${Object.keys(CHECK_FORMATS).join(", ")}; found "xml"\nUsage: baseline check [PATH...]`,
    );
    await failWith(["check", CDKTF_OUT, "--colour"], "baseline check: Unknown option '--colour'");
    await failWith(
      ["chek", CDKTF_OUT],
      `baseline: unknown command "chek"; expected one of ${COMMANDS.map((c) => c.name).join(", ")}\n`,
    );
    await failWith([], "Usage: baseline <command> [options]");
  });
});
