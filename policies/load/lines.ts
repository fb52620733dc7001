export type LineLocator = (mode: "resource" | "data", type: string, name: string) => number | undefined;

/**
 * Finds the line where each `mode` / `type` / `name` block of a Terraform JSON text starts. Resources are
 * looked up in input order, so every search resumes where the previous one of the same type ended: one pass
 * overall. Best effort: a line is a pointer for the reader, never used to decide a verdict.
 */
export function jsonLineLocator(text: string): LineLocator {
  const lineStarts = lineStartsOf(text);
  const cursor = new Map<string, number>();
  return (mode, type, name) => {
    const key = `${mode}.${type}`;
    let from = cursor.get(key);
    if (from === undefined) {
      from = findKey(text, type, Math.max(0, findKey(text, mode, 0)));
      if (from < 0) return undefined;
    }
    const at = findKey(text, name, from);
    if (at < 0) return undefined;
    cursor.set(key, at + name.length);
    return lineOf(lineStarts, at);
  };
}

/** Position of `"key"` used as an object key (followed by a colon) at or after `from`, or -1. */
function findKey(text: string, key: string, from: number): number {
  const quoted = JSON.stringify(key);
  for (let at = text.indexOf(quoted, from); at >= 0; at = text.indexOf(quoted, at + 1)) {
    let next = at + quoted.length;
    while (next < text.length && /\s/.test(text[next])) next++;
    if (text[next] === ":") return at;
  }
  return -1;
}

/**
 * Finds `resource "type" "name" {` in HCL text (hcl2json keeps no positions). Quoted labels are the norm;
 * unquoted ones are accepted too.
 */
export function hclLineLocator(text: string): LineLocator {
  const lineStarts = lineStartsOf(text);
  return (mode, type, name) => {
    const label = (s: string) => `"?${s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}"?`;
    const block = new RegExp(`^[ \\t]*${mode}[ \\t]+${label(type)}[ \\t]+${label(name)}[ \\t]*\\{`, "m").exec(
      text,
    );
    return block ? lineOf(lineStarts, block.index) : undefined;
  };
}

function lineStartsOf(text: string): number[] {
  const lineStarts = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) lineStarts.push(i + 1);
  return lineStarts;
}

function lineOf(lineStarts: readonly number[], offset: number): number {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (lineStarts[mid] <= offset) low = mid;
    else high = mid - 1;
  }
  return low + 1;
}
