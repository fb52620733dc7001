/**
 * Inline Markdown that renders as written on GitHub and GitLab, also inside table cells: reports print
 * resource addresses, messages and attribute values that contain `|`, `*`, `_`, `<` and backticks.
 */

/** Plain text: Markdown and HTML specials escaped, line breaks kept as `<br>` so a table row stays one line. */
export function text(value: string): string {
  return value
    .replace(/[\\`*_[\]<>|#~]/g, (c) => (c === "<" ? "&lt;" : c === ">" ? "&gt;" : `\\${c}`))
    .replace(/\r?\n/g, "<br>")
    .replace(/\p{Cc}/gu, "\uFFFD");
}

/**
 * A code span that survives any content: the fence is longer than any backtick run inside it. In a table
 * cell (the default) `|` is escaped, since GFM splits cells on it even inside code spans.
 */
export function code(value: string, inTable = true): string {
  const oneLine = value.replace(/\r?\n/g, " ").replace(/\p{Cc}/gu, "\uFFFD");
  const longestRun = Math.max(0, ...(oneLine.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longestRun + 1);
  const pad = oneLine.startsWith("`") || oneLine.endsWith("`") ? " " : "";
  const body = inTable ? oneLine.replace(/\|/g, "\\|") : oneLine;
  return `${fence}${pad}${body}${pad}${fence}`;
}

/** A GFM table; cells must already be inline Markdown. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

/** `1 regression`, `2 regressions`. */
export function plural(count: number, noun: string, many = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : many}`;
}
