import { renderCheckJunit } from "../../policies/report/junit";
import { renderCheckMarkdown } from "../../policies/report/markdown";
import { renderCheckSarif } from "../../policies/report/sarif";
import { xmlProblem } from "../support/well-formed-xml";
import { TEST_CATALOGUE } from "./support/controls";
import { estate, evaluate } from "./support/evaluate";
import { mixedCheck } from "./support/mixed-report";
import { sarifProblems } from "./support/sarif-shape";

const context = { controls: TEST_CATALOGUE };
const { report } = mixedCheck();
const ABSOLUTE_PATH = /(^|[\s"'(=])\/(?:home|root|tmp|work|usr|var)\//m;

describe("SARIF", () => {
  const sarif = JSON.parse(renderCheckSarif(report, context));
  const results = sarif.runs[0].results;

  it("is a structurally valid SARIF 2.1.0 log", () => {
    expect(sarifProblems(sarif)).toEqual([]);
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0].tool.driver.name).toBe("gcp-security-baseline");
  });

  it("has one rule per control with help, references and a level from the severity", () => {
    const rules = sarif.runs[0].tool.driver.rules;
    expect(rules.map((r: { id: string }) => r.id)).toEqual(["TST-01", "TST-02", "TST-03"]);
    expect(
      rules.map((r: { defaultConfiguration: { level: string } }) => r.defaultConfiguration.level),
    ).toEqual(["error", "error", "warning"]);
    expect(rules[0].help.text).toContain('Remediation: Set rotation_period to "7776000s".');
    expect(rules[0].help.markdown).toContain("CIS Google Cloud Platform Foundation Benchmark: 1.10");
    expect(rules[0].help.markdown).toContain("checkov: CKV_GCP_43");
    expect(rules[0].help.markdown).toContain("trivy: AVD-GCP-0065");
    expect(rules[0].properties.tags).toEqual(expect.arrayContaining(["security", "TST"]));
  });

  it("reports failing, unknown and waived findings, located at the resource's file, line and address", () => {
    const byResource = Object.fromEntries(
      results.map((r: { locations: { logicalLocations: { fullyQualifiedName: string }[] }[] }) => [
        r.locations[0].logicalLocations[0].fullyQualifiedName,
        r,
      ]),
    );
    expect(Object.keys(byResource).sort()).toEqual([
      "prod-edge/google_compute_backend_service.api",
      "prod-kms/google_kms_crypto_key.backups",
      "prod-kms/google_kms_crypto_key.disks",
      'staging-kms/google_kms_crypto_key.odd<&>"\u0007',
      "staging/project",
    ]);
    const disks = byResource["prod-kms/google_kms_crypto_key.disks"];
    expect(disks).toMatchObject({
      ruleId: "TST-01",
      level: "error",
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: "cdktf.out/stacks/prod-kms/cdk.tf.json" },
            region: { startLine: 7 },
          },
          logicalLocations: [{ name: "google_kms_crypto_key.disks", kind: "resource" }],
        },
      ],
    });
    expect(byResource["prod-kms/google_kms_crypto_key.backups"].properties.status).toBe("unknown");
    expect(byResource["prod-edge/google_compute_backend_service.api"].suppressions).toEqual([
      {
        kind: "external",
        status: "accepted",
        justification:
          'Armor policy <pending> & reviewed by the "edge" team (owner edge-team, expires 2026-12-31)',
      },
    ]);
    // A project-level finding has no file of its own: it points at its environment's first stack file.
    expect(byResource["staging/project"].locations[0].physicalLocation.artifactLocation.uri).toBe(
      "cdktf.out/stacks/staging-edge/cdk.tf.json",
    );
  });

  it("fingerprints each control and resource the same way run after run, and only once", () => {
    const prints = results.map(
      (r: { partialFingerprints: Record<string, string> }) => r.partialFingerprints["baselineFinding/v1"],
    );
    expect(new Set(prints).size).toBe(prints.length);
    expect(JSON.parse(renderCheckSarif(mixedCheck().report, context))).toEqual(sarif);
  });

  it("has no result when every control passes", () => {
    const clean = JSON.parse(renderCheckSarif(evaluate(estate()).report, context));
    expect(sarifProblems(clean)).toEqual([]);
    expect(clean.runs[0].results).toEqual([]);
  });
});

describe("JUnit XML", () => {
  const xml = renderCheckJunit(report, context);

  it("is well-formed XML, with markup and control characters in names and messages escaped", () => {
    expect(xmlProblem(xml)).toBeUndefined();
    expect(xml).toContain('name="staging-kms/google_kms_crypto_key.odd&lt;&amp;&gt;&quot;\uFFFD"');
  });

  it("has one testsuite per control and a testcase per resource, failing exactly what fails the check", () => {
    // Three controls, then the suite of the types no control judges (the two Armor policies).
    expect(xml.match(/<testsuite /g)).toHaveLength(4);
    expect(xml).toMatch(
      /^<testsuites name="gcp-security-baseline" tests="10" failures="4" errors="0" skipped="2">$/m,
    );
    const suite = (id: string) =>
      xml.slice(
        xml.indexOf(`<testsuite name="${id}`),
        xml.indexOf("</testsuite>", xml.indexOf(`<testsuite name="${id}`)),
      );
    expect(suite("TST-01")).toMatch(/tests="5" failures="3" errors="0" skipped="0"/);
    expect(suite("TST-01")).toContain('<failure message="rotates every 365 days, more than 90" type="fail">');
    expect(suite("TST-01")).toContain('type="unknown"');
    expect(suite("TST-02")).toContain(
      '<skipped message="waived until 2026-12-31 by edge-team: Armor policy &lt;pending&gt;',
    );
    expect(suite("TST-03")).toContain('<testcase name="staging/project" classname="TST-03.staging">');
  });

  it("reports the resource types no control judges as skipped test cases, with a system-out line", () => {
    const suite = xml.slice(xml.indexOf('<testsuite name="Resource types no control judges"'));
    expect(suite).toMatch(
      /^<testsuite name="Resource types no control judges" tests="1" failures="0" errors="0" skipped="1">/,
    );
    expect(suite).toContain(
      '<testcase name="google_compute_security_policy" classname="unjudged">\n      <skipped message="2 resources of type google_compute_security_policy: no control judges this type"/>',
    );
    expect(suite).toContain(
      "<system-out>2 resources of types no control judges: google_compute_security_policy (2)</system-out>",
    );
  });

  it("is stable and free of absolute paths", () => {
    expect(renderCheckJunit(mixedCheck().report, context)).toBe(xml);
    expect(xml).not.toMatch(ABSOLUTE_PATH);
  });
});

describe("Markdown summary", () => {
  const markdown = renderCheckMarkdown(report, context);

  it("starts with the verdict, then counts, then a collapsible block per control to act on", () => {
    expect(markdown.split("\n")[0]).toBe(
      "❌ **Security baseline: FAIL**: 4 failing findings (3 controls on 10 resources)",
    );
    expect(markdown.match(/<details>/g)).toHaveLength(3);
    expect(markdown).toContain("| ❌ fail | 2 | 3 |");
    expect(markdown).not.toMatch(ABSOLUTE_PATH);
    expect(markdown).toMatchSnapshot();
  });

  it("says PASS when nothing fails", () => {
    expect(renderCheckMarkdown(evaluate(estate()).report, context).split("\n")[0]).toBe(
      "✅ **Security baseline: PASS**: 3 controls on 10 resources",
    );
  });
});
