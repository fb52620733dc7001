/**
 * Renders Terraform JSON (a cdktf stack) as HCL, the way a person would write the same configuration: labelled
 * blocks for resources, data sources, outputs, providers and the backend; a nested object as a block, a list
 * of objects as repeated blocks; maps (labels, metadata, a remote state's config) as attributes. Strings stay
 * templates (`"${google_x.y.id}"`), which HCL reads exactly as Terraform JSON does.
 */

type Json = unknown;
type Body = Record<string, Json>;

/** Attributes whose value is a map, not a block, in the provider schemas the baseline uses. */
const MAP_ATTRIBUTES = new Set(["labels", "metadata", "user_labels", "resource_labels", "tags"]);

export function terraformJsonToHcl(json: Body): string {
  const out: string[] = [];
  const terraform = json.terraform as Body | undefined;
  if (terraform) out.push(...terraformBlock(terraform));
  for (const [name, configs] of Object.entries((json.provider ?? {}) as Record<string, Json>))
    for (const config of listOf(configs)) out.push(...block(`provider ${quote(name)}`, config as Body, 0));
  for (const mode of ["resource", "data"] as const) {
    for (const [type, byName] of Object.entries((json[mode] ?? {}) as Record<string, Record<string, Body>>)) {
      for (const [name, body] of Object.entries(byName)) {
        out.push(...block(`${mode} ${quote(type)} ${quote(name)}`, body, 0, mapsOf(mode, type)));
      }
    }
  }
  for (const [name, body] of Object.entries((json.output ?? {}) as Record<string, Body>))
    out.push(...block(`output ${quote(name)}`, body, 0, new Set(["value"])));
  for (const [name, body] of Object.entries((json.variable ?? {}) as Record<string, Body>))
    out.push(...block(`variable ${quote(name)}`, body, 0, new Set(["default"])));
  if (json.locals) out.push(...block("locals", json.locals as Body, 0, new Set(Object.keys(json.locals))));
  return `${out.join("\n")}\n`;
}

function mapsOf(mode: string, type: string): ReadonlySet<string> {
  return mode === "data" && type === "terraform_remote_state"
    ? new Set(["config", "defaults"])
    : MAP_ATTRIBUTES;
}

function terraformBlock(terraform: Body): string[] {
  const lines = ["terraform {"];
  for (const [kind, config] of Object.entries((terraform.backend ?? {}) as Record<string, Body>))
    lines.push(...block(`backend ${quote(kind)}`, config, 1));
  if (terraform.required_providers)
    lines.push(...block("required_providers", terraform.required_providers as Body, 1, ALL));
  lines.push("}");
  return lines;
}

/** Every key of the block is an attribute. */
const ALL = { has: () => true } as unknown as ReadonlySet<string>;

function block(
  header: string,
  body: Body,
  depth: number,
  maps: ReadonlySet<string> = MAP_ATTRIBUTES,
): string[] {
  const pad = "  ".repeat(depth);
  const lines = [`${pad}${header} {`];
  for (const [key, value] of Object.entries(body)) {
    if (key === "//") continue;
    const items = Array.isArray(value) ? value : [value];
    const isBlock =
      !maps.has(key) &&
      value !== null &&
      typeof value === "object" &&
      items.length > 0 &&
      items.every((item) => item !== null && typeof item === "object" && !Array.isArray(item));
    if (isBlock) for (const item of items) lines.push(...block(key, item as Body, depth + 1));
    else lines.push(`${pad}  ${key} = ${expression(value, depth + 1)}`);
  }
  lines.push(`${pad}}`);
  return lines;
}

function expression(value: Json, depth: number): string {
  if (typeof value === "string") return template(value);
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  const pad = "  ".repeat(depth);
  if (Array.isArray(value))
    return value.length === 0
      ? "[]"
      : `[\n${value.map((v) => `${pad}  ${expression(v, depth + 1)},`).join("\n")}\n${pad}]`;
  const entries = Object.entries(value);
  if (entries.length === 0) return "{}";
  return `{\n${entries.map(([k, v]) => `${pad}  ${quote(k)} = ${expression(v, depth + 1)}`).join("\n")}\n${pad}}`;
}

/**
 * A Terraform JSON string as HCL: a lone `${expr}` as the bare expression, anything else as a quoted template
 * whose literal parts are escaped and whose `${...}` parts are copied as written (HCL reads expression text
 * inside an interpolation, where a quote is not escaped).
 */
function template(text: string): string {
  const parts = splitTemplate(text);
  if (parts.length === 1 && parts[0].expression) return parts[0].text;
  return `"${parts.map((p) => (p.expression ? `\${${p.text}}` : quote(p.text).slice(1, -1))).join("")}"`;
}

/** Literal text and `${...}` interpolations, in order; braces and strings inside an interpolation nest. */
function splitTemplate(text: string): { text: string; expression: boolean }[] {
  const parts: { text: string; expression: boolean }[] = [];
  let literal = "";
  let i = 0;
  while (i < text.length) {
    if (text.startsWith("$${", i)) {
      literal += "$${";
      i += 3;
    } else if (text.startsWith("${", i)) {
      const end = closingBrace(text, i + 2);
      if (end < 0) {
        literal += text.slice(i);
        break;
      }
      if (literal) parts.push({ text: literal, expression: false });
      literal = "";
      parts.push({ text: text.slice(i + 2, end), expression: true });
      i = end + 1;
    } else {
      literal += text[i++];
    }
  }
  if (literal || parts.length === 0) parts.push({ text: literal, expression: false });
  return parts;
}

function closingBrace(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
    } else if (c === "{") depth++;
    else if (c === "}") {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

/** An HCL quoted string: JSON's escapes, except those HCL lacks (\b, \f). */
function quote(text: string): string {
  return JSON.stringify(text).replace(/\\([bf])/g, (_, c: string) => (c === "b" ? "\\u0008" : "\\u000c"));
}

function listOf(value: Json): Json[] {
  return Array.isArray(value) ? value : [value];
}
