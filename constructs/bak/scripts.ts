import { readFileSync } from "node:fs";
import { join } from "node:path";

/** The scripts the backup jobs run, kept as files in scripts/backups/ so that they can be run and tested alone. */
export type BackupScript = "sql-export.sh" | "sql-restore-drill.sh" | "vault-snapshot.sh";

/** The text of a backup job's script, as the file holds it. */
export function backupScript(name: BackupScript): string {
  return readFileSync(join(__dirname, "..", "..", "scripts", "backups", name), "utf8");
}

/**
 * Text Terraform must take literally: `${` and `%{` start an interpolation or a template directive in any
 * Terraform string (cdktf writes strings as they are), so they are written `$${` and `%%{`, which Terraform
 * reads back as `${` and `%{`.
 */
export function terraformLiteral(text: string): string {
  return text.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
}
