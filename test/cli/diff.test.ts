import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { CATALOGUE } from "../../policies/controls";
import { TEST_CATALOGUE } from "../report/support/controls";
import {
  mutatedCopy,
  removeTemporaryDirectories,
  resourceNamed,
  synthesizedBaseline,
  temporaryDirectory,
  writeCdktfOut,
} from "../report/support/cdktf-out";
import { estate } from "../report/support/evaluate";
import { baseline } from "../support/cli";

afterAll(removeTemporaryDirectories);

describe("baseline diff on small fixtures", () => {
  const before = writeCdktfOut(temporaryDirectory(), estate());
  const weakened = mutatedCopy(before, {
    "prod-kms": (json) => void (json.resource.google_kms_crypto_key.disks.rotation_period = "31536000s"),
  });
  const diff = (...args: string[]) => baseline(["diff", ...args], TEST_CATALOGUE);

  it("exits 1 on a regression and names the control, resource and attribute change", async () => {
    const { code, stdout, stderr } = await diff(before, weakened);
    expect(stderr).toBe("");
    expect(code).toBe(1);
    expect(stdout).toContain(
      [
        "Regressed",
        "  TST-01 Keys rotate every 90 days | or sooner [high]",
        "    prod-kms/google_kms_crypto_key.disks: pass → fail: rotates every 365 days, more than 90",
        "      rotation_period 7776000s → 31536000s",
      ].join("\n"),
    );
  });

  it("exits 0 on the reverse change, an improvement", async () => {
    const { code, stdout } = await diff(weakened, before);
    expect(code).toBe(0);
    expect(stdout.split("\n")[0]).toBe(
      "0 regressions, 1 improvement in 1 resource; 0 resources added, 0 removed; 7 findings unchanged",
    );
  });

  it("exits 0 with everything unchanged for identical inputs", async () => {
    const { code, stdout } = await diff(before, before);
    expect(code).toBe(0);
    expect(stdout).toBe(
      "0 regressions, 0 improvements in 0 resources; 0 resources added, 0 removed; 8 findings unchanged\n",
    );
  });

  it("writes the Markdown comment to --output and still exits 1", async () => {
    const out = join(temporaryDirectory(), "diff.md");
    const { code, stdout } = await diff(before, weakened, "--format", "markdown", "--output", out);
    expect(code).toBe(1);
    expect(stdout).toContain(`Wrote the markdown security diff to ${out}`);
    const { stdout: markdown } = await diff(before, weakened, "--format", "markdown");
    expect(markdown.split("\n")[0]).toBe(
      "🔴 1 regression, 🟢 0 improvements in 1 resource · 0 resources added, 0 removed · 7 findings unchanged",
    );
  });

  it("prints JSON a tool can gate on", async () => {
    const { stdout } = await diff(before, weakened, "--format", "json");
    expect(JSON.parse(stdout).summary).toEqual({
      regressed: 1,
      improved: 0,
      changed: 0,
      resources: 1,
      added: 0,
      removed: 0,
      unchanged: 7,
    });
  });

  it.each([
    [["only-one"], "diff needs exactly two paths, BEFORE and AFTER; found 1"],
    [["a", "b", "c"], "diff needs exactly two paths, BEFORE and AFTER; found 3"],
    [["a", "b", "--format", "html"], '--format must be one of text, markdown, json; found "html"'],
  ])("exits 2 on bad usage %j", async (args, message) => {
    const { code, stderr } = await diff(...args);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(stderr).toContain("Usage: baseline diff BEFORE AFTER");
  });

  it("exits 2 naming the file when an input is missing or malformed", async () => {
    const missing = join(temporaryDirectory(), "nope");
    expect(await diff(before, missing)).toMatchObject({
      code: 2,
      stderr: expect.stringContaining(`${missing}: cannot read the path`),
    });
    const broken = mutatedCopy(before, {});
    writeFileSync(join(broken, "stacks", "prod-kms", "cdk.tf.json"), '{"resource": {');
    const { code, stderr } = await diff(before, broken);
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /stacks\/prod-kms\/cdk\.tf\.json: expected valid JSON; found a document that ends early/,
    );
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});

describe("baseline diff on the synthesized baseline", () => {
  const base = synthesizedBaseline();
  let key = "";
  let backend = "";
  const head = mutatedCopy(base, {
    "prod-kms": (json) => {
      key = resourceNamed(
        json,
        "google_kms_crypto_key",
        (k) => k.name === "disks" && /primary/.test(k.key_ring),
      );
      json.resource.google_kms_crypto_key[key].rotation_period = "31536000s";
    },
    "prod-edge": (json) => {
      backend = resourceNamed(json, "google_compute_backend_service", (b) => b.security_policy !== undefined);
      delete json.resource.google_compute_backend_service[backend].security_policy;
    },
  });

  it("exits 1 when a key's rotation goes to 365 days and a backend loses its Cloud Armor policy", async () => {
    const { code, stdout, stderr } = await baseline(["diff", base, head], CATALOGUE);
    expect(stderr).toBe("");
    expect(code).toBe(1);
    expect(stdout).toContain(`prod-kms/google_kms_crypto_key.${key}: pass → fail`);
    expect(stdout).toContain("rotation_period 7776000s → 31536000s");
    expect(stdout).toContain(`prod-edge/google_compute_backend_service.${backend}: pass → fail`);
    expect(stdout).toMatch(/security_policy "\$\{google_compute_security_policy\.[\w-]+\.id\}" → \(absent\)/);
  });

  it("exits 0 when nothing changed", async () => {
    const { code, stdout } = await baseline(["diff", base, mutatedCopy(base, {})], CATALOGUE);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^0 regressions, 0 improvements in 0 resources; 0 resources added, 0 removed; \d+ findings unchanged\n$/,
    );
  });
});
