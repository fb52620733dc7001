import { isMap, isScalar, isSeq, parseDocument, type Document } from "yaml";
import { z } from "zod";
import { COMPONENT_SECTIONS, baselineFileSchema } from "./schema";

/**
 * The configuration reference (docs/configuration.md) rendered from the zod schema: one table per section,
 * one row per field. A field's type comes from the schema (or its `typeName`), its rule from the checks the
 * schema can state (ranges, lengths), the `typeRule` of its type and its `.describe()` text, and its example
 * from the embedded baseline.yaml. Pure: the same schema and text give the same Markdown.
 */
export function renderConfigurationReference(baselineYaml: string): string {
  return referenceTables(baselineYaml)
    .map(({ title, rows }) => markdownTable(title, rows))
    .join("\n");
}

/** The reference as data: one table per section (the top level, an environment, each component section). */
export function referenceTables(baselineYaml: string): ReferenceTable[] {
  const doc = parseDocument(baselineYaml);
  const environments = Object.keys((doc.toJS() as { environments?: object }).environments ?? {});
  const [first, ...others] = environments;
  const environmentValue = def(baselineFileSchema.shape.environments).valueType as Schema;
  const components = Object.keys(COMPONENT_SECTIONS);

  const topLevel = Object.fromEntries(
    Object.entries(baselineFileSchema.shape).filter(([key]) => !components.includes(key)),
  );
  return [
    {
      title: "Top level",
      rows: fieldRows(topLevel, [], examples(doc, [{ at: [] }]), { keysOnly: ["environments"] }),
    },
    {
      title: "Per environment (`environments.<name>`)",
      rows: fieldRows(
        shapeOf(environmentValue),
        [],
        examples(doc, [
          { at: ["environments", first] },
          ...others.map((name) => ({ label: name, at: ["environments", name] })),
        ]),
        { leaves: components },
      ),
    },
    ...components.map((section) => ({
      title: `\`${section}\``,
      rows: fieldRows(
        shapeOf(COMPONENT_SECTIONS[section as keyof typeof COMPONENT_SECTIONS]),
        [],
        examples(doc, [
          { at: [section] },
          ...environments.map((name) => ({ label: name, at: ["environments", name, section] })),
        ]),
        {},
      ),
    })),
  ];
}

/** One section of the reference. */
export interface ReferenceTable {
  readonly title: string;
  readonly rows: readonly FieldRow[];
}

/** One row of a reference table. */
export interface FieldRow {
  readonly field: string;
  readonly type: string;
  readonly example: string;
  readonly rule: string;
  /** The field's own `.describe()` text (part of `rule`); empty when the schema has none. */
  readonly description: string;
}

/** Metadata the schema carries for the reference (see config/sections/common.ts). */
interface FieldMeta {
  /** The field's rule, from `.describe()`. */
  readonly description?: string;
  /** A reusable type's name (`region`, `CIDR`), when the schema type (string) says too little. */
  readonly typeName?: string;
  /** The rule every value of a reusable type follows. */
  readonly typeRule?: string;
  /** An object whose keys all take the same kind of value is one row, `field.<eachKey>`. */
  readonly eachKey?: string;
}

type Schema = z.core.$ZodType;
type Shape = Readonly<Record<string, Schema>>;
type Path = readonly (string | number)[];
type Examples = (path: Path, keysOnly?: boolean) => string;

interface RowOptions {
  /** Fields shown as one row, not expanded into their own fields (documented in their own table). */
  readonly leaves?: readonly string[];
  /** Records whose example lists their keys (their values have their own table). */
  readonly keysOnly?: readonly string[];
}

function fieldRows(shape: Shape, prefix: Path, example: Examples, options: RowOptions): FieldRow[] {
  return Object.entries(shape).flatMap(([key, field]) => {
    const path = [...prefix, key];
    const name = path.join(".");
    const { schema, optional, meta } = unwrap(field);
    const kind = def(schema).type as string;
    if (kind === "object" && meta.eachKey === undefined && !options.leaves?.includes(key)) {
      return fieldRows(shapeOf(schema), path, example, {});
    }
    if (kind === "union" && def(schema).discriminator !== undefined) {
      return unionRows(schema, meta, optional, path, example);
    }
    const keys = meta.eachKey !== undefined ? Object.keys(shapeOf(schema)) : [];
    return [
      {
        field: meta.eachKey !== undefined ? `${name}.${meta.eachKey}` : name,
        type: typeOf(meta.eachKey !== undefined ? Object.values(shapeOf(schema))[0] : schema, optional),
        example: example(path, options.keysOnly?.includes(key)),
        rule: join(
          ruleOf(schema, meta),
          keys.length > 0 ? `one entry for each of ${keys.map((k) => `\`${k}\``).join(", ")}` : "",
        ),
        description: meta.description ?? "",
      },
    ];
  });
}

/** A discriminated union: a row for the choice, then each option's fields, marked with the option. */
function unionRows(
  schema: Schema,
  meta: FieldMeta,
  optional: boolean,
  path: Path,
  example: Examples,
): FieldRow[] {
  const discriminator = def(schema).discriminator as string;
  const options = def(schema).options as Schema[];
  const valueOf = (option: Schema) => (def(shapeOf(option)[discriminator]).values as unknown[])[0];
  const head: FieldRow = {
    field: path.join("."),
    type: typeOf(schema, optional),
    example: example(path),
    rule: join(
      meta.description ?? "",
      `\`${discriminator}\` is one of ${options.map((option) => `\`${String(valueOf(option))}\``).join(", ")}`,
    ),
    description: meta.description ?? "",
  };
  const fields = options.flatMap((option) => {
    const others = Object.fromEntries(
      Object.entries(shapeOf(option)).filter(([key]) => key !== discriminator),
    );
    const only = `with \`${discriminator}: ${String(valueOf(option))}\``;
    return fieldRows(others, path, example, {}).map((row) => ({
      ...row,
      rule: row.rule ? `${only}: ${row.rule}` : only,
    }));
  });
  return [head, ...fields];
}

function typeOf(schema: Schema, optional = false): string {
  const { schema: inner, meta } = unwrap(schema);
  const name = meta.typeName ?? baseType(inner);
  return optional ? `${name}, optional` : name;
}

function baseType(schema: Schema): string {
  const d = def(schema);
  switch (d.type) {
    case "string":
      return d.format === "email" ? "e-mail address" : "string";
    case "number":
      return checks(schema).some((c) => c.check === "number_format" && String(c.format).endsWith("int"))
        ? "integer"
        : "number";
    case "boolean":
      return "boolean";
    case "enum":
      return Object.values(d.entries as Record<string, string>)
        .map((value) => `\`${value}\``)
        .join(" | ");
    case "literal":
      return (d.values as unknown[]).map((value) => `\`${String(value)}\``).join(" | ");
    case "array": {
      const element = typeOf(d.element as Schema);
      return `list of ${element.includes("`") ? element : plural(element)}`;
    }
    case "record":
      return "map";
    default:
      return "object";
  }
}

function plural(noun: string): string {
  return /(s|sh|ch|x)$/.test(noun) ? `${noun}es` : `${noun}s`;
}

/** What the schema's checks say, then the type's rule, then the field's own description. */
function ruleOf(schema: Schema, meta: FieldMeta): string {
  const d = def(schema);
  const element = d.type === "array" ? unwrap(d.element as Schema).meta : {};
  return join(
    bounds(schema),
    element.typeRule ?? "",
    element.description ?? "",
    meta.typeRule ?? "",
    meta.description ?? "",
  );
}

/** Ranges and lengths the schema checks, in words: `2-90`, `≥ 1`, `at least one`, `starts with /`. */
function bounds(schema: Schema): string {
  const integer = baseType(schema) === "integer";
  let min: number | undefined;
  let max: number | undefined;
  const words: string[] = [];
  for (const check of checks(schema)) {
    const value = check.value as number;
    if (check.check === "greater_than") {
      if (check.inclusive || integer) min = check.inclusive ? value : value + 1;
      else words.push(`> ${value}`);
    } else if (check.check === "less_than") {
      if (check.inclusive || integer) max = check.inclusive ? value : value - 1;
      else words.push(`< ${value}`);
    } else if (check.check === "min_length") {
      min = check.minimum as number;
    } else if (check.check === "max_length") {
      max = check.maximum as number;
    } else if (check.check === "string_format" && check.format === "starts_with") {
      words.push(`starts with \`${String(check.prefix)}\``);
    }
  }
  return join(range(def(schema).type as string, min, max), ...words);
}

function range(type: string, min: number | undefined, max: number | undefined): string {
  if (min === undefined && max === undefined) return "";
  if (type === "array") {
    if (min !== undefined && max !== undefined) return `${min}-${max} entries`;
    return min !== undefined ? `at least ${min === 1 ? "one" : min}` : `at most ${max}`;
  }
  if (type === "string") {
    if (min === 1 && max === undefined) return "not empty";
    return max === undefined ? `at least ${min} characters` : `${min ?? 0}-${max} characters`;
  }
  if (min !== undefined && max !== undefined) return `${min}-${max}`;
  return min !== undefined ? `≥ ${min}` : `≤ ${max}`;
}

/**
 * Examples from baseline.yaml. The first source is the value shown; the others (environments) are added in
 * parentheses where they set a different value: `3` (prod `5`).
 */
function examples(doc: Document, sources: readonly { label?: string; at: Path }[]): Examples {
  return (path, keysOnly = false) => {
    const values = sources.map(({ label, at }) => {
      const node = doc.getIn([...at, ...path], true);
      if (node === undefined) return { label, text: undefined };
      if (keysOnly && isMap(node)) {
        return { label, text: node.items.map((pair) => `\`${inline(pair.key)}\``).join(", ") };
      }
      return { label, text: `\`${inline(node)}\`` };
    });
    const [main, ...rest] = values;
    const variants = rest.filter((v) => v.text !== undefined && v.text !== main.text);
    const listed = variants.map((v) => `${v.label} ${v.text}`).join(", ");
    if (main.text === undefined) return listed || "—";
    return variants.length > 0 ? `${main.text} (${listed})` : main.text;
  };
}

/** A YAML node on one line, as written: flow collections, quotes kept where the file has them. */
function inline(node: unknown): string {
  if (isScalar(node)) {
    if (node.type === "QUOTE_DOUBLE") return JSON.stringify(node.value);
    if (node.type === "QUOTE_SINGLE") return `'${String(node.value).replace(/'/g, "''")}'`;
    return String(node.value);
  }
  if (isSeq(node)) return `[${node.items.map(inline).join(", ")}]`;
  if (isMap(node))
    return `{ ${node.items.map((pair) => `${inline(pair.key)}: ${inline(pair.value)}`).join(", ")} }`;
  return String(node);
}

function markdownTable(title: string, rows: readonly FieldRow[]): string {
  const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");
  return [
    `### ${title}`,
    "",
    "| field | type | example | rule |",
    "|---|---|---|---|",
    ...rows.map(
      (row) => `| \`${row.field}\` | ${cell(row.type)} | ${cell(row.example)} | ${cell(row.rule)} |`,
    ),
    "",
  ].join("\n");
}

function unwrap(schema: Schema): { schema: Schema; optional: boolean; meta: FieldMeta } {
  let current = schema;
  let optional = false;
  let meta: FieldMeta = {};
  for (;;) {
    meta = { ...metaOf(current), ...meta };
    const d = def(current);
    if (d.type !== "optional" && d.type !== "default" && d.type !== "nullable" && d.type !== "readonly") {
      return { schema: current, optional, meta };
    }
    optional ||= d.type === "optional" || d.type === "default";
    current = d.innerType as Schema;
  }
}

function metaOf(schema: Schema): FieldMeta {
  const meta = z.globalRegistry.get(schema) ?? {};
  const text = (key: string) => (typeof meta[key] === "string" ? (meta[key] as string) : undefined);
  const picked = {
    description: text("description"),
    typeName: text("typeName"),
    typeRule: text("typeRule"),
    eachKey: text("eachKey"),
  };
  return Object.fromEntries(Object.entries(picked).filter(([, value]) => value !== undefined));
}

function def(schema: Schema): Record<string, unknown> {
  return schema._zod.def as unknown as Record<string, unknown>;
}

function shapeOf(schema: Schema): Shape {
  return (def(unwrap(schema).schema).shape ?? {}) as Shape;
}

function checks(schema: Schema): Record<string, unknown>[] {
  return ((def(schema).checks ?? []) as Schema[]).map((check) => def(check));
}

function join(...parts: readonly string[]): string {
  return parts.filter((part) => part.length > 0).join("; ");
}
