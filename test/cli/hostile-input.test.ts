import { execFileSync, spawn, spawnSync } from "node:child_process";
import {
  cpSync,
  lstatSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { baseline, inDirectory } from "../support/cli";

/** Inputs a careless user or an attacker gives: each is a precise error (exit 2) or the right verdict. */
const CDKTF_OUT = resolve("test/fixtures/cdktf-out");
const BIN = resolve("bin/baseline.js");

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), "baseline-hostile-"))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, content: string) => {
  writeFileSync(join(dir, name), content);
  return join(dir, name);
};

describe("input that declares nothing is not a pass", () => {
  test.each([
    ["a plan with no planned values", "null-plan.json", '{"planned_values":null}'],
    ["an empty plan", "empty-plan.json", '{"format_version":"1.2","planned_values":{"root_module":{}}}'],
    ["a .tf.json with only terraform", "only.tf.json", '{"terraform":{"required_version":">= 1.5"}}'],
    ["an empty .tf", "empty.tf", ""],
  ])("%s: exit 2, nothing was checked; --allow-empty accepts it", async (_, name, content) => {
    const file = write(name, content);
    const refused = await baseline(["check", file]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      `${file}: expected Terraform resources to check; found none (no control was evaluated). ` +
        "Pass --allow-empty to accept an input that declares nothing.\n",
    );
    const accepted = await baseline(["check", file, "--allow-empty"]);
    expect(accepted.code).toBe(0);
  });
});

describe("files that are not what they seem", () => {
  test("a character device is refused without reading it", async () => {
    const { code, stderr } = await baseline(["check", "/dev/zero"]);
    expect([code, stderr]).toEqual([2, "/dev/zero: expected a regular file; found a character device\n"]);
  });

  test("a file over the size limit is refused, naming the limit and how to raise it", async () => {
    const file = write(
      "big.tf.json",
      JSON.stringify({ resource: { x: { y: { pad: "a".repeat(300_000) } } } }),
    );
    const previous = process.env.BASELINE_MAX_INPUT_MB;
    process.env.BASELINE_MAX_INPUT_MB = "0.25";
    try {
      const { code, stderr } = await baseline(["check", file]);
      expect(code).toBe(2);
      expect(stderr).toBe(
        `${file}: expected a file of at most 0.3 MB (BASELINE_MAX_INPUT_MB raises the limit); found 0.3 MB\n`,
      );
    } finally {
      if (previous === undefined) delete process.env.BASELINE_MAX_INPUT_MB;
      else process.env.BASELINE_MAX_INPUT_MB = previous;
    }
  });

  test.each([
    [
      "UTF-16 text",
      Buffer.from("\ufeff{}", "utf16le"),
      "expected a text file (JSON or HCL) in UTF-8; found UTF-16 text (convert it to UTF-8)",
    ],
    ["an empty file", Buffer.alloc(0), "expected valid JSON; found an empty file"],
    [
      "bytes that are not UTF-8",
      Buffer.from([0x7b, 0xff, 0x7d]),
      "expected a text file (JSON or HCL) in UTF-8; found bytes that are not UTF-8",
    ],
  ])("%s is named as the cause", async (_, bytes, message) => {
    const file = join(dir, "odd.json");
    writeFileSync(file, bytes);
    const { code, stderr } = await baseline(["check", file]);
    expect([code, stderr]).toEqual([2, `${file}: ${message}\n`]);
  });

  test("JSON nested thousands of levels deep is refused with the path where it gets too deep", async () => {
    const file = write(
      "deep.tf.json",
      `{"resource":{"google_storage_bucket":{"b":{"x":${"[".repeat(5000)}${"]".repeat(5000)}}}}}`,
    );
    const { code, stderr } = await baseline(["check", file]);
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /^.*deep\.tf\.json: at resource\.google_storage_bucket\.b\.x(\[0\])+: expected values nested at most 256 levels deep; found deeper nesting\n$/,
    );
  });
});

describe("a cdktf.out whose manifest leaves a stack out", () => {
  test("is refused: the unlisted stack would go unchecked", async () => {
    const out = join(dir, "out");
    cpSync(CDKTF_OUT, out, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8"));
    delete manifest.stacks["prod-kms"];
    writeFileSync(join(out, "manifest.json"), JSON.stringify(manifest));
    const { code, stderr } = await baseline(["check", out]);
    expect([code, stderr]).toEqual([
      2,
      `${out}/manifest.json: at stacks: expected an entry for every synthesized stack; found none for stacks/prod-kms/cdk.tf.json, which would go unchecked\n`,
    ]);
  });
});

describe("--output never destroys what is there", () => {
  test("an output that is one of the inputs is refused and the input is left as it was", async () => {
    const out = join(dir, "self");
    cpSync(CDKTF_OUT, out, { recursive: true });
    const manifest = readFileSync(join(out, "manifest.json"), "utf8");
    const { code, stderr } = await baseline(["check", out, "--output", join(out, "manifest.json")]);
    expect(code).toBe(2);
    expect(stderr).toBe(
      `${out}/manifest.json: expected an output file that is not one of the inputs; found input ${out}\n`,
    );
    expect(readFileSync(join(out, "manifest.json"), "utf8")).toBe(manifest);
  });

  test("a FIFO is written into, not replaced by a regular file", async () => {
    const fifo = join(dir, "fifo");
    execFileSync("mkfifo", [fifo]);
    // The reader is another process, as for a real pipe: this one blocks while it writes.
    const copy = join(dir, "from-fifo.json");
    const reader = spawn("sh", ["-c", `cat "${fifo}" > "${copy}"`]);
    const finished = new Promise((done) => reader.on("exit", done));
    const { code } = await baseline(["check", CDKTF_OUT, "--format", "json", "--output", fifo]);
    expect(code).toBe(1);
    await finished;
    expect(JSON.parse(readFileSync(copy, "utf8")).summary.result).toBe("fail");
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  test("a full device gives a precise error and stays a device", async () => {
    const { code, stderr } = await baseline(["check", CDKTF_OUT, "--output", "/dev/full"]);
    expect([code, stderr]).toEqual([
      2,
      "/dev/full: cannot write the output: ENOSPC (no space left on the device)\n",
    ]);
    expect(lstatSync("/dev/full").isCharacterDevice()).toBe(true);
  });

  test("a symlink keeps pointing at the report, which replaces its target", async () => {
    const target = write("target.txt", "old");
    const link = join(dir, "link.txt");
    symlinkSync("target.txt", link);
    expect((await baseline(["check", CDKTF_OUT, "--output", link])).code).toBe(1);
    expect(readlinkSync(link)).toBe("target.txt");
    expect(readFileSync(target, "utf8")).toContain("Result: FAIL");
  });
});

describe("the command line itself", () => {
  test("a reader that leaves early (| head -1) ends the run quietly with the check's own exit code", () => {
    const run = spawnSync("bash", ["-c", `set -o pipefail; node ${BIN} check ${CDKTF_OUT} | head -c 10`], {
      encoding: "utf8",
    });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(1);
  });

  test("--version prints the package version", async () => {
    const { code, stdout } = await baseline(["--version"]);
    expect([code, stdout]).toEqual([0, `baseline ${require("../../package.json").version}\n`]);
  });

  test("check with no PATH checks cdktf.out in the working directory", async () => {
    const work = join(dir, "work");
    cpSync(CDKTF_OUT, join(work, "cdktf.out"), { recursive: true });
    const { code, stdout } = await inDirectory(work, () => baseline(["check"]));
    expect(code).toBe(1);
    expect(stdout).toContain("Stacks: prod-backup (3), prod-kms (3); 6 resources");
  });
});
