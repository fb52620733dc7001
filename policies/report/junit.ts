import type { Control } from "../control";
import type { CheckedFinding, CheckReport } from "../engine/check";
import { escapeMarkup as esc } from "./html-escape";
import type { RenderContext } from "./context";
import { appendTo } from "../../lib/multimap";

/**
 * `baseline check --format junit`: JUnit XML for CI test reports (GitLab, Jenkins, Azure DevOps). One
 * `<testsuite>` per control, one `<testcase>` per resource it judged: a `<failure>` when the finding fails
 * the check (fail, or unknown at or above --unknown-fails), `<skipped>` when not applicable, waived or an
 * unknown below that threshold, nothing when it passes. So the report is red exactly when the check is.
 */
export function renderCheckJunit(report: CheckReport, context: RenderContext): string {
  const byControl = new Map<string, CheckedFinding[]>();
  for (const f of report.findings) appendTo(byControl, f.control, f);
  const suites = context.controls.map((control) => suite(control, byControl.get(control.id) ?? []));
  const total = count(report.findings);
  const { types } = report.summary.unjudged;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="gcp-security-baseline" tests="${total.tests + types.length}" failures="${total.failures}" errors="0" skipped="${total.skipped + types.length}">`,
    ...suites,
    ...(types.length > 0 ? [unjudgedSuite(types)] : []),
    "</testsuites>",
    "",
  ].join("\n");
}

/** Resource types no control judges: one skipped test case per type, so CI reports show what went unchecked. */
function unjudgedSuite(types: CheckReport["summary"]["unjudged"]["types"]): string {
  const resources = types.reduce((n, t) => n + t.resources, 0);
  return [
    `  <testsuite name="Resource types no control judges" tests="${types.length}" failures="0" errors="0" skipped="${types.length}">`,
    ...types.map(
      (t) =>
        `    <testcase name="${esc(t.type)}" classname="unjudged">\n      <skipped message="${esc(
          `${t.resources} resource${t.resources === 1 ? "" : "s"} of type ${t.type}: no control judges this type`,
        )}"/>\n    </testcase>`,
    ),
    `    <system-out>${esc(`${resources} resource${resources === 1 ? "" : "s"} of types no control judges: ${types.map((t) => `${t.type} (${t.resources})`).join(", ")}`)}</system-out>`,
    "  </testsuite>",
  ].join("\n");
}

function suite(control: Control, findings: readonly CheckedFinding[]): string {
  const { tests, failures, skipped } = count(findings);
  return [
    `  <testsuite name="${esc(`${control.id} ${control.title}`)}" tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}">`,
    `    <properties><property name="severity" value="${control.severity}"/><property name="claim" value="${esc(control.claim)}"/></properties>`,
    ...findings.map(testcase),
    "  </testsuite>",
  ].join("\n");
}

function testcase(f: CheckedFinding): string {
  const file = f.source
    ? ` file="${esc(f.source.file)}"${f.source.line ? ` line="${f.source.line}"` : ""}`
    : "";
  const open = `    <testcase name="${esc(f.resource)}" classname="${esc(`${f.control}.${f.environment}`)}"${file}`;
  if (f.failsCheck) {
    const details = [
      f.message,
      ...f.evidence.map((e) => `evidence: ${e.path} = ${JSON.stringify(e.value)}`),
      ...(f.constructPath ? [`construct: ${f.constructPath}`] : []),
      `fix: ${f.remediation}`,
    ].join("\n");
    return `${open}>\n      <failure message="${esc(f.message)}" type="${f.status}">${esc(details)}</failure>\n    </testcase>`;
  }
  if (f.status === "pass") return `${open}/>`;
  const why = f.waiver
    ? `waived until ${f.waiver.expires} by ${f.waiver.owner}: ${f.waiver.reason}`
    : `${f.status}: ${f.message}`;
  return `${open}>\n      <skipped message="${esc(why)}"/>\n    </testcase>`;
}

function count(findings: readonly CheckedFinding[]): { tests: number; failures: number; skipped: number } {
  const failures = findings.filter((f) => f.failsCheck).length;
  const skipped = findings.filter((f) => !f.failsCheck && f.status !== "pass").length;
  return { tests: findings.length, failures, skipped };
}
