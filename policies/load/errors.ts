/**
 * An input the policy layer cannot read: unreadable path, malformed JSON or HCL, or a document of the wrong
 * shape. The message names the file, the place inside it, what was expected and what was found; the CLI
 * prints it and exits 2.
 */
export class InputError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = "InputError";
  }

  /** `file: at resource.google_x.y: expected an object; found a string ("abc")`. */
  static at(file: string, path: string, expected: string, found: unknown): InputError {
    return new InputError(
      file,
      `${path ? `at ${path}: ` : ""}expected ${expected}; found ${describe(found)}`,
    );
  }
}

/** A short, human description of a value's kind, with a clipped preview. */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return `a list of ${value.length} item${value.length === 1 ? "" : "s"}`;
  if (typeof value === "string")
    return `a string (${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)})`;
  if (typeof value === "object") return `an object with keys ${clipKeys(Object.keys(value))}`;
  return `${typeof value} ${String(value)}`;
}

function clipKeys(keys: string[]): string {
  if (keys.length === 0) return "(none)";
  const shown = keys.slice(0, 5).join(", ");
  return keys.length > 5 ? `${shown}, …` : shown;
}
