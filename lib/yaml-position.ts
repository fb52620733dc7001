import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Document } from "yaml";

/**
 * A YAML document that remembers where its nodes are, so a problem found after parsing (a schema issue in
 * baseline.yaml, a bad waiver) can name its line. Shared by the configuration and the waivers file.
 */
export interface PositionedYaml {
  readonly doc: Document;
  readonly lineCounter: LineCounter;
  /** Keys written twice in one mapping (the later value would silently win): errors, like syntax errors. */
  readonly duplicateKeys: readonly YamlSyntaxError[];
}

/** A YAML syntax error: 1-based line and column, and the parser's reason without its code excerpt. */
export interface YamlSyntaxError {
  readonly line: number;
  readonly col: number;
  readonly reason: string;
}

/**
 * Parses YAML with line positions; a duplicate key is an error, as a silently dropped value would be. The
 * parser's own duplicate check compares every key with every other (20,000 keys took 16 s), so duplicates are
 * found here with one set per mapping, in linear time.
 */
export function parseYamlWithPositions(text: string): PositionedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false });
  return { doc, lineCounter, duplicateKeys: duplicateKeysIn(doc, lineCounter) };
}

export function syntaxErrors({ doc, lineCounter, duplicateKeys }: PositionedYaml): YamlSyntaxError[] {
  const parser = doc.errors.map((e) => ({
    ...lineCounter.linePos(e.pos[0]),
    reason: e.message.split("\n")[0],
  }));
  return [...parser, ...duplicateKeys].sort((a, b) => a.line - b.line || a.col - b.col);
}

function duplicateKeysIn(doc: Document, lineCounter: LineCounter): YamlSyntaxError[] {
  const found: YamlSyntaxError[] = [];
  const pending: unknown[] = [doc.contents];
  while (pending.length > 0) {
    const node = pending.pop();
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
        if (key !== undefined && seen.has(key)) {
          const offset = (pair.key as { range?: [number, number, number] }).range?.[0] ?? 0;
          found.push({
            ...lineCounter.linePos(offset),
            reason: `Map keys must be unique ("${clip(key)}" again)`,
          });
        }
        if (key !== undefined) seen.add(key);
        pending.push(pair.value);
      }
    } else if (isSeq(node)) {
      pending.push(...node.items);
    }
  }
  return found;
}

/** Alias expansion beyond this many nodes is refused: a "billion laughs" document would exhaust memory. */
const MAX_ALIAS_COUNT = 100;

/** A YAML document that is valid but cannot be turned into data safely. */
export class YamlValueError extends Error {}

/** The document as plain data, refusing alias bombs with a message that says what was found. */
export function yamlData({ doc }: PositionedYaml): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    if (error instanceof ReferenceError && /alias/i.test(error.message)) {
      throw new YamlValueError(
        `expected YAML whose aliases expand to a bounded size; found aliases that expand beyond ${MAX_ALIAS_COUNT} ` +
          "times their definitions (a resource-exhaustion pattern)",
      );
    }
    throw error;
  }
}

/** A value as a message quotes it: JSON, cut to `max` characters so a huge value never floods the terminal. */
export function quoteValue(value: unknown, max = 80): string {
  const text = value === undefined ? "nothing" : (JSON.stringify(value) ?? String(value));
  return text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text;
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/**
 * The line of the node at `path`, or of its nearest existing ancestor (a missing key is reported where its
 * parent is written); undefined only when not even the document has a position.
 */
export function lineOf(
  { doc, lineCounter }: PositionedYaml,
  path: readonly PropertyKey[],
): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = doc.getIn(path.slice(0, depth) as unknown[], true) as
      { range?: [number, number, number] } | undefined;
    if (node?.range) return lineCounter.linePos(node.range[0]).line;
  }
  return undefined;
}

/** `environments.prod.network.subnets[0]`; `(document root)` for the empty path. */
export function formatYamlPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "(document root)";
  return path
    .map((p, i) => (typeof p === "number" ? `[${p}]` : `${i === 0 ? "" : "."}${String(p)}`))
    .join("");
}
