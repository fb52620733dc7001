import { createHash } from "node:crypto";
import { isAbsolute, relative, sep } from "node:path";
import { FAMILIES, type Control, type Severity } from "../control";
import type { CheckedFinding, CheckReport } from "../engine/check";
import type { RenderContext } from "./context";
import { unjudgedText } from "./text";

type Level = "error" | "warning" | "note";

const LEVEL: Record<Severity, Level> = { critical: "error", high: "error", medium: "warning", low: "note" };

/** GitHub code scanning ranks alerts by this number (critical ≥ 9.0, high ≥ 7.0, medium ≥ 4.0). */
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: "9.5",
  high: "8.0",
  medium: "5.5",
  low: "3.0",
};

/**
 * `baseline check --format sarif`: SARIF 2.1.0 for code scanning (GitHub, GitLab, Azure DevOps). One rule
 * per control; a result per finding that fails the check or is waived (as an accepted suppression), located
 * at the resource's file and line, with the resource address as the logical location. Passing findings are
 * not results: SARIF reports problems.
 */
export function renderCheckSarif(report: CheckReport, context: RenderContext): string {
  const ruleIndex = new Map(context.controls.map((c, i) => [c.id, i]));
  const fallbackFile = environmentFiles(report.findings);
  const results = report.findings
    .filter((f) => f.failsCheck || f.status === "waived" || f.status === "unknown")
    .map((f) => sarifResult(f, context.controls[ruleIndex.get(f.control) ?? -1], ruleIndex, fallbackFile));
  const sarif = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "gcp-security-baseline", rules: context.controls.map(sarifRule) } },
        // What the run could not judge is a note about the run, not a problem in a file.
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications(report) }],
        results,
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

function notifications(report: CheckReport) {
  const unjudged = unjudgedText(report.summary);
  if (unjudged === undefined) return [];
  return [
    {
      descriptor: { id: "unjudged-resource-types" },
      level: "note",
      message: { text: `${unjudged[0].toUpperCase()}${unjudged.slice(1)}: they pass without being checked.` },
      properties: { types: report.summary.unjudged.types },
    },
  ];
}

function sarifRule(control: Control) {
  const { cis, checkov, trivy } = control.references;
  const references = [
    cis.length > 0 ? `CIS Google Cloud Platform Foundation Benchmark: ${cis.join(", ")}` : undefined,
    checkov.length > 0 ? `checkov: ${checkov.join(", ")}` : undefined,
    trivy.length > 0 ? `trivy: ${trivy.join(", ")}` : undefined,
  ].filter((line): line is string => line !== undefined);
  const family = control.id.replace(/-\d+$/, "");
  return {
    id: control.id,
    name: control.title,
    shortDescription: { text: control.title },
    fullDescription: { text: control.claim },
    help: {
      text: [
        control.rationale,
        `Remediation: ${control.remediation}`,
        `How the baseline does it: ${control.implementation}`,
        ...references.map((r) => `Reference: ${r}`),
      ].join("\n\n"),
      markdown: [
        `**${control.claim}**`,
        control.rationale,
        `**Remediation.** ${control.remediation}`,
        `**How the baseline does it.** ${control.implementation}`,
        ...(references.length > 0 ? [`**References**\n\n${references.map((r) => `- ${r}`).join("\n")}`] : []),
      ].join("\n\n"),
    },
    defaultConfiguration: { level: LEVEL[control.severity] },
    properties: {
      tags: [
        "security",
        "gcp",
        family,
        ...(family in FAMILIES ? [FAMILIES[family as keyof typeof FAMILIES]] : []),
      ],
      "security-severity": SECURITY_SEVERITY[control.severity],
      precision: "very-high",
      references: { cis: [...cis], checkov: [...checkov], trivy: [...trivy] },
    },
  };
}

function sarifResult(
  f: CheckedFinding,
  control: Control | undefined,
  ruleIndex: ReadonlyMap<string, number>,
  fallbackFile: ReadonlyMap<string, string>,
) {
  const file = f.source?.file ?? fallbackFile.get(f.environment);
  const address = f.resource.slice(f.resource.indexOf("/") + 1);
  const evidence = f.evidence.map((e) => `${e.path} = ${JSON.stringify(e.value)}`);
  return {
    ruleId: f.control,
    ...(ruleIndex.has(f.control) ? { ruleIndex: ruleIndex.get(f.control) } : {}),
    // What fails the check is reported at the rule's level; an unknown below the threshold is a note.
    level: f.failsCheck || f.status === "waived" ? LEVEL[f.severity] : "note",
    message: {
      text: [
        `${f.resource}: ${f.status === "unknown" ? "cannot be proved before apply: " : ""}${f.message}`,
        ...(evidence.length > 0 ? [`Evidence: ${evidence.join("; ")}`] : []),
        // Synthesized JSON is not in the repository: the construct path is what leads back to the source.
        ...(f.constructPath ? [`Construct: ${f.constructPath}`] : []),
        ...(control ? [`Fix: ${control.remediation}`] : []),
      ].join("\n"),
    },
    locations: [
      {
        ...(file
          ? {
              physicalLocation: {
                artifactLocation: { uri: artifactUri(file) },
                ...(f.source?.line ? { region: { startLine: f.source.line } } : {}),
              },
            }
          : {}),
        logicalLocations: [
          {
            name: address,
            fullyQualifiedName: f.resource,
            kind: f.resource === `${f.environment}/project` ? "module" : "resource",
          },
        ],
      },
    ],
    // Stable across runs even when lines move, so code scanning tracks one alert per control and resource.
    partialFingerprints: { "baselineFinding/v1": fingerprint(f) },
    ...(f.waiver
      ? {
          suppressions: [
            {
              kind: "external",
              status: "accepted",
              justification: `${f.waiver.reason} (owner ${f.waiver.owner}, expires ${f.waiver.expires})`,
            },
          ],
        }
      : {}),
    properties: {
      environment: f.environment,
      status: f.status,
      severity: f.severity,
      ...(f.constructPath ? { constructPath: f.constructPath } : {}),
    },
  };
}

/**
 * Project-level findings have no resource, hence no file; code scanning still needs one, so they point at
 * the first file of their environment (the first stack's configuration).
 */
function environmentFiles(findings: readonly CheckedFinding[]): Map<string, string> {
  const files = new Map<string, string>();
  for (const f of findings) {
    const known = files.get(f.environment);
    if (f.source && (known === undefined || f.source.file < known)) files.set(f.environment, f.source.file);
  }
  return files;
}

/** A repository-relative URI with forward slashes: SARIF viewers resolve it against the checkout. */
export function artifactUri(file: string): string {
  const relativeFile = isAbsolute(file) ? relative(process.cwd(), file) : file;
  return relativeFile.split(sep).join("/").split("/").map(encodeURIComponent).join("/");
}

function fingerprint(f: CheckedFinding): string {
  return createHash("sha256").update(`${f.control}\u0000${f.resource}`).digest("hex").slice(0, 32);
}
