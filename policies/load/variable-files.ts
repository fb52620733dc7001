import { isBlock } from "../model/values";
import { InputError, describe } from "./errors";
import { parseHclFiles } from "./hcl";

/**
 * The files Terraform reads variable values from in a configuration's directory, in its order (later ones
 * win): `terraform.tfvars`, `terraform.tfvars.json`, then every `*.auto.tfvars` / `*.auto.tfvars.json` in
 * lexical order. `--var-file` files come after them all.
 */
export function automaticVariableFiles(entries: readonly string[]): string[] {
  const automatic = entries.filter((e) => /\.auto\.tfvars(\.json)?$/.test(e)).sort();
  return [...["terraform.tfvars", "terraform.tfvars.json"].filter((e) => entries.includes(e)), ...automatic];
}

/**
 * Reads variable values from tfvars files (HCL, or JSON when the name ends in `.json`): one map, where a
 * later file's value replaces an earlier one's, as in Terraform. `read` returns a file's text.
 */
export async function readVariableFiles(
  files: readonly string[],
  read: (file: string) => string,
): Promise<Map<string, unknown>> {
  const values = new Map<string, unknown>();
  for (const file of files) {
    const text = read(file);
    let json: unknown;
    if (file.endsWith(".json")) {
      try {
        json = JSON.parse(text);
      } catch (error) {
        throw new InputError(
          file,
          `expected a JSON object of variable values; found invalid JSON (${(error as Error).message})`,
        );
      }
    } else {
      [{ json }] = await parseHclFiles([{ file, text }]);
    }
    if (!isBlock(json))
      throw new InputError(file, `expected variable values (name = value, ...); found ${describe(json)}`);
    for (const [name, value] of Object.entries(json)) values.set(name, value);
  }
  return values;
}
