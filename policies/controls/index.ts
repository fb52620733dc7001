import { readdirSync } from "node:fs";
import { join } from "node:path";
import { FAMILIES, type Control, type Family } from "../control";

/** A control's file: `<ID>-<slug>.ts`, exporting that one control (docs/adding-a-control.md). */
const CONTROL_FILE = /^[A-Z]+-\d{2}-[a-z0-9-]+\.ts$/;

/**
 * The controls of one family: every control file of its folder (`policies/controls/<family>/`), in ID order.
 * Read from the folder, so adding a control is adding its file: no list to keep in step, and an ID appears in
 * exactly one file under policies/controls/.
 */
export function familyControls(family: Family): Control[] {
  const folder = join(__dirname, family.toLowerCase());
  return readdirSync(folder)
    .filter((file) => CONTROL_FILE.test(file))
    .sort()
    .map((file) => Object.values(require(join(folder, file)) as Record<string, Control>)[0]);
}

/** The control catalogue, in report order: the families in FAMILIES order, each in ID order. */
export const CATALOGUE: readonly Control[] = (Object.keys(FAMILIES) as Family[]).flatMap(familyControls);
