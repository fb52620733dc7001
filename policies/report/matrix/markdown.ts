import { code, table, text } from "../markdown-inline";
import { environmentLabel, type Matrix } from "./build";
import { restoreCell } from "./backups";
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
  lines.push(...backupLines(matrix));
  return `${lines.join("\n")}\n`;
}

/** The per-store backup section (from the BAK findings); nothing when no BAK control judged a store. */
function backupLines(matrix: Matrix): string[] {
  const { stores, buckets } = matrix.backups;
  if (stores.length === 0 && buckets.length === 0) return [];
  const lines = [
    "",
    "## Backups per store",
    "",
    "Each stateful store and each copy of it, as BAK-07 found them; the key verdict is BAK-08's, the restore " +
      "drill BAK-11's, the writers BAK-09's.",
    "",
    table(
      [
        "Environment",
        "Store",
        "Copy",
        "Copy region",
        "Key region",
        "Kept (days)",
        "Locked",
        "Restore tested",
      ],
      stores.flatMap((store) =>
        (store.copies.length > 0 ? store.copies : [undefined]).map((copy) => [
          text(store.environment),
          `${code(store.store)} (${text(store.region)}) ${STATUS_LABEL[store.status]}`,
          copy ? `${text(copy.kind)}: ${code(copy.via)}` : "none",
          copy ? text(copy.region) : "—",
          copy ? `${text(copy.keyRegion)}${copy.key ? ` ${STATUS_LABEL[copy.key.status]}` : ""}` : "—",
          copy ? text(copy.retentionDays) : "—",
          copy ? text(`${copy.locked}: ${copy.lock}`) : "—",
          text(restoreCell(store, copy)),
        ]),
      ),
    ),
  ];
  if (buckets.length > 0) {
    lines.push(
      "",
      table(
        ["Environment", "Backup bucket", "Written by (BAK-09)", "Create grants no job uses"],
        buckets.map((bucket) => [
          text(bucket.environment),
          `${code(bucket.bucket)} ${STATUS_LABEL[bucket.status]}`,
          bucket.writers.length > 0
            ? bucket.writers
                .map(
                  (w) => `${code(w.prefix)} by ${code(w.job)} (${text(w.schedule)}) as ${text(w.writesAs)}`,
                )
                .join("<br>")
            : "nobody",
          bucket.idleGrants.length > 0 ? bucket.idleGrants.map((g) => text(g)).join("<br>") : "—",
        ]),
      ),
    );
  }
  return lines;
}

function evidenceCell(addresses: readonly string[]): string {
  if (addresses.length === 0) return "—";
  const shown = addresses.slice(0, EVIDENCE_SHOWN).map((a) => code(a));
  const more = addresses.length - shown.length;
  return [...shown, ...(more > 0 ? [`… and ${more} more`] : [])].join("<br>");
}
