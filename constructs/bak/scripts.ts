import { readFileSync } from "node:fs";
import { join } from "node:path";

/** The scripts the backup jobs run, kept as files in scripts/backups/ so that they can be run and tested alone. */
export type BackupScript = "sql-export.sh" | "sql-restore-drill.sh" | "vault-snapshot.sh";

const SCRIPTS = join(__dirname, "..", "..", "scripts", "backups");
/** A script's `. "$(dirname "${BASH_SOURCE[0]}")/lib/<file>"` line (and its shellcheck directive above it). */
const SOURCED_LIBRARY =
  /^# shellcheck source=SCRIPTDIR\/lib\/\S+\n\. "\$\(dirname "\$\{BASH_SOURCE\[0\]\}"\)\/lib\/([\w.-]+)"\n/gm;

/**
 * The text of a backup job's script: the file, with each library it sources from scripts/backups/lib/ put in
 * place of the line that sources it (a job carries one self-contained script).
 */
export function backupScript(name: BackupScript): string {
  return readFileSync(join(SCRIPTS, name), "utf8").replace(SOURCED_LIBRARY, (_line, library: string) =>
    readFileSync(join(SCRIPTS, "lib", library), "utf8").replace(/^# shellcheck shell=bash\n/, ""),
  );
}

/**
 * Text Terraform must take literally: `${` and `%{` start an interpolation or a template directive in any
 * Terraform string (cdktf writes strings as they are), so they are written `$${` and `%%{`, which Terraform
 * reads back as `${` and `%{`.
 */
export function terraformLiteral(text: string): string {
  return text.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
}
