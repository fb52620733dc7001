import { escapeMarkup as esc } from "../html-escape";
import { environmentLabel, type Matrix, type MatrixRow } from "./build";
import { restoreCell } from "./backups";
import { MATRIX_CSS } from "./html-style";
import type { MatrixStatus } from "./status";
import { allEvidence, statusCounts } from "./summary";

/** Evidence addresses shown before the rest folds into a `<details>` (no script needed to expand it). */
const EVIDENCE_SHOWN = 6;

/** Plain words, not emoji: the badge colour carries the meaning and no font is assumed. */
const WORD: Record<MatrixStatus, string> = {
  fail: "fail",
  unknown: "unknown",
  waived: "waived",
  pass: "pass",
  "not-applicable": "n/a",
  "not-evaluated": "not evaluated",
};

/**
 * The security page as one self-contained HTML file: inline CSS, no script, no external font, image or
 * link to fetch (a Content-Security-Policy forbids it), so it can be published or attached as is.
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
<p class="lead">${matrix.rows.length} controls, evaluated on the synthesized Terraform of every environment.</p>
${totals(matrix)}
${families.map((family) => familySection(family, matrix)).join("\n")}
${backupsSection(matrix)}
</body>
</html>
`;
}

function badge(status: MatrixStatus, count?: number): string {
  return `<span class="status s-${status}">${count === undefined ? "" : `${count} `}${esc(WORD[status])}</span>`;
}

function totals(matrix: Matrix): string {
  const rows = statusCounts(matrix).map(
    ({ environment, counts }) =>
      `<tr><th>${esc(environmentLabel(matrix, environment))}</th><td>${counts.map(([status, count]) => badge(status, count)).join(" ")}</td></tr>`,
  );
  return `<table class="totals"><tbody>\n${rows.join("\n")}\n</tbody></table>`;
}

function familySection(family: string, matrix: Matrix): string {
  const rows = matrix.rows.filter((row) => row.family === family);
  const envs = matrix.environments;
  return `<h2>${esc(family)}</h2>
<table>
<colgroup><col class="control">${envs.map(() => '<col class="env">').join("")}<col class="impl"><col class="evidence"></colgroup>
<thead><tr><th>Control</th>${envs.map((env) => `<th>${esc(environmentLabel(matrix, env))}</th>`).join("")}<th>Implementation</th><th>Evidence</th></tr></thead>
<tbody>
${rows.map((row) => controlRow(row, envs)).join("\n")}
</tbody>
</table>`;
}

function controlRow(row: MatrixRow, environments: readonly string[]): string {
  const control = `<span class="id">${esc(row.id)}</span><span class="sev sev-${row.severity}">${esc(row.severity)}</span><span class="title">${esc(row.title)}</span><span class="claim">${esc(row.claim)}</span>`;
  const statuses = environments.map((env) => `<td>${badge(row.status[env])}</td>`).join("");
  return `<tr id="${esc(row.id)}"><td>${control}</td>${statuses}<td>${esc(row.implementation)}</td><td>${evidenceList(allEvidence(row.evidence))}</td></tr>`;
}

/** Addresses grouped under their stack name, the first few shown, the rest folded. */
function evidenceList(ids: readonly string[]): string {
  if (ids.length === 0) return "—";
  const grouped = (part: readonly string[]) => {
    let stack = "";
    return part
      .map((id) => {
        const slash = id.indexOf("/");
        const [own, address] = [id.slice(0, slash), id.slice(slash + 1)];
        const heading = own === stack ? "" : `<span class="stack">${esc(own)}</span>`;
        stack = own;
        return `${heading}<code>${esc(address)}</code>`;
      })
      .join("");
  };
  const rest = ids.slice(EVIDENCE_SHOWN);
  const more =
    rest.length === 0 ? "" : `<details><summary>${rest.length} more</summary>${grouped(rest)}</details>`;
  return `${grouped(ids.slice(0, EVIDENCE_SHOWN))}${more}`;
}

/** The per-store backup section (from the BAK findings); empty when no BAK control judged a store. */
function backupsSection(matrix: Matrix): string {
  const { stores, buckets } = matrix.backups;
  if (stores.length === 0 && buckets.length === 0) return "";
  const storeRows = stores.flatMap((store) =>
    (store.copies.length > 0 ? store.copies : [undefined]).map(
      (copy) =>
        `<tr><td>${esc(store.environment)}</td><td><code>${esc(store.store)}</code>${esc(store.region)} ${badge(store.status)}</td>` +
        (copy
          ? `<td>${esc(copy.kind)}<code>${esc(copy.via)}</code></td><td>${esc(copy.region)}</td>` +
            `<td>${esc(copy.keyRegion)}${copy.key ? ` ${badge(copy.key.status)}` : ""}</td>` +
            `<td>${esc(copy.retentionDays)}</td><td>${esc(`${copy.locked}: ${copy.lock}`)}</td>`
          : `<td>none</td><td>—</td><td>—</td><td>—</td><td>—</td>`) +
        `<td>${esc(restoreCell(store, copy))}</td></tr>`,
    ),
  );
  const bucketRows = buckets.map(
    (bucket) =>
      `<tr><td>${esc(bucket.environment)}</td><td><code>${esc(bucket.bucket)}</code>${badge(bucket.status)}</td><td>` +
      (bucket.writers.length > 0
        ? bucket.writers
            .map((w) => `<code>${esc(w.prefix)}</code>${esc(`by ${w.job} (${w.schedule}) as ${w.writesAs}`)}`)
            .join("")
        : "nobody") +
      `</td><td>${bucket.idleGrants.length > 0 ? bucket.idleGrants.map((g) => `<code>${esc(g)}</code>`).join("") : "—"}</td></tr>`,
  );
  return `<h2 id="backups">Backups per store</h2>
<p class="lead">Each stateful store and each copy of it, as BAK-07 found them; the key verdict is BAK-08's, the restore drill BAK-11's, the writers BAK-09's.</p>
<table>
<thead><tr><th>Environment</th><th>Store</th><th>Copy</th><th>Copy region</th><th>Key region</th><th>Kept (days)</th><th>Locked</th><th>Restore tested</th></tr></thead>
<tbody>
${storeRows.join("\n")}
</tbody>
</table>${
    bucketRows.length > 0
      ? `
<table>
<thead><tr><th>Environment</th><th>Backup bucket</th><th>Written by (BAK-09)</th><th>Create grants no job uses</th></tr></thead>
<tbody>
${bucketRows.join("\n")}
</tbody>
</table>`
      : ""
  }`;
}
