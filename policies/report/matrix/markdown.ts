import { code, table, text } from "../markdown-inline";
import { environmentLabel, type Matrix } from "./build";
import { STATUS_LABEL } from "./status";
import { allEvidence, countsLine, statusCounts } from "./summary";

/** Evidence lists longer than this are clipped in Markdown; the JSON and HTML matrices carry them all. */
const EVIDENCE_SHOWN = 8;

/** The security page as Markdown: one table per control family, one row per control. */
export function matrixMarkdown(matrix: Matrix): string {
  const lines = [
    "# Security controls",
    "",
    `${matrix.rows.length} controls, evaluated on the synthesized Terraform of every environment.`,
    "",
    ...statusCounts(matrix).map(
      ({ environment, counts }) =>
        `- **${text(environmentLabel(matrix, environment))}**: ${countsLine(counts)}`,
    ),
  ];
  for (const family of [...new Set(matrix.rows.map((row) => row.family))]) {
    const rows = matrix.rows.filter((row) => row.family === family);
    lines.push(
      "",
      `## ${text(family)}`,
      "",
      table(
        [
          "Control",
          "Claim",
          ...matrix.environments.map((env) => text(environmentLabel(matrix, env))),
          "Implementation",
          "Evidence",
        ],
        rows.map((row) => [
          `**${row.id}** ${text(row.title)} (${row.severity})`,
          text(row.claim),
          ...matrix.environments.map((env) => STATUS_LABEL[row.status[env]]),
          text(row.implementation),
          evidenceCell(allEvidence(row.evidence)),
        ]),
      ),
    );
  }
  return `${lines.join("\n")}\n`;
}

function evidenceCell(addresses: readonly string[]): string {
  if (addresses.length === 0) return "—";
  const shown = addresses.slice(0, EVIDENCE_SHOWN).map((a) => code(a));
  const more = addresses.length - shown.length;
  return [...shown, ...(more > 0 ? [`… and ${more} more`] : [])].join("<br>");
}
