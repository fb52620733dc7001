import { escapeMarkup as esc } from "../html-escape";
import type { Matrix, MatrixRow } from "./build";
import { MATRIX_CSS } from "./html-style";
import { STATUS_LABEL } from "./status";
import { allEvidence, countsLine, statusCounts } from "./summary";

/** Evidence addresses shown before the rest folds into a `<details>` (no script needed to expand it). */
const EVIDENCE_SHOWN = 5;

/**
 * The security page as one self-contained HTML file: inline CSS, no script, no external font, image or
 * link to fetch, so it can be published or attached as is.
 */
export function matrixHtml(matrix: Matrix, title = "Security controls"): string {
  const families = [...new Set(matrix.rows.map((row) => row.family))];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${esc(title)}</title>
<style>${MATRIX_CSS}</style>
</head>
<body>
<h1>${esc(title)}</h1>
<p class="lead">${matrix.rows.length} controls, each proved on the synthesized Terraform of every environment.</p>
<ul class="totals">
${statusCounts(matrix)
  .map(
    ({ environment, counts }) => `<li><strong>${esc(environment)}</strong>: ${esc(countsLine(counts))}</li>`,
  )
  .join("\n")}
</ul>
${families.map((family) => familySection(family, matrix)).join("\n")}
</body>
</html>
`;
}

function familySection(family: string, matrix: Matrix): string {
  const rows = matrix.rows.filter((row) => row.family === family);
  return `<h2>${esc(family)}</h2>
<table>
<colgroup><col class="control"><col class="claim">${matrix.environments.map(() => '<col class="env">').join("")}<col class="impl"><col class="evidence"></colgroup>
<thead><tr><th>Control</th><th>Claim</th>${matrix.environments.map((env) => `<th>${esc(env)}</th>`).join("")}<th>Implementation</th><th>Evidence</th></tr></thead>
<tbody>
${rows.map((row) => controlRow(row, matrix.environments)).join("\n")}
</tbody>
</table>`;
}

function controlRow(row: MatrixRow, environments: readonly string[]): string {
  const statuses = environments
    .map((env) => {
      const status = row.status[env];
      return `<td><span class="status s-${status}">${esc(STATUS_LABEL[status])}</span></td>`;
    })
    .join("");
  return `<tr id="${esc(row.id)}"><td><span class="id">${esc(row.id)}</span><span class="sev sev-${row.severity}">${esc(row.severity)}</span><span class="title">${esc(row.title)}</span></td><td>${esc(row.claim)}</td>${statuses}<td class="impl">${esc(row.implementation)}</td><td>${evidenceList(allEvidence(row.evidence))}</td></tr>`;
}

function evidenceList(addresses: readonly string[]): string {
  if (addresses.length === 0) return "—";
  const item = (a: string) => `<li><code>${esc(a)}</code></li>`;
  const shown = `<ul class="evidence">${addresses.slice(0, EVIDENCE_SHOWN).map(item).join("")}</ul>`;
  const rest = addresses.slice(EVIDENCE_SHOWN);
  if (rest.length === 0) return shown;
  return `${shown}<details><summary>${rest.length} more</summary><ul class="evidence">${rest.map(item).join("")}</ul></details>`;
}
