/**
 * Reads the HCL of a Vault server configuration into the JSON shape @cdktf/hcl2json produces (labelled blocks
 * nested by label, block bodies in lists, `${...}` kept verbatim inside strings), synchronously, because
 * controls are pure synchronous functions and hcl2json is asynchronous WebAssembly. It covers what Vault
 * configurations are written with: attributes whose values are literals, lists or objects, blocks with
 * quoted or bare labels, and `#`, `//` and `/* *\/` comments. Anything else (function calls, heredocs) is a
 * syntax error with its line, so a control reports it instead of guessing.
 */
export class HclSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${message}`);
  }
}

export type HclDocument = Record<string, unknown>;

export function readHcl(text: string): HclDocument {
  return new Reader(text).body(false);
}

const IDENTIFIER = /[A-Za-z_][\w-]*/y;
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", '"': '"', "\\": "\\" };

class Reader {
  private pos = 0;

  constructor(private readonly text: string) {}

  body(nested: boolean): HclDocument {
    const out: HclDocument = {};
    for (;;) {
      this.skip(true);
      if (this.pos >= this.text.length) {
        if (nested) throw this.error("expected } before the end of the text");
        return out;
      }
      if (this.peek() === "}") {
        if (!nested) throw this.error("unexpected }");
        this.pos++;
        return out;
      }
      // Vault parses HCL 1, where a quoted attribute name (`"default" = {...}`) is allowed too.
      const name = this.peek() === '"' ? this.string() : this.identifier();
      this.skip(false);
      if (this.peek() === "=") {
        this.pos++;
        if (name in out) throw this.error(`${name} is set twice`);
        out[name] = this.value();
        this.endOfLine();
      } else {
        this.block(out, name);
      }
    }
  }

  private block(out: HclDocument, type: string): void {
    const labels: string[] = [];
    while (this.peek() !== "{") {
      if (this.pos >= this.text.length) throw this.error(`expected { after ${type}`);
      labels.push(this.peek() === '"' ? this.string() : this.identifier());
      this.skip(false);
    }
    this.pos++;
    const body = this.body(true);
    const path = [type, ...labels];
    let target = out;
    for (const step of path.slice(0, -1)) {
      const next = target[step] ?? {};
      if (typeof next !== "object" || Array.isArray(next))
        throw this.error(`${step} is both a block and a value`);
      target = target[step] = next as HclDocument;
    }
    const last = path[path.length - 1];
    const list = target[last] ?? [];
    if (!Array.isArray(list)) throw this.error(`${last} is both a block and a value`);
    list.push(body);
    target[last] = list;
  }

  private value(): unknown {
    this.skip(false);
    const c = this.peek();
    if (c === '"') return this.string();
    if (c === "[") return this.sequence("]", () => this.value());
    if (c === "{") return this.object();
    const number = this.match(NUMBER);
    if (number !== undefined) return Number(number);
    const word = this.match(IDENTIFIER);
    if (word === "true" || word === "false") return word === "true";
    if (word === "null") return null;
    throw this.error(`expected a literal value, found ${word ?? JSON.stringify(c ?? "end of text")}`);
  }

  private object(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.sequence("}", () => {
      const key = this.peek() === '"' ? this.string() : this.identifier();
      this.skip(false);
      if (this.peek() !== "=" && this.peek() !== ":") throw this.error(`expected = after ${key}`);
      this.pos++;
      out[key] = this.value();
    });
    return out;
  }

  /** `[a, b]` or `{ k = v, ... }`: items separated by commas and/or newlines, a trailing comma allowed. */
  private sequence<T>(closing: string, item: () => T): T[] {
    this.pos++;
    const items: T[] = [];
    for (;;) {
      this.skip(true);
      if (this.peek() === closing) {
        this.pos++;
        return items;
      }
      items.push(item());
      this.skip(false);
      if (this.peek() === ",") this.pos++;
      else if (this.peek() !== closing && this.peek() !== "\n") throw this.error(`expected , or ${closing}`);
    }
  }

  private string(): string {
    this.pos++;
    let out = "";
    while (this.pos < this.text.length) {
      const c = this.text[this.pos];
      if (c === '"') {
        this.pos++;
        return out;
      }
      if (c === "\n") break;
      if (c === "\\") {
        const escaped = ESCAPES[this.text[this.pos + 1]];
        if (escaped === undefined) throw this.error(`unknown escape \\${this.text[this.pos + 1]}`);
        out += escaped;
        this.pos += 2;
      } else if ((c === "$" || c === "%") && this.text[this.pos + 1] === "{") {
        out += this.template();
      } else {
        out += c;
        this.pos++;
      }
    }
    throw this.error("unterminated string");
  }

  /** A `${...}` or `%{...}` sequence, kept verbatim (nested braces and quoted strings included). */
  private template(): string {
    const start = this.pos;
    let depth = 0;
    let quoted = false;
    for (; this.pos < this.text.length; this.pos++) {
      const c = this.text[this.pos];
      if (quoted) {
        if (c === "\\") this.pos++;
        else if (c === '"') quoted = false;
      } else if (c === '"') quoted = true;
      else if (c === "{") depth++;
      else if (c === "}" && --depth === 0) return this.text.slice(start, ++this.pos);
    }
    throw this.error("unterminated ${ interpolation");
  }

  private identifier(): string {
    const word = this.match(IDENTIFIER);
    if (word === undefined)
      throw this.error(`expected a name, found ${JSON.stringify(this.peek() ?? "end of text")}`);
    return word;
  }

  private endOfLine(): void {
    this.skip(false);
    if (this.pos < this.text.length && this.peek() !== "}" && this.peek() !== "\n") {
      throw this.error("expected a new line after the value");
    }
  }

  /** Skips spaces and comments, and newlines too when `newlines`. */
  private skip(newlines: boolean): void {
    for (;;) {
      const c = this.peek();
      if (c === " " || c === "\t" || c === "\r" || (newlines && c === "\n")) this.pos++;
      else if (c === "#" || (c === "/" && this.text[this.pos + 1] === "/")) this.skipTo("\n", false);
      else if (c === "/" && this.text[this.pos + 1] === "*") this.skipTo("*/", true);
      else return;
    }
  }

  private skipTo(end: string, past: boolean): void {
    const at = this.text.indexOf(end, this.pos + 2);
    if (at < 0 && past) throw this.error("unterminated /* comment");
    this.pos = at < 0 ? this.text.length : past ? at + end.length : at;
  }

  private match(pattern: RegExp): string | undefined {
    pattern.lastIndex = this.pos;
    const found = pattern.exec(this.text);
    if (!found) return undefined;
    this.pos += found[0].length;
    return found[0];
  }

  private peek(): string | undefined {
    return this.text[this.pos];
  }

  private error(message: string): HclSyntaxError {
    return new HclSyntaxError(message, this.text.slice(0, this.pos).split("\n").length);
  }
}
