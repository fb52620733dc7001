/**
 * Finds the line where each `mode` / `type` / `name` block of a Terraform JSON text starts. Resources are
 * looked up in input order, so every search resumes where the previous one of the same type ended: one pass
 * overall. Best effort: a line is a pointer for the reader, never used to decide a verdict.
 */
export function lineLocator(text: string): (mode: string, type: string, name: string) => number | undefined {
  const lineStarts = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) lineStarts.push(i + 1);
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
