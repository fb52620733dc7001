/**
 * The syntax tree of a Terraform (HCL native syntax) expression, as hcl2json and Terraform JSON carry it inside
 * `${...}`. Every node keeps its span in the source text, so an expression that cannot be evaluated before
 * apply is written back as the user wrote it, with only its known parts replaced by their values.
 */
export type Node =
  | { kind: "literal"; value: string | number | boolean | null; start: number; end: number }
  | { kind: "template"; parts: TemplatePart[]; quoted: boolean; start: number; end: number }
  | { kind: "variable"; name: string; start: number; end: number }
  | { kind: "attribute"; object: Node; name: string; start: number; end: number }
  | { kind: "index"; object: Node; key: Node; start: number; end: number }
  /** `list[*].a.b` or `list.*.a`: `each` is applied to every item (a traversal from the `item` node). */
  | { kind: "splat"; object: Node; each: Node; start: number; end: number }
  /** The item a splat's traversal starts from. */
  | { kind: "splat-item"; start: number; end: number }
  | { kind: "call"; name: string; args: Node[]; expand: boolean; start: number; end: number }
  | { kind: "tuple"; items: Node[]; start: number; end: number }
  | { kind: "object"; items: { key: Node; value: Node }[]; start: number; end: number }
  | { kind: "unary"; op: "!" | "-"; operand: Node; start: number; end: number }
  | { kind: "binary"; op: BinaryOperator; left: Node; right: Node; start: number; end: number }
  | { kind: "conditional"; condition: Node; then: Node; else: Node; start: number; end: number }
  | { kind: "parens"; inner: Node; start: number; end: number }
  | {
      kind: "for";
      keyName?: string;
      valueName: string;
      collection: Node;
      /** Set for an object `for` (`{for k, v in x : k => v}`). */
      key?: Node;
      value: Node;
      condition?: Node;
      /** `...` after the value: an object `for` groups the values of equal keys into lists. */
      group: boolean;
      start: number;
      end: number;
    };

export type BinaryOperator =
  "||" | "&&" | "==" | "!=" | "<" | ">" | "<=" | ">=" | "+" | "-" | "*" | "/" | "%";

/** Literal text, an interpolation (`${...}`), or an `%{if}` / `%{for}` directive of a template. */
export type TemplatePart =
  | { kind: "text"; text: string }
  | { kind: "interpolation"; expression: Node }
  | { kind: "if"; condition: Node; then: TemplatePart[]; else: TemplatePart[] }
  | { kind: "for"; keyName?: string; valueName: string; collection: Node; body: TemplatePart[] };

/** The direct sub-expressions of a node, in source order (for writing a partly known expression back). */
export function childrenOf(node: Node): Node[] {
  switch (node.kind) {
    case "attribute":
      return [node.object];
    case "index":
      return [node.object, node.key];
    case "splat":
      return [node.object];
    case "call":
      return node.args;
    case "tuple":
      return node.items;
    case "object":
      return node.items.flatMap((i) => [i.key, i.value]);
    case "unary":
      return [node.operand];
    case "binary":
      return [node.left, node.right];
    case "conditional":
      return [node.condition, node.then, node.else];
    case "parens":
      return [node.inner];
    case "for":
      return [node.collection];
    default:
      return [];
  }
}
