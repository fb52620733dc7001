import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { FAMILIES, type Control } from "../../policies/control";
import { CATALOGUE } from "../../policies/controls";
import { expectWellFormed } from "../support/control-fixtures";

/**
 * The layout a reader relies on: every control is one file `policies/controls/<family>/<ID>-<slug>.ts` whose
 * single export is named after the file, listed once in the catalogue, with its own test file
 * `test/policies/<family>/<ID>.test.ts` that shows it passing and failing.
 */
const CONTROLS_DIR = join(__dirname, "../../policies/controls");
const CONTROL_FILE = /^([A-Z]+-\d{2})-[a-z0-9]+(?:-[a-z0-9]+)*\.ts$/;

/** `NET-09-ssh-from-iap-only.ts` → `NET09SshFromIapOnly`. */
function exportNameOf(file: string): string {
  const [family, number, ...words] = file.replace(/\.ts$/, "").split("-");
  return family + number + words.map((w) => w[0].toUpperCase() + w.slice(1)).join("");
}

const families = Object.keys(FAMILIES) as (keyof typeof FAMILIES)[];
const controlFiles = families.flatMap((family) =>
  readdirSync(join(CONTROLS_DIR, family.toLowerCase())).map((file) => ({ family, file })),
);

describe("the control catalogue", () => {
  test("every family folder holds only control files named <ID>-<slug>.ts", () => {
    expect(controlFiles.filter(({ file }) => !CONTROL_FILE.test(file)).map((f) => f.file)).toEqual([]);
  });

  test.each(controlFiles)(
    "$family/$file exports one control, named after the file, with the file's id",
    ({ family, file }) => {
      const module: Record<string, Control> = require(join(CONTROLS_DIR, family.toLowerCase(), file));
      const id = CONTROL_FILE.exec(file)?.[1];
      expect(Object.keys(module)).toEqual([exportNameOf(file)]);
      const control = module[exportNameOf(file)];
      expect(control.id).toBe(id);
      expect(control.id.startsWith(`${family}-`)).toBe(true);
      expect(CATALOGUE).toContain(control);
    },
  );

  test("an id is written in exactly one file of policies/controls (its own), whatever else mentions it", () => {
    const texts = controlFiles.map(({ family, file }) => ({
      file,
      text: readFileSync(join(CONTROLS_DIR, family.toLowerCase(), file), "utf8"),
    }));
    for (const control of CATALOGUE) {
      const declaring = texts.filter(({ text }) => text.includes(`id: "${control.id}"`)).map((t) => t.file);
      expect([control.id, declaring]).toEqual([control.id, [declaring[0]]]);
      expect(declaring[0].startsWith(`${control.id}-`)).toBe(true);
    }
  });

  test("ids are unique and every control in the catalogue has its own file", () => {
    const ids = CATALOGUE.map((c) => c.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    const fileIds = controlFiles.map(({ file }) => CONTROL_FILE.exec(file)?.[1]);
    expect([...ids].sort()).toEqual([...fileIds].sort());
  });

  test.each(families)("%s controls are well formed and numbered in order", (family) => {
    expectWellFormed(
      CATALOGUE.filter((c) => c.id.startsWith(`${family}-`)),
      family,
    );
  });

  test.each(CATALOGUE.map((c) => c.id))("%s has a test file with a passing and a failing case", (id) => {
    const family = id.split("-")[0].toLowerCase();
    const testFile = join(__dirname, family, `${id}.test.ts`);
    expect([id, existsSync(testFile)]).toEqual([id, true]);
    const text = readFileSync(testFile, "utf8");
    expect([id, "expectPasses(", text.includes("expectPasses(")]).toEqual([id, "expectPasses(", true]);
    expect([id, "expectFails(", text.includes("expectFails(")]).toEqual([id, "expectFails(", true]);
  });
});
