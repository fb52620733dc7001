/**
 * What an expression evaluates to before apply: a JSON value, possibly with parts known only after apply.
 * Such a part is a Residual: the expression text that remains once everything known is substituted
 * (`google_kms_crypto_key.disks.id`, `var.region` without a value), written back as `${text}` for the model.
 */
export class Residual {
  private written: string | (() => string);

  constructor(
    /** HCL expression text, or how to write it when it is needed (writing a large script is not free). */
    text: string | (() => string),
    /** How the model reads it, when not `${text}`: a template as its own string, an unchanged input as written. */
    readonly raw?: string,
  ) {
    this.written = text;
  }

  get text(): string {
    if (typeof this.written !== "string") this.written = this.written();
    return this.written;
  }
}

export type Value = null | boolean | number | string | Value[] | { [key: string]: Value } | Residual;

export type ObjectValue = { [key: string]: Value };

export function isResidual(value: unknown): value is Residual {
  return value instanceof Residual;
}

export function isObjectValue(value: unknown): value is ObjectValue {
  return value !== null && typeof value === "object" && !Array.isArray(value) && !(value instanceof Residual);
}

/** Whether any part of the value is known only after apply. */
export function hasResidual(value: Value): boolean {
  if (value instanceof Residual) return true;
  if (Array.isArray(value)) return value.some(hasResidual);
  if (isObjectValue(value)) return Object.values(value).some(hasResidual);
  return false;
}

/**
 * A residual's text made safe to follow with `.attr` or to put inside an operation: a traversal, a call or a
 * literal as is, anything else in parentheses.
 */
export function atomic(text: string): string {
  return /^[A-Za-z_][\w-]*(?:\.[\w*-]+|\[[^\]]*\])*$/.test(text) || /^[A-Za-z_]\w*\(.*\)$/s.test(text)
    ? text
    : `(${text})`;
}

/** The value as HCL expression text (a residual as its text). */
export function toHcl(value: Value): string {
  if (value instanceof Residual) return value.text;
  if (typeof value === "string") return quoteHcl(value);
  if (value === null || typeof value !== "object") return String(value);
  if (Array.isArray(value)) return `[${value.map(toHcl).join(", ")}]`;
  return `{${Object.entries(value)
    .map(([k, v]) => `${quoteHcl(k)} = ${toHcl(v)}`)
    .join(", ")}}`;
}

export function quoteHcl(text: string): string {
  return `"${text
    .replace(/\\/g, "\\\\")
    .replace(/"/g, '\\"')
    .replace(/\n/g, "\\n")
    .replace(/\r/g, "\\r")
    .replace(/\t/g, "\\t")
    .replace(/([$%])\{/g, "$1$1{")}"`;
}

/** The value as the model reads attributes: a residual becomes the `${text}` interpolation Terraform JSON writes. */
export function toModel(value: Value): unknown {
  if (value instanceof Residual) return value.raw ?? `\${${value.text}}`;
  if (Array.isArray(value)) return value.map(toModel);
  if (isObjectValue(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toModel(v);
    return out;
  }
  return value;
}

/** Terraform's type name of a value, for messages. */
export function typeName(value: Value): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "list";
  if (value instanceof Residual) return "unknown";
  return typeof value === "object" ? "object" : typeof value;
}

/** An expression Terraform would refuse (a wrong type, a missing key): its value is left as written. */
export class EvaluationError extends Error {}

/** `[key, value]` of a list (index), a map or an object (key). */
export function entries(collection: Value): [Value, Value][] {
  if (Array.isArray(collection)) return collection.map((v, i) => [i, v]);
  if (isObjectValue(collection)) return Object.entries(collection);
  throw new EvaluationError("expected a collection");
}

export function toBool(value: Value): boolean {
  if (typeof value === "boolean") return value;
  if (value === "true" || value === "false") return value === "true";
  throw new EvaluationError("expected a bool");
}

export function toNumber(value: Value): number {
  if (typeof value === "number") return value;
  if (typeof value === "string" && value.trim() !== "" && !Number.isNaN(Number(value))) return Number(value);
  throw new EvaluationError("expected a number");
}

/** Terraform's `==`: same type and same value, collections compared item by item. */
export function equal(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => equal(v, b[i]));
  if (isObjectValue(a) && isObjectValue(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && equal(a[k], b[k]))
    );
  }
  return false;
}
