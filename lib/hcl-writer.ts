/** A small HCL writer: enough for Vault's server configuration (attributes, labelled and nested blocks). */
export type HclValue = string | number | boolean;

export interface HclAttribute {
  readonly name: string;
  readonly value: HclValue;
  /** Written above the attribute: the reason for a setting a reader might question. */
  readonly comment?: string;
}

export interface HclBlock {
  readonly type: string;
  readonly labels: readonly string[];
  readonly body: readonly HclNode[];
}

export type HclNode = HclAttribute | HclBlock;

export function attribute(name: string, value: HclValue, comment?: string): HclAttribute {
  return { name, value, comment };
}

export function block(type: string, labels: readonly string[], body: readonly HclNode[]): HclBlock {
  return { type, labels, body };
}

/** Renders nodes as HCL, with the `=` of the attributes of each block aligned. */
export function renderHcl(nodes: readonly HclNode[]): string {
  return `${renderBody(nodes, "")}\n`;
}

function renderBody(nodes: readonly HclNode[], indent: string): string {
  const width = Math.max(0, ...nodes.filter(isAttribute).map((node) => node.name.length));
  return nodes
    .map((node, index) => {
      const gap =
        index > 0 && (!isAttribute(node) || !isAttribute(nodes[index - 1]) || node.comment) ? "\n" : "";
      return gap + (isAttribute(node) ? renderAttribute(node, indent, width) : renderBlock(node, indent));
    })
    .join("\n");
}

function renderAttribute(node: HclAttribute, indent: string, width: number): string {
  const comment = node.comment ? wrapComment(node.comment, indent) : "";
  return `${comment}${indent}${node.name.padEnd(width)} = ${renderValue(node.value)}`;
}

function renderBlock(node: HclBlock, indent: string): string {
  const header = [node.type, ...node.labels.map(quote)].join(" ");
  return `${indent}${header} {\n${renderBody(node.body, `${indent}  `)}\n${indent}}`;
}

function renderValue(value: HclValue): string {
  return typeof value === "string" ? quote(value) : String(value);
}

function quote(text: string): string {
  return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}

function wrapComment(text: string, indent: string): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line && line.length + word.length + 1 > 100) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  lines.push(line);
  return lines.map((l) => `${indent}# ${l}\n`).join("");
}

function isAttribute(node: HclNode): node is HclAttribute {
  return "value" in node;
}
