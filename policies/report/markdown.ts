import type { Control } from "../control";
import type { CheckedFinding, CheckReport } from "../engine/check";
import type { Waiver } from "../load/waivers";
import { escapeMarkup } from "./html-escape";
import type { RenderContext } from "./context";
import { code, plural, table, text } from "./markdown-inline";
import { selectionText } from "./text";
import { STATUS_LABEL } from "./matrix/status";

/**
 * `baseline check --format markdown`: the check as a pull-request comment or CI job summary. The verdict
 * line first, then counts, then one collapsible block per control with findings to act on (failing,
 * unknown or waived) and waiver problems. Passes are counted, not listed.
 */
export function renderCheckMarkdown(report: CheckReport, context: RenderContext): string {
  const s = report.summary;
  const verdict =
    s.result === "pass"
      ? `✅ **Security baseline: PASS**: ${plural(s.controls.total, "control")} on ${plural(s.resources, "resource")}`
      : `❌ **Security baseline: FAIL**: ${plural(s.findings.failing, "failing finding")}` +
        `${s.waivers.expired > 0 ? `, ${plural(s.waivers.expired, "expired waiver")}` : ""}` +
        ` (${plural(s.controls.total, "control")} on ${plural(s.resources, "resource")})`;
  const lines = [
    verdict,
    "",
    table(
      ["", "Controls", "Findings"],
      (
        [
          ["fail", "fail"],
          ["unknown", "unknown"],
          ["waived", "waived"],
          ["pass", "pass"],
          ["not-applicable", "notApplicable"],
        ] as const
      ).map(([status, key]) => [STATUS_LABEL[status], String(s.controls[key]), String(s.findings[key])]),
    ),
  ];
  const selection = selectionText(s);
  if (selection !== undefined) lines.push("", `**Selection:** ${text(selection)}`);
  if (s.unjudged.resources > 0)
    lines.push(
      "",
      `ℹ️ **${plural(s.unjudged.resources, "resource")} of types no control judges:** ${s.unjudged.types
        .map((t) => `${code(t.type)} (${t.resources})`)
        .join(", ")}`,
    );
  for (const control of context.controls) {
    const mine = report.findings.filter(
      (f) =>
        f.control === control.id && (f.status === "fail" || f.status === "unknown" || f.status === "waived"),
    );
    if (mine.length > 0) lines.push("", ...controlBlock(control, mine));
  }
  if (report.waivers.expired.length > 0)
    lines.push("", "**Expired waivers** (they fail the check):", "", waiverTable(report.waivers.expired));
  if (report.waivers.stale.length > 0)
    lines.push("", "**Stale waivers** (they waive nothing):", "", waiverTable(report.waivers.stale));
  return `${lines.join("\n")}\n`;
}

function controlBlock(control: Control, findings: readonly CheckedFinding[]): string[] {
  const failing = findings.filter((f) => f.failsCheck).length;
  const mark = failing > 0 ? "❌" : "⚠️";
  return [
    `<details><summary>${mark} <b>${escapeMarkup(control.id)}</b> ${escapeMarkup(control.title)} (${control.severity}): ${failing} failing of ${findings.length}</summary>`,
    "",
    table(
      ["Resource", "Status", "Why", "Evidence"],
      findings.map((f) => [
        code(f.resource),
        STATUS_LABEL[f.status],
        text(
          f.waiver
            ? `${f.message} (waived until ${f.waiver.expires} by ${f.waiver.owner}: ${f.waiver.reason})`
            : f.message,
        ),
        f.evidence
          .map((e) => `${code(e.path)} = ${code(JSON.stringify(e.value) ?? "undefined")}`)
          .join("<br>") || "—",
      ]),
    ),
    "",
    `**Fix.** ${text(control.remediation)}`,
    "",
    "</details>",
  ];
}

function waiverTable(waivers: readonly Waiver[]): string {
  return table(
    ["Control", "Resource", "Owner", "Expires"],
    waivers.map((w) => [w.control, code(w.resource), text(w.owner), w.expires]),
  );
}
