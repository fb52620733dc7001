import type { BinaryOperator, Node, TemplatePart } from "./ast";

/** An expression this reader does not understand: the value is then left exactly as written. */
export class ExpressionSyntaxError extends Error {}

/**
 * Parses a Terraform JSON string (what hcl2json and cdktf write) as the template Terraform reads it: literal
 * text with `${...}` interpolations and `%{if}` / `%{for}` directives; `$${` and `%%{` are literal. The text
 * itself carries no backslash escapes (JSON decoding has removed them); quoted strings inside an
 * interpolation do.
 */
export function parseTemplate(text: string): TemplatePart[] {
  const cached = PARSED.get(text);
  if (cached instanceof ExpressionSyntaxError) throw cached;
  if (cached) return cached;
  let parts: TemplatePart[] | ExpressionSyntaxError;
  try {
    const parser = new Parser(text);
    const parsed = parser.templateParts(false, []);
    if (parsed.stop !== undefined || parser.pos < text.length) throw parser.error("unexpected directive");
    parts = parsed.parts;
  } catch (error) {
    // Nesting deeper than the stack allows is no expression this reader understands either.
    if (error instanceof RangeError) parts = new ExpressionSyntaxError("nested too deeply");
    else if (!(error instanceof ExpressionSyntaxError)) throw error;
    else parts = error;
  }
  // Parsing depends on the text alone, and large inputs repeat the same strings in every stack.
  if (PARSED.size >= MAX_PARSED) PARSED.clear();
  PARSED.set(text, parts);
  if (parts instanceof ExpressionSyntaxError) throw parts;
  return parts;
}

const PARSED = new Map<string, TemplatePart[] | ExpressionSyntaxError>();
const MAX_PARSED = 20_000;

/** Parses one expression (the text of `${...}` without the braces). */
export function parseExpression(text: string): Node {
  const parser = new Parser(text);
  let node: Node;
  try {
    node = parser.expression();
  } catch (error) {
    if (error instanceof RangeError) throw new ExpressionSyntaxError("nested too deeply");
    throw error;
  }
  parser.space();
  if (parser.pos < text.length) throw parser.error("unexpected text after the expression");
  return node;
}

const PRECEDENCE: readonly (readonly BinaryOperator[])[] = [
  ["||"],
  ["&&"],
  ["==", "!="],
  ["<", ">", "<=", ">="],
  ["+", "-"],
  ["*", "/", "%"],
];

const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_-]*/y;
const NUMBER = /\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const DIGITS = /\d+/y;
/** Where literal template text may end: an interpolation, a directive, a quote or an escape. */
const SPECIAL = /[$%"\\]/g;

type Directive = "else" | "endif" | "endfor";

class Parser {
  pos = 0;

  constructor(readonly src: string) {}

  error(message: string): ExpressionSyntaxError {
    return new ExpressionSyntaxError(`${message} at offset ${this.pos}`);
  }

  // ---- templates ----

  /**
   * Template parts up to the end (or the closing quote when `quoted`), or up to one of the `stops`
   * directives, which is consumed and returned.
   */
  templateParts(
    quoted: boolean,
    stops: readonly Directive[],
    trimStart = false,
  ): { parts: TemplatePart[]; stop?: Directive; trimAfter?: boolean } {
    const parts: TemplatePart[] = [];
    let text = "";
    let trimNext = trimStart;
    const flush = (trimEnd: boolean) => {
      let literal = trimNext ? text.replace(/^\s+/, "") : text;
      if (trimEnd) literal = literal.replace(/\s+$/, "");
      if (literal) parts.push({ kind: "text", text: literal });
      text = "";
      trimNext = false;
    };
    const src = this.src;
    while (this.pos < src.length) {
      const c = src[this.pos];
      if (quoted && c === '"') break;
      if ((c === "$" || c === "%") && src[this.pos + 1] === c && src[this.pos + 2] === "{") {
        text += `${c}{`;
        this.pos += 3;
      } else if (c === "$" && src[this.pos + 1] === "{") {
        this.pos += 2;
        flush(this.strip());
        const expression = this.expression();
        trimNext = this.close();
        parts.push({ kind: "interpolation", expression });
      } else if (c === "%" && src[this.pos + 1] === "{") {
        this.pos += 2;
        flush(this.strip());
        this.space();
        const keyword = this.identifier();
        if (keyword === "if") {
          const condition = this.expression();
          const then = this.templateParts(quoted, ["else", "endif"], this.close());
          const otherwise =
            then.stop === "else"
              ? this.templateParts(quoted, ["endif"], then.trimAfter)
              : { parts: [], stop: then.stop, trimAfter: then.trimAfter };
          if (otherwise.stop !== "endif") throw this.error("%{if} without %{endif}");
          parts.push({ kind: "if", condition, then: then.parts, else: otherwise.parts });
          trimNext = otherwise.trimAfter === true;
        } else if (keyword === "for") {
          const { keyName, valueName } = this.forNames();
          const collection = this.expression();
          const body = this.templateParts(quoted, ["endfor"], this.close());
          if (body.stop !== "endfor") throw this.error("%{for} without %{endfor}");
          parts.push({ kind: "for", keyName, valueName, collection, body: body.parts });
          trimNext = body.trimAfter === true;
        } else if ((stops as string[]).includes(keyword)) {
          return { parts, stop: keyword as Directive, trimAfter: this.close() };
        } else {
          throw this.error(`unexpected %{${keyword}}`);
        }
      } else if (quoted && c === "\\") {
        text += this.escape();
      } else {
        // Literal text up to the next character that may start something else, in one slice.
        SPECIAL.lastIndex = this.pos + 1;
        const next = SPECIAL.exec(src)?.index ?? src.length;
        text += src.slice(this.pos, next);
        this.pos = next;
      }
    }
    flush(false);
    return { parts };
  }

  /** A `~` strip marker right after `${` or `%{`. */
  private strip(): boolean {
    if (this.src[this.pos] !== "~") return false;
    this.pos++;
    return true;
  }

  /** The `}` closing an interpolation or directive, after an optional `~`; whether it strips what follows. */
  private close(): boolean {
    this.space();
    const strip = this.strip();
    this.expect("}");
    return strip;
  }

  private escape(): string {
    const next = this.src[this.pos + 1];
    const simple: Record<string, string> = { n: "\n", r: "\r", t: "\t", '"': '"', "\\": "\\" };
    if (next in simple) {
      this.pos += 2;
      return simple[next];
    }
    const length = next === "u" ? 4 : next === "U" ? 8 : 0;
    const hex = this.src.slice(this.pos + 2, this.pos + 2 + length);
    if (length === 0 || !/^[0-9a-fA-F]+$/.test(hex) || hex.length !== length) throw this.error("bad escape");
    this.pos += 2 + length;
    return String.fromCodePoint(parseInt(hex, 16));
  }

  // ---- expressions ----

  expression(): Node {
    const start = this.skipAndMark();
    const condition = this.binary(0);
    this.space();
    if (this.src[this.pos] !== "?") return condition;
    this.pos++;
    const then = this.expression();
    this.space();
    this.expect(":");
    const otherwise = this.expression();
    return { kind: "conditional", condition, then, else: otherwise, start, end: otherwise.end };
  }

  private binary(level: number): Node {
    if (level === PRECEDENCE.length) return this.unary();
    let left = this.binary(level + 1);
    for (;;) {
      this.space();
      const op = PRECEDENCE[level].find((o) => this.atOperator(o));
      if (!op) return left;
      this.pos += op.length;
      const right = this.binary(level + 1);
      left = { kind: "binary", op, left, right, start: left.start, end: right.end };
    }
  }

  /** Whether the operator starts here, and not as part of a longer one (`<` of `<=`, `=` of `=>`). */
  private atOperator(op: string): boolean {
    if (!this.src.startsWith(op, this.pos)) return false;
    const next = this.src[this.pos + op.length];
    if ((op === "<" || op === ">") && next === "=") return false;
    if (op === "*" && next === "]") return false;
    return true;
  }

  private unary(): Node {
    const start = this.skipAndMark();
    const c = this.src[this.pos];
    if ((c === "!" && this.src[this.pos + 1] !== "=") || c === "-") {
      this.pos++;
      const operand = this.unary();
      return { kind: "unary", op: c, operand, start, end: operand.end };
    }
    return this.postfix(this.primary());
  }

  private postfix(term: Node): Node {
    let node = term;
    for (;;) {
      const before = this.pos;
      this.space();
      const c = this.src[this.pos];
      if (c === "." && this.src[this.pos + 1] === "*") {
        this.pos += 2;
        node = this.splat(node, false);
      } else if (c === "." && /\d/.test(this.src[this.pos + 1] ?? "")) {
        this.pos++;
        const keyStart = this.pos;
        const digits = this.match(DIGITS)!;
        const key: Node = { kind: "literal", value: Number(digits), start: keyStart, end: this.pos };
        node = { kind: "index", object: node, key, start: node.start, end: this.pos };
      } else if (c === ".") {
        this.pos++;
        this.space();
        const name = this.identifier();
        node = { kind: "attribute", object: node, name, start: node.start, end: this.pos };
      } else if (c === "[" && /^\[\s*\*\s*\]/.test(this.src.slice(this.pos, this.pos + 8))) {
        this.pos = this.src.indexOf("]", this.pos) + 1;
        node = this.splat(node, true);
      } else if (c === "[") {
        this.pos++;
        const key = this.expression();
        this.space();
        this.expect("]");
        node = { kind: "index", object: node, key, start: node.start, end: this.pos };
      } else {
        this.pos = before;
        return node;
      }
    }
  }

  /** After `.*` (attributes only follow) or `[*]` (attributes and indexes follow). */
  private splat(object: Node, full: boolean): Node {
    let each: Node = { kind: "splat-item", start: this.pos, end: this.pos };
    for (;;) {
      const before = this.pos;
      this.space();
      const c = this.src[this.pos];
      if (c === "." && this.src[this.pos + 1] !== "*" && !/\d/.test(this.src[this.pos + 1] ?? "")) {
        this.pos++;
        const name = this.identifier();
        each = { kind: "attribute", object: each, name, start: each.start, end: this.pos };
      } else if (full && c === "[" && !/^\[\s*\*/.test(this.src.slice(this.pos, this.pos + 4))) {
        this.pos++;
        const key = this.expression();
        this.space();
        this.expect("]");
        each = { kind: "index", object: each, key, start: each.start, end: this.pos };
      } else {
        this.pos = before;
        return { kind: "splat", object, each, start: object.start, end: this.pos };
      }
    }
  }

  private primary(): Node {
    const start = this.skipAndMark();
    const c = this.src[this.pos];
    if (c === undefined) throw this.error("expected an expression");
    if (/\d/.test(c)) {
      const text = this.match(NUMBER)!;
      return { kind: "literal", value: Number(text), start, end: this.pos };
    }
    if (c === '"') {
      this.pos++;
      const { parts, stop } = this.templateParts(true, []);
      if (stop !== undefined) throw this.error("unexpected directive");
      this.expect('"');
      const simple = parts.every((p) => p.kind === "text");
      if (simple)
        return {
          kind: "literal",
          value: parts.map((p) => (p as { text: string }).text).join(""),
          start,
          end: this.pos,
        };
      return { kind: "template", parts, quoted: true, start, end: this.pos };
    }
    if (c === "(") {
      this.pos++;
      const inner = this.expression();
      this.space();
      this.expect(")");
      return { kind: "parens", inner, start, end: this.pos };
    }
    if (c === "[") return this.tuple(start);
    if (c === "{") return this.object(start);
    const name = this.identifier();
    if (name === "true" || name === "false")
      return { kind: "literal", value: name === "true", start, end: this.pos };
    if (name === "null") return { kind: "literal", value: null, start, end: this.pos };
    if (this.src[this.pos] === "(") return this.call(name, start);
    return { kind: "variable", name, start, end: this.pos };
  }

  private call(name: string, start: number): Node {
    this.pos++;
    const args: Node[] = [];
    let expand = false;
    for (;;) {
      this.space();
      if (this.src[this.pos] === ")") break;
      args.push(this.expression());
      this.space();
      if (this.src.startsWith("...", this.pos)) {
        this.pos += 3;
        expand = true;
        this.space();
      }
      if (this.src[this.pos] === ",") this.pos++;
      else if (this.src[this.pos] !== ")") throw this.error("expected , or )");
    }
    this.pos++;
    return { kind: "call", name, args, expand, start, end: this.pos };
  }

  private tuple(start: number): Node {
    this.pos++;
    if (this.atKeyword("for")) return this.forExpression(start, "]");
    const items: Node[] = [];
    for (;;) {
      this.space();
      if (this.src[this.pos] === "]") break;
      items.push(this.expression());
      this.space();
      if (this.src[this.pos] === ",") this.pos++;
      else if (this.src[this.pos] !== "]") throw this.error("expected , or ]");
    }
    this.pos++;
    return { kind: "tuple", items, start, end: this.pos };
  }

  private object(start: number): Node {
    this.pos++;
    if (this.atKeyword("for")) return this.forExpression(start, "}");
    const items: { key: Node; value: Node }[] = [];
    for (;;) {
      this.space();
      if (this.src[this.pos] === "}") break;
      let key = this.expression();
      // A bare name is the key itself (`{ name = 1 }`); any other expression is evaluated.
      if (key.kind === "variable") key = { kind: "literal", value: key.name, start: key.start, end: key.end };
      this.space();
      const c = this.src[this.pos];
      if ((c !== "=" && c !== ":") || this.src[this.pos + 1] === "=") throw this.error("expected = or :");
      this.pos++;
      const value = this.expression();
      items.push({ key, value });
      this.space();
      if (this.src[this.pos] === ",") this.pos++;
    }
    this.pos++;
    return { kind: "object", items, start, end: this.pos };
  }

  private forExpression(start: number, closing: "]" | "}"): Node {
    this.space();
    this.identifier(); // for
    const { keyName, valueName } = this.forNames();
    const collection = this.expression();
    this.space();
    this.expect(":");
    let key: Node | undefined;
    let value = this.expression();
    if (closing === "}") {
      this.space();
      this.expect("=>");
      key = value;
      value = this.expression();
    }
    this.space();
    let group = false;
    if (this.src.startsWith("...", this.pos)) {
      this.pos += 3;
      group = true;
    }
    let condition: Node | undefined;
    if (this.atKeyword("if")) {
      this.space();
      this.identifier();
      condition = this.expression();
    }
    this.space();
    this.expect(closing);
    return {
      kind: "for",
      keyName,
      valueName,
      collection,
      key,
      value,
      condition,
      group,
      start,
      end: this.pos,
    };
  }

  /** `k, v in` or `v in` of a for expression or directive (after the `for` keyword). */
  forNames(): { keyName?: string; valueName: string } {
    this.space();
    const first = this.identifier();
    this.space();
    let keyName: string | undefined;
    let valueName = first;
    if (this.src[this.pos] === ",") {
      this.pos++;
      this.space();
      keyName = first;
      valueName = this.identifier();
      this.space();
    }
    if (this.identifier() !== "in") throw this.error("expected in");
    return { keyName, valueName };
  }

  private atKeyword(keyword: string): boolean {
    const before = this.pos;
    this.space();
    IDENTIFIER.lastIndex = this.pos;
    const found = IDENTIFIER.exec(this.src)?.[0];
    this.pos = before;
    return (
      found === keyword &&
      !/^[(.[]/.test(this.src.slice(this.pos).trimStart().slice(keyword.length).trimStart())
    );
  }

  private identifier(): string {
    const name = this.match(IDENTIFIER);
    if (name === undefined) throw this.error("expected a name");
    return name;
  }

  private match(pattern: RegExp): string | undefined {
    pattern.lastIndex = this.pos;
    const found = pattern.exec(this.src)?.[0];
    if (found !== undefined) this.pos += found.length;
    return found;
  }

  private expect(text: string): void {
    if (!this.src.startsWith(text, this.pos)) throw this.error(`expected ${text}`);
    this.pos += text.length;
  }

  private skipAndMark(): number {
    this.space();
    return this.pos;
  }

  /** Skips white space, newlines and comments. */
  space(): void {
    const src = this.src;
    for (;;) {
      const c = src[this.pos];
      if (c === " " || c === "\t" || c === "\n" || c === "\r") this.pos++;
      else if (c === "#" || (c === "/" && src[this.pos + 1] === "/")) {
        const end = src.indexOf("\n", this.pos);
        this.pos = end < 0 ? src.length : end;
      } else if (c === "/" && src[this.pos + 1] === "*") {
        const end = src.indexOf("*/", this.pos + 2);
        if (end < 0) throw this.error("unterminated comment");
        this.pos = end + 2;
      } else return;
    }
  }
}
