import { basename, dirname, join } from "node:path";
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
import { sarifProblems } from "../report/support/sarif-shape";
import { baseline, inDirectory } from "../support/cli";

afterAll(removeTemporaryDirectories);

describe("baseline check --format sarif", () => {
  it("writes a valid SARIF log with the check's exit code, located at each resource's file and line", async () => {
    const stacks = estate();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    delete (stacks["staging-edge"] as any).resource.google_compute_backend_service.api.security_policy;
    const dir = temporaryDirectory();
    writeCdktfOut(join(dir, "cdktf.out"), stacks);
    const { code, stdout } = await inDirectory(dir, () =>
      baseline(["check", "./cdktf.out/", "--format", "sarif"], TEST_CATALOGUE),
    );
    expect(code).toBe(1);
    const sarif = JSON.parse(stdout);
    expect(sarifProblems(sarif)).toEqual([]);
    expect(sarif.runs[0].results).toEqual([
      expect.objectContaining({
        ruleId: "TST-02",
        level: "error",
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: "cdktf.out/stacks/staging-edge/cdk.tf.json" },
              region: { startLine: 9 },
            },
            logicalLocations: [
              {
                name: "google_compute_backend_service.api",
                fullyQualifiedName: "staging-edge/google_compute_backend_service.api",
                kind: "resource",
              },
            ],
          },
        ],
      }),
    ]);
    expect(stdout).not.toContain(dir);
  });

  it("on the synthesized baseline: one rule per control, a result for a weakened key, no absolute path", async () => {
    const weakened = mutatedCopy(synthesizedBaseline(), {
      "prod-kms": (json) => {
        const key = resourceNamed(
          json,
          "google_kms_crypto_key",
          (k) => k.name === "logs" && /primary/.test(k.key_ring),
        );
        json.resource.google_kms_crypto_key[key].rotation_period = "31536000s";
      },
    });
    // Given as an absolute path, located relative to the working directory.
    const { code, stdout } = await inDirectory(dirname(weakened), () =>
      baseline(["check", weakened, "--format", "sarif"], CATALOGUE),
    );
    expect(code).toBe(1);
    const sarif = JSON.parse(stdout);
    expect(sarifProblems(sarif)).toEqual([]);
    expect(sarif.runs[0].tool.driver.rules).toHaveLength(CATALOGUE.length);
    const rotation = sarif.runs[0].results.filter((r: { ruleId: string }) => r.ruleId === "ENC-02");
    expect(rotation).toHaveLength(1);
    expect(rotation[0].locations[0].physicalLocation.artifactLocation.uri).toBe(
      `${basename(weakened)}/stacks/prod-kms/cdk.tf.json`,
    );
    expect(rotation[0].locations[0].physicalLocation.region.startLine).toBeGreaterThan(1);
    // The synthesized file is not in the repository; the construct path leads back to the source.
    expect(rotation[0].properties.constructPath).toMatch(/^prod-kms\//);
    expect(rotation[0].message.text).toContain(`Construct: ${rotation[0].properties.constructPath}`);
    expect(stdout).not.toContain(weakened);
    expect(stdout).not.toMatch(/"\/(tmp|home|root|work)\//);
  });
});
