import { escapeMarkup } from "../html-escape";
import { STATUS_LABEL } from "../matrix/status";
import { code, plural, table, text } from "../markdown-inline";
import type { ChangedFinding, ResourceResults, SecurityDiff } from "./compare";
import { groupByControl } from "./group";
import { summaryParts } from "./summary";
import { showValue } from "./value";

/**
 * The security diff as a pull-request comment: the summary line first (what a reviewer sees in the
 * notification), then one collapsible block per control, then added and removed resources.
 */
export function diffMarkdown(diff: SecurityDiff): string {
  const { changes, resources, unchanged } = summaryParts(diff);
  const mark = diff.regressed.length > 0 ? "🔴" : "✅";
  const lines = [`${mark} ${changes.replace(/, /, ", 🟢 ")} · ${resources} · ${unchanged}`];
  if (diff.regressed.length > 0) lines.push("", "### 🔴 Regressions", ...changedBlocks(diff.regressed));
  if (diff.improved.length > 0) lines.push("", "### 🟢 Improvements", ...changedBlocks(diff.improved));
  if (diff.changed.length > 0)
    lines.push("", "### Other status changes (the claim still holds)", ...changedBlocks(diff.changed));
  if (diff.added.length > 0) lines.push("", "### Added resources", "", ...resourceBlock(diff.added, "added"));
  if (diff.removed.length > 0)
    lines.push("", "### Removed resources", "", ...resourceBlock(diff.removed, "removed"));
  return `${lines.join("\n")}\n`;
}

function changedBlocks(findings: readonly ChangedFinding[]): string[] {
  return groupByControl(findings).flatMap((group) => [
    "",
    `<details><summary><b>${escapeMarkup(group.control)}</b> ${escapeMarkup(group.title)} (${group.severity}): ${plural(group.findings.length, "resource")}</summary>`,
    "",
    table(
      ["Resource", "Status", "Why", "Attribute changes"],
      group.findings.map((f) => [
        code(f.resource),
        `${f.before ? STATUS_LABEL[f.before] : "(none)"} → ${f.after ? STATUS_LABEL[f.after] : "(none)"}`,
        text(f.message),
        changeCell(f),
      ]),
    ),
    "",
    "</details>",
  ]);
}

function changeCell(f: ChangedFinding): string {
  const show = (c: { path: string; before?: unknown; after?: unknown }) =>
    `${code(c.path)} ${code(showValue(c.before))} → ${code(showValue(c.after))}`;
  const other = (f.otherChanges ?? []).map((c) => `${show(c)} (not cited as evidence)`);
  const lines = [...f.changes.map(show), ...other];
  return lines.length > 0 ? lines.join("<br>") : "—";
}

function resourceBlock(resources: readonly ResourceResults[], verb: string): string[] {
  return [
    `<details><summary>${plural(resources.length, "resource")} ${verb}</summary>`,
    "",
    table(
      ["Resource", "Control results"],
      resources.map((r) => [
        code(r.resource),
        r.results.length === 0
          ? "no control applies"
          : r.results.map((x) => `${STATUS_LABEL[x.status]} ${x.control}`).join("<br>"),
      ]),
    ),
    "",
    "</details>",
  ];
}
