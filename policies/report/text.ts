import type { CheckedFinding, CheckReport, CheckSummary } from "../engine/check";
import type { Waiver } from "../load/waivers";

const LABEL: Record<CheckedFinding["status"], string> = {
  fail: "FAIL",
  unknown: "UNKNOWN",
  waived: "WAIVED",
  pass: "PASS",
  "not-applicable": "N/A",
};

/**
 * The check for a terminal: every finding that needs a reader's attention (fail, unknown, waived) with its
 * evidence, construct path and fix; then waiver problems and the summary. Passes are counted, not listed.
 */
export function renderCheckText(report: CheckReport): string {
  const lines: string[] = [];
  for (const f of report.findings.filter(
    (f) => f.status === "fail" || f.status === "unknown" || f.status === "waived",
  )) {
    lines.push(...findingLines(f), "");
  }
  if (report.waivers.expired.length > 0) {
    lines.push("Expired waivers (they waive nothing and fail the check; renew or remove them):");
    lines.push(...report.waivers.expired.map(waiverLine), "");
  }
  if (report.waivers.stale.length > 0) {
    lines.push(
      "Stale waivers (they match no failing finding; remove them — they fail the check with --strict):",
    );
    lines.push(...report.waivers.stale.map(waiverLine), "");
  }
  lines.push(...summaryLines(report.summary));
  return `${lines.join("\n")}\n`;
}

function findingLines(f: CheckedFinding): string[] {
  const label = f.status === "unknown" && f.failsCheck ? "UNKNOWN (fails the check)" : LABEL[f.status];
  const lines = [`${label}  ${f.control} [${f.severity}]  ${f.resource}`, `    ${f.message}`];
  for (const e of f.evidence)
    lines.push(`    evidence: ${e.path} = ${e.value === undefined ? "(not set)" : JSON.stringify(e.value)}`);
  if (f.constructPath) lines.push(`    construct: ${f.constructPath}`);
  if (f.source) lines.push(`    source: ${f.source.file}${f.source.line ? `:${f.source.line}` : ""}`);
  if (f.waiver) lines.push(`    waived until ${f.waiver.expires} by ${f.waiver.owner}: ${f.waiver.reason}`);
  else lines.push(`    fix: ${f.remediation}`);
  return lines;
}

function waiverLine(w: Waiver): string {
  return `  ${w.control} ${w.resource} (owner ${w.owner}, expires ${w.expires}${w.line ? `, line ${w.line}` : ""})`;
}

/** The short summary `npm start` prints too. */
export function summaryLines(s: CheckSummary): string[] {
  const c = s.controls;
  const f = s.findings;
  return [
    `Stacks: ${s.stacks.map((st) => `${st.name} (${st.resources})`).join(", ") || "none"}; ${s.resources} resources`,
    `Environments: ${s.environments.map((e) => (s.production.includes(e) ? `${e} (production)` : e)).join(", ") || "none"}`,
    ...selectionLines(s),
    ...unjudgedLines(s),
    `Controls: ${c.total}: ${c.pass} passed, ${c.fail} failed, ${c.unknown} unknown, ${c.waived} waived, ${c.notApplicable} not applicable`,
    `Findings: ${f.total}: ${f.pass} pass, ${f.fail} fail, ${f.unknown} unknown, ${f.waived} waived, ${f.notApplicable} not applicable`,
    s.result === "pass"
      ? `Result: PASS${s.waivers.stale > 0 ? ` (${s.waivers.stale} stale waiver${s.waivers.stale === 1 ? "" : "s"})` : ""}`
      : `Result: FAIL: ${failureReasons(s)}`,
  ];
}

/** How the controls were chosen, when not the whole catalogue with every verdict. */
export function selectionText(s: CheckSummary): string | undefined {
  const { profile, controls, skip } = s.selection;
  const parts = [
    ...(controls ? [`controls ${controls.join(", ")}`] : []),
    ...(skip ? [`skipping ${skip.join(", ")}`] : []),
    ...(profile === "resources" ? ["profile resources (project-level verdicts left out)"] : []),
  ];
  return parts.length > 0 ? parts.join("; ") : undefined;
}

function selectionLines(s: CheckSummary): string[] {
  const text = selectionText(s);
  return text === undefined ? [] : [`Selection: ${text}`];
}

/** `N resources of types no control judges: type (n), ...`, or nothing when every type is judged. */
export function unjudgedText(s: CheckSummary): string | undefined {
  const { resources, types } = s.unjudged;
  if (resources === 0) return undefined;
  return `${resources} resource${resources === 1 ? "" : "s"} of types no control judges: ${types
    .map((t) => `${t.type} (${t.resources})`)
    .join(", ")}`;
}

function unjudgedLines(s: CheckSummary): string[] {
  const text = unjudgedText(s);
  return text === undefined ? [] : [`Not judged: ${text}`];
}

function failureReasons(s: CheckSummary): string {
  const reasons: string[] = [];
  if (s.findings.failing > 0)
    reasons.push(`${s.findings.failing} failing finding${s.findings.failing === 1 ? "" : "s"}`);
  if (s.waivers.expired > 0)
    reasons.push(`${s.waivers.expired} expired waiver${s.waivers.expired === 1 ? "" : "s"}`);
  if (s.waivers.stale > 0 && reasons.length === 0)
    reasons.push(`${s.waivers.stale} stale waiver${s.waivers.stale === 1 ? "" : "s"} (--strict)`);
  return reasons.join(", ");
}
