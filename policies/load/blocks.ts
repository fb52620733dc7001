import { InputError } from "./errors";

/**
 * Terraform JSON lets each level of a labelled block be an object or a list of objects to merge; this reads
 * both as one list of [label, body] pairs, in input order.
 */
export function mergedEntries(value: unknown, path: string, file: string): [string, unknown][] {
  if (value === undefined) return [];
  const parts = Array.isArray(value) ? value : [value];
  return parts.flatMap((part, i) =>
    Object.entries(
      objectAt(part, Array.isArray(value) ? `${path}[${i}]` : path, file, "an object of named blocks"),
    ),
  );
}

export function objectAt(
  value: unknown,
  path: string,
  file: string,
  expected: string,
): Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw InputError.at(file, path, expected, value);
  return value as Record<string, unknown>;
}

/** A block written as an object (cdktf) or as a list of them (hcl2json): the first. */
export function firstBlock(value: unknown): Record<string, unknown> | undefined {
  const block = Array.isArray(value) ? value[0] : value;
  return block !== null && typeof block === "object" && !Array.isArray(block)
    ? (block as Record<string, unknown>)
    : undefined;
}

/** `dynamic` holding blocks (an object, or a list of them): a label or map key named "dynamic" is left alone. */
export function isDynamic(value: unknown): value is object {
  return value !== null && typeof value === "object";
}
