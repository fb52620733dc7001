import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CATALOGUE } from "../../policies/controls";
import { TEST_CATALOGUE } from "../report/support/controls";
import {
  removeTemporaryDirectories,
  synthesizedBaseline,
  temporaryDirectory,
  writeCdktfOut,
} from "../report/support/cdktf-out";
import { estate } from "../report/support/evaluate";
import { baseline } from "../support/cli";

afterAll(removeTemporaryDirectories);

describe("baseline matrix on small fixtures", () => {
  const stacks = estate();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  (stacks["prod-kms"] as any).resource.google_kms_crypto_key.disks.rotation_period = "31536000s";
  const input = writeCdktfOut(temporaryDirectory(), stacks);
  const matrix = (...args: string[]) => baseline(["matrix", ...args], TEST_CATALOGUE);

  it("prints the Markdown checklist by default and exits 0 even when a control fails", async () => {
    const { code, stdout } = await matrix(input);
    expect(code).toBe(0);
    expect(stdout).toContain("- **prod (production)**: ❌ fail 1, ✅ pass 2");
    expect(stdout).toMatch(/^\| \*\*TST-01\*\* Keys rotate .*\| ❌ fail \| ✅ pass \|/m);
  });

  it("prints JSON with one entry per control", async () => {
    const { stdout } = await matrix(input, "--format", "json");
    const json = JSON.parse(stdout);
    expect(json.controls.map((c: { id: string }) => c.id)).toEqual(["TST-01", "TST-02", "TST-03"]);
    expect(json.controls[0].status).toEqual({ prod: "fail", staging: "pass" });
  });

  it("writes the HTML page to --output", async () => {
    const out = join(temporaryDirectory(), "security.html");
    const { code, stdout } = await matrix(input, "--format", "html", "--output", out);
    expect(code).toBe(0);
    expect(stdout).toBe(`Wrote the html control matrix (3 controls) to ${out}\n`);
    expect(readFileSync(out, "utf8")).toMatch(/^<!doctype html>/);
  });

  it.each([
    [[], "matrix needs at least one PATH"],
    [["x", "--format", "pdf"], '--format must be one of markdown, json, html; found "pdf"'],
  ])("exits 2 on bad usage %j", async (args, message) => {
    const { code, stderr } = await matrix(...args);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });

  it("exits 2 naming an unreadable input", async () => {
    const { code, stderr } = await matrix(join(input, "missing"));
    expect(code).toBe(2);
    expect(stderr).toContain("missing: cannot read the path");
  });
});

describe("the control matrix of the default configuration", () => {
  it("has one row per control of the catalogue", async () => {
    const { code, stdout } = await baseline(["matrix", synthesizedBaseline(), "--format", "json"], CATALOGUE);
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.controls.map((c: { id: string }) => c.id)).toEqual(CATALOGUE.map((c) => c.id));
    expect(json.environments).toEqual(expect.arrayContaining(["prod", "staging"]));
  });

  /**
   * The policy snapshot: every published claim, how the baseline implements it, its status per environment
   * and the resources proving it. A change that weakens a control (a status that is no longer pass, a resource
   * no longer covered, a claim or implementation reworded) shows up here as a snapshot diff in review.
   */
  it("matches the reviewed snapshot", async () => {
    const { stdout } = await baseline(["matrix", synthesizedBaseline(), "--format", "json"], CATALOGUE);
    expect(JSON.parse(stdout)).toMatchSnapshot();
  });
});
