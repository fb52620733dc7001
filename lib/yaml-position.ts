import { LineCounter, parseDocument, type Document } from "yaml";

/**
 * A YAML document that remembers where its nodes are, so a problem found after parsing (a schema issue in
 * baseline.yaml, a bad waiver) can name its line. Shared by the configuration and the waivers file.
 */
export interface PositionedYaml {
  readonly doc: Document;
  readonly lineCounter: LineCounter;
}

/** A YAML syntax error: 1-based line and column, and the parser's reason without its code excerpt. */
export interface YamlSyntaxError {
  readonly line: number;
  readonly col: number;
  readonly reason: string;
}

/** Parses YAML with line positions; a duplicate key is an error, as a silently dropped value would be. */
export function parseYamlWithPositions(text: string): PositionedYaml {
  const lineCounter = new LineCounter();
  return { doc: parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false }), lineCounter };
}

export function syntaxErrors({ doc, lineCounter }: PositionedYaml): YamlSyntaxError[] {
  return doc.errors.map((e) => ({ ...lineCounter.linePos(e.pos[0]), reason: e.message.split("\n")[0] }));
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
