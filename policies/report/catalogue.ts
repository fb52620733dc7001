import type { Control } from "../control";

/** `baseline controls`: the catalogue in three forms (terminal, JSON for tools, Markdown for the README). */
export function renderControlsText(controls: readonly Control[]): string {
  const lines = controls.map((c) => `${c.id.padEnd(9)} ${c.severity.padEnd(8)} ${c.title}`);
  return `${lines.join("\n")}${lines.length > 0 ? "\n" : ""}${controls.length} controls\n`;
}

export function renderControlsJson(controls: readonly Control[]): string {
  const list = controls.map((c) => ({
    id: c.id,
    title: c.title,
    claim: c.claim,
    severity: c.severity,
    references: {
      cis: [...c.references.cis],
      checkov: [...c.references.checkov],
      trivy: [...c.references.trivy],
    },
  }));
  return `${JSON.stringify({ controls: list }, null, 2)}\n`;
}

/** The README catalogue table (between the GENERATED markers). */
export function renderControlsMarkdown(controls: readonly Control[]): string {
  const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");
  const refs = (c: Control) =>
    [...c.references.cis.map((r) => `CIS ${r}`), ...c.references.checkov, ...c.references.trivy].join(", ") ||
    "—";
  const rows = controls.map(
    (c) => `| ${c.id} | ${c.severity} | ${cell(c.title)} | ${cell(c.claim)} | ${cell(refs(c))} |`,
  );
  return (
    ["| id | severity | title | claim | references |", "|---|---|---|---|---|", ...rows].join("\n") + "\n"
  );
}
