import { readFileSync } from "node:fs";
import { join } from "node:path";
import { isMap, parseDocument, type YAMLMap } from "yaml";
import { referenceTables, type FieldRow } from "../../config/reference";
import { CONFIGURATION_REFERENCE, REGENERATE, ROOT, blockIn } from "../../scripts/generated-docs";
import { baselineText, editBaseline } from "../support/baseline-text";

const COMPONENTS = ["kms", "edge", "vault", "monitoring", "backups", "database"];

function rowOf(text: string, title: string, field: string): FieldRow {
  const row = referenceTables(text)
    .find((t) => t.title === title)
    ?.rows.find((r) => r.field === field);
  if (!row) throw new Error(`no row ${field} in table ${title}`);
  return row;
}

/** Dotted paths of every mapping key in baseline.yaml (lists are values: their items are not walked). */
function keyPaths(map: YAMLMap, prefix: string[] = []): string[][] {
  return map.items.flatMap((pair) => {
    const path = [...prefix, String((pair.key as { value: unknown }).value)];
    return [path, ...(isMap(pair.value) ? keyPaths(pair.value, path) : [])];
  });
}

describe("configuration reference (docs/configuration.md)", () => {
  it("is what config/reference.ts renders from the schema and baseline.yaml", () => {
    const committed = blockIn(
      readFileSync(join(ROOT, CONFIGURATION_REFERENCE.file), "utf8"),
      CONFIGURATION_REFERENCE,
    );
    expect({ markers: committed !== undefined }).toEqual({ markers: true });
    if (committed !== CONFIGURATION_REFERENCE.render()) {
      throw new Error(
        `The configuration reference in ${CONFIGURATION_REFERENCE.file} is out of date (the schema or ` +
          `baseline.yaml changed). Regenerate it with\n  ${REGENERATE}\nand commit ${CONFIGURATION_REFERENCE.file}.`,
      );
    }
  });

  it("describes every field in the schema (.describe() or .meta({ description }))", () => {
    const undescribed = referenceTables(baselineText()).flatMap(({ title, rows }) =>
      rows.filter((row) => row.description === "").map((row) => `${title}: ${row.field}`),
    );
    expect(undescribed).toEqual([]);
  });

  it("has a row for every key of the embedded baseline.yaml", () => {
    const tables = referenceTables(baselineText());
    const fields = (title: string) => tables.find((t) => t.title === title)!.rows.map((r) => r.field);
    const environments = Object.keys(parseDocument(baselineText()).toJS().environments);
    // Every row as a full path of baseline.yaml, `<…>` standing for any key.
    const documented = [
      ...fields("Top level"),
      ...environments.flatMap((env) =>
        fields("Per environment (`environments.<name>`)").map((f) => `environments.${env}.${f}`),
      ),
      ...COMPONENTS.flatMap((section) =>
        fields(`\`${section}\``).flatMap((f) => [
          `${section}.${f}`,
          ...environments.map((env) => `environments.${env}.${section}.${f}`),
        ]),
      ),
    ].map((row) => row.split("."));
    const matches = (row: string[], path: string[]) =>
      row.every((step, i) => i >= path.length || step === path[i] || /^<.*>$/.test(step));
    const root = parseDocument(baselineText()).contents as YAMLMap;
    const missing = keyPaths(root)
      .filter((path) => !documented.some((row) => matches(row, path)))
      .map((path) => path.join("."));
    expect(missing).toEqual([]);
  });

  it("states the schema's checks, the type's rule, and each environment's value where it differs", () => {
    const text = baselineText();
    expect(rowOf(text, "`kms`", "rotationDays")).toMatchObject({ type: "integer", example: "`90`" });
    expect(rowOf(text, "`kms`", "rotationDays").rule).toMatch(/^2-90; days between automatic rotations/);
    expect(rowOf(text, "`kms`", "protectionLevels.<purpose>").rule).toContain(
      "one entry for each of `disks`, `storage`, `sql`, `logs`, `vaultUnseal`, `backups`",
    );
    expect(rowOf(text, "`edge`", "domains")).toMatchObject({ type: "list of FQDNs" });
    expect(rowOf(text, "`edge`", "domains").rule).toMatch(/^1-100 entries; lowercase; unique/);
    expect(rowOf(text, "`edge`", "backend.region")).toMatchObject({ type: "region, optional", example: "—" });
    expect(rowOf(text, "`edge`", "backend.port").rule).toMatch(/^with `type: instanceGroup`: 1-65535; /);
    expect(rowOf(text, "`monitoring`", "applicationLogRetentionDays").rule).toMatch(/^1-3650; /);
    expect(rowOf(text, "`vault`", "nodes").example).toBe("`3` (prod `5`)");
    expect(rowOf(text, "Top level", "environments").example).toBe("`staging`, `prod`");
    expect(rowOf(text, "Per environment (`environments.<name>`)", "projectNumber")).toMatchObject({
      type: "quoted digits",
      example: '`"100000000002"` (prod `"100000000003"`)',
    });
    expect(rowOf(text, "Per environment (`environments.<name>`)", "monitoring").example).toBe(
      "prod `{ auditLogLocked: true, securityCommandCenter: { enabled: true } }`",
    );
  });

  it("reads its examples from the configuration text it is given", () => {
    const { text } = editBaseline("  nodes: 3", "  nodes: 7");
    expect(rowOf(text, "`vault`", "nodes").example).toBe("`7` (prod `5`)");
  });
});
