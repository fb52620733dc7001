import type { ChangedFinding, ResourceResults, SecurityDiff } from "./compare";
import { groupByControl } from "./group";
import { summaryParts } from "./summary";
import { showChange, showTransition } from "./value";

/** The security diff for a terminal: summary first, then regressions, improvements, added and removed resources. */
export function diffText(diff: SecurityDiff): string {
  const { changes, resources, unchanged } = summaryParts(diff);
  const lines = [`${changes}; ${resources}; ${unchanged}`];
  section(lines, "Regressed", changedLines(diff.regressed));
  section(lines, "Improved", changedLines(diff.improved));
  section(lines, "Other status changes (the claim still holds)", changedLines(diff.changed));
  section(lines, "Added resources", resourceLines(diff.added));
  section(lines, "Removed resources", resourceLines(diff.removed));
  return `${lines.join("\n")}\n`;
}

function section(lines: string[], heading: string, body: string[]): void {
  if (body.length > 0) lines.push("", heading, ...body);
}

function changedLines(findings: readonly ChangedFinding[]): string[] {
  return groupByControl(findings).flatMap((group) => [
    `  ${group.control} ${group.title} [${group.severity}]`,
    ...group.findings.flatMap((f) => [
      `    ${f.resource}: ${showTransition(f.before, f.after)}: ${f.message}`,
      ...f.changes.map((c) => `      ${showChange(c)}`),
      ...(f.otherChanges ?? []).map((c) => `      (other change) ${showChange(c)}`),
    ]),
  ]);
}

function resourceLines(resources: readonly ResourceResults[]): string[] {
  return resources.map(
    (r) =>
      `  ${r.resource}: ${r.results.length === 0 ? "no control applies" : r.results.map((x) => `${x.control} ${x.status}`).join(", ")}`,
  );
}
