import { baselineText, editBaseline, problemsOf } from "../support/baseline-text";
import { defaultConfig } from "../support/synth";

/** One broken field → exactly the expected problems, each naming the file, line, YAML path and found value. */
function expectProblems(from: string, to: string, expected: (line: number) => string[]): void {
  const { text, line } = editBaseline(from, to);
  expect(problemsOf(text)).toEqual(expected(line));
}

describe("baseline.yaml rules", () => {
  test("the embedded default is valid and resolves both environments", () => {
    const config = defaultConfig();
    expect(config.environments.map((env) => env.name)).toEqual(["staging", "prod"]);
    // An environment override replaces one field and keeps the top-level defaults for the rest.
    const prod = config.environments[1];
    expect(prod.vault.nodes).toBe(5);
    expect(prod.vault.machineType).toBe(config.environments[0].vault.machineType);
  });

  test("a value of the wrong type", () => {
    expectProblems("      nodes: 5", "      nodes: five", (line) => [
      `baseline.yaml:${line}: environments.prod.vault.nodes: expected number, received string; found "five"`,
    ]);
  });

  test("an unknown key is rejected with the closest known key", () => {
    const lines = baselineText().split("\n");
    const at = lines.indexOf("stateBackend:");
    lines.splice(at + 1, 0, '  projectNumbr: "100000000001"');
    expect(problemsOf(lines.join("\n"))).toEqual([
      `baseline.yaml:${at + 2}: stateBackend.projectNumbr: unknown key "projectNumbr" ` +
        `(did you mean "projectNumber"?); expected one of: projectId, projectNumber, region`,
    ]);
  });

  test("a misspelt key reports both the unknown key and the value now missing", () => {
    const { text, line } = editBaseline("  region: europe-west2", "  regoin: europe-west2");
    // The missing key has no line of its own: it is reported where its mapping starts.
    const mappingStart = text.split("\n").indexOf("stateBackend:") + 2;
    expect(problemsOf(text)).toEqual([
      `baseline.yaml:${mappingStart}: stateBackend.region: missing required value (expected string)`,
      `baseline.yaml:${line}: stateBackend.regoin: unknown key "regoin" (did you mean "region"?); ` +
        "expected one of: projectId, projectNumber, region",
    ]);
  });

  test("the backup region must differ from the primary region", () => {
    expectProblems("    backupRegion: europe-west1", "    backupRegion: europe-west2", (line) => [
      `baseline.yaml:${line}: environments.staging.backupRegion: backupRegion must differ from primaryRegion ` +
        `(expected a region other than europe-west2); found "europe-west2"`,
    ]);
  });

  test("the backup region must be one of allowedRegions", () => {
    expectProblems("    backupRegion: europe-west1", "    backupRegion: europe-west3", (line) => [
      `baseline.yaml:${line}: environments.staging.backupRegion: backupRegion must be one of allowedRegions ` +
        `(expected one of europe-west2, europe-west1); found "europe-west3"`,
    ]);
  });

  test("the primary region must be one of allowedRegions", () => {
    expectProblems("    primaryRegion: europe-west2", "    primaryRegion: us-central1", (line) => [
      `baseline.yaml:${line}: environments.staging.primaryRegion: primaryRegion must be one of allowedRegions ` +
        `(expected one of europe-west2, europe-west1); found "us-central1"`,
    ]);
  });

  test("subnet ranges must not overlap", () => {
    expectProblems("        data: 10.10.18.0/24", "        data: 10.10.16.128/25", (line) => [
      `baseline.yaml:${line}: environments.staging.network.subnets.data: CIDR overlaps network.subnets.vault ` +
        `(10.10.16.0/24); expected a range disjoint from every other subnet; found "10.10.16.128/25"`,
    ]);
  });

  test("a CIDR must be valid, with no host bits set", () => {
    expectProblems("        data: 10.10.18.0/24", "        data: 10.10.18.1/24", (line) => [
      `baseline.yaml:${line}: environments.staging.network.subnets.data: expected an IPv4 CIDR block with no ` +
        `host bits set, such as 10.0.0.0/20; found "10.10.18.1/24"`,
    ]);
  });

  test("key rotation of 365 days is refused (at most 90)", () => {
    expectProblems("  rotationDays: 90", "  rotationDays: 365", (line) => [
      `baseline.yaml:${line}: kms.rotationDays: key rotation must be 90 days or fewer; found 365`,
    ]);
  });

  // The backups and vault sections belong to their components, which word their own messages: pin the
  // file, line, path, the limit and the value found, not the prose.
  test("backup retention of 7 days is refused (at least 30)", () => {
    const { text, line } = editBaseline("  retentionDays: 30", "  retentionDays: 7");
    expect(problemsOf(text)).toEqual([
      expect.stringMatching(
        new RegExp(`^baseline\\.yaml:${line}: backups\\.retentionDays: .*\\b30 days\\b.*; found 7$`),
      ),
    ]);
  });

  test.each([2, 4])("a Vault cluster of %i nodes is refused (odd, at least 3)", (nodes) => {
    const { text, line } = editBaseline("  nodes: 3", `  nodes: ${nodes}`);
    expect(problemsOf(text)).toEqual([
      expect.stringMatching(
        new RegExp(`^baseline\\.yaml:${line}: vault\\.nodes: .*\\b3 or 5\\b.*; found ${nodes}$`),
      ),
    ]);
  });

  test("a project ID must follow GCP's format", () => {
    expectProblems("    projectId: acme-sec-staging", "    projectId: Acme_Staging", (line) => [
      `baseline.yaml:${line}: environments.staging.projectId: expected a GCP project ID: 6-30 lowercase ` +
        `letters, digits or hyphens, starting with a letter; found "Acme_Staging"`,
    ]);
  });
});
