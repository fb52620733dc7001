import { basename, dirname } from "node:path";
import { CATALOGUE } from "../../policies/controls";
import { TEST_CATALOGUE } from "../report/support/controls";
import {
  removeTemporaryDirectories,
  synthesizedBaseline,
  temporaryDirectory,
  writeCdktfOut,
} from "../report/support/cdktf-out";
import { estate } from "../report/support/evaluate";
import { baseline, inDirectory } from "../support/cli";
import { xmlProblem } from "../support/well-formed-xml";

afterAll(removeTemporaryDirectories);

describe("baseline check --format junit", () => {
  it("writes well-formed JUnit XML with the check's exit code", async () => {
    const stacks = estate();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    (stacks["prod-kms"] as any).resource.google_kms_crypto_key.disks.rotation_period = "31536000s";
    const input = writeCdktfOut(temporaryDirectory(), stacks);
    const { code, stdout } = await baseline(["check", input, "--format", "junit"], TEST_CATALOGUE);
    expect(code).toBe(1);
    expect(xmlProblem(stdout)).toBeUndefined();
    expect(stdout).toContain(
      // 8 findings, and the two Armor policies no test control judges as one skipped test case.
      '<testsuites name="gcp-security-baseline" tests="9" failures="1" errors="0" skipped="1">',
    );
    expect(stdout).toContain('<failure message="rotates every 365 days, more than 90" type="fail">');
  });

  it("on the synthesized baseline: one testsuite per control and one of unjudged types, well-formed, no absolute path", async () => {
    const input = synthesizedBaseline();
    const { stdout } = await inDirectory(dirname(input), () =>
      baseline(["check", input, "--format", "junit"], CATALOGUE),
    );
    expect(xmlProblem(stdout)).toBeUndefined();
    expect(stdout).toMatch(
      new RegExp(` file="${basename(input)}/stacks/prod-network/cdk\\.tf\\.json" line="\\d+"`),
    );
    expect(stdout.match(/<testsuite /g)).toHaveLength(CATALOGUE.length + 1);
    expect(stdout).toContain('<testsuite name="Resource types no control judges"');
    expect(stdout).not.toContain(synthesizedBaseline());
    expect(stdout).not.toMatch(/"\/(tmp|home|root|work)\//);
  });
});
