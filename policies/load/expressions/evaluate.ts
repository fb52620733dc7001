import { childrenOf, type Node, type TemplatePart } from "./ast";
import { FUNCTIONS, type Fn } from "./functions";
import { ExpressionSyntaxError, parseTemplate } from "./parse";
import {
  EvaluationError,
  Residual,
  atomic,
  entries,
  equal,
  toBool,
  toNumber,
  hasResidual,
  isObjectValue,
  isResidual,
  quoteHcl,
  toHcl,
  type ObjectValue,
  type Value,
} from "./value";

/** A name Terraform resolves by path (`var`, `local`, `data.google_iam_policy`), not a value of its own. */
export const NAMESPACE = Symbol("namespace");

/**
 * What the names of a configuration stand for: `lookup(["var", "region"])` is the variable's value,
 * `lookup(["var"])` NAMESPACE, and undefined means known only after apply (a resource's attribute, a
 * variable without a value).
 */
export interface Names {
  lookup(path: readonly string[]): Value | typeof NAMESPACE | undefined;
  /**
   * A file's text for `file()` and `templatefile()` (a path relative to the configuration's directory), or
   * undefined when it cannot be read: its value is then known only when Terraform runs.
   */
  readFile?(path: string): string | undefined;
}

/** Names a `templatefile()` sees besides the variables it is given (bound): none. */
const NO_NAMES: Names = { lookup: () => undefined };

/** Names bound while evaluating part of a configuration: `each`, `count`, a dynamic block's iterator. */
export type Bindings = ReadonlyMap<string, Value>;

const NO_BINDINGS: Bindings = new Map();

class Namespace {
  constructor(readonly path: readonly string[]) {}
}

type Evaluated = Value | Namespace;

/**
 * Evaluates a Terraform JSON string (a template) the way Terraform does at plan time: literals, operators,
 * conditionals, `for`, splats and the pure functions, with variables, locals and the `google_iam_policy` data
 * sources the configuration declares. What only apply can tell stays a Residual of the expression text.
 * A string that is not valid template syntax, or that Terraform would refuse, is returned as written.
 */
export function evaluateString(text: string, names: Names, bindings: Bindings = NO_BINDINGS): Value {
  const value = evaluateText(text, names, bindings);
  // A literal `${` (written `$${`) would read as an interpolation again: the model keeps it escaped.
  if (typeof value === "string" && (value.includes("${") || value.includes("%{")))
    return new Residual(() => quoteHcl(value), escapeTemplate(value));
  return value;
}

/** evaluateString, with a known string returned as it is, literal `${` included (what templatefile gives). */
function evaluateText(text: string, names: Names, bindings: Bindings): Value {
  let parts: TemplatePart[];
  try {
    parts = parseTemplate(text);
  } catch (error) {
    if (error instanceof ExpressionSyntaxError) return new Residual(() => quoteHcl(text), text);
    throw error;
  }
  const evaluator = new Evaluator(text, names, bindings);
  try {
    const [only] = parts;
    if (parts.length === 1 && only.kind === "interpolation") {
      const value = evaluator.value(only.expression);
      if (!isResidual(value)) return value;
      const written = text.slice(only.expression.start, only.expression.end);
      return value.text === written ? new Residual(value.text, text) : value;
    }
    return evaluator.template(parts);
  } catch (error) {
    if (
      error instanceof EvaluationError ||
      error instanceof ExpressionSyntaxError ||
      error instanceof RangeError
    )
      return new Residual(() => quoteHcl(text), text);
    throw error;
  }
}

/**
 * Items an evaluation may make (collection items, characters of a formatted string): Terraform has no such
 * bound, but a hostile configuration (a `for` over `range` inside another, a format width of a billion)
 * must not exhaust memory; beyond it the expression is left as written.
 */
export const MAX_ITEMS = 200_000;

class Evaluator {
  private readonly splatItems: Value[] = [];
  private budget = MAX_ITEMS;

  constructor(
    private readonly src: string,
    private readonly names: Names,
    private bindings: Bindings,
  ) {}

  /** A node's value; a namespace (`var` alone) is an error. */
  value(node: Node): Value {
    const found = this.eval(node);
    if (found instanceof Namespace) throw new EvaluationError(`${found.path.join(".")} is not a value`);
    return found;
  }

  private eval(node: Node): Evaluated {
    switch (node.kind) {
      case "literal":
        return node.value;
      case "template":
        return this.template(node.parts, node);
      case "variable":
        return this.variable(node);
      case "attribute":
        return this.attribute(node);
      case "index":
        return this.index(node);
      case "splat":
        return this.splat(node);
      case "splat-item":
        return this.splatItems[this.splatItems.length - 1] ?? null;
      case "call":
        return this.call(node);
      case "tuple":
        this.spend(node.items.length);
        return node.items.map((i) => this.value(i));
      case "object":
        return this.object(node);
      case "unary":
        return this.unary(node);
      case "binary":
        return this.binary(node);
      case "conditional":
        return this.conditional(node);
      case "parens": {
        const inner = this.value(node.inner);
        if (!isResidual(inner) || atomic(inner.text) === inner.text) return inner;
        return this.splice(node, new Map([[node.inner, inner]]));
      }
      case "for":
        return this.forExpression(node);
    }
  }

  /**
   * The node's text with the given children replaced by their values (a residual by its text): what remains
   * of an expression once its known parts are known.
   */
  private splice(node: Node, values: ReadonlyMap<Node, Value>): Residual {
    const children = childrenOf(node)
      .filter((c) => values.has(c))
      .sort((a, b) => a.start - b.start);
    let text = "";
    let at = node.start;
    for (const child of children) {
      text += this.src.slice(at, child.start) + toHcl(values.get(child)!);
      at = child.end;
    }
    return new Residual(text + this.src.slice(at, node.end));
  }

  private written(node: Node): Residual {
    return new Residual(this.src.slice(node.start, node.end));
  }

  // ---- templates ----

  /**
   * A template's string, or a Residual: for a nested template (`node` given) its quoted text; for the whole
   * string, with `raw` as the model reads it (the text as written when nothing in it could be evaluated).
   */
  template(parts: readonly TemplatePart[], node?: Node): Value {
    const rendered = { pieces: [] as (string | Residual)[], changed: false };
    if (!this.renderParts(parts, rendered))
      return node ? this.written(node) : new Residual(() => quoteHcl(this.src), this.src);
    const { pieces, changed } = rendered;
    if (pieces.every((p) => typeof p === "string")) return pieces.join("");
    const quoted = () =>
      `"${pieces.map((p) => (isResidual(p) ? `\${${p.text}}` : quoteHcl(p).slice(1, -1))).join("")}"`;
    if (node) return new Residual(quoted());
    const raw = pieces.map((p) => (isResidual(p) ? `\${${p.text}}` : escapeTemplate(p))).join("");
    return new Residual(quoted, changed ? raw : this.src);
  }

  /**
   * Renders parts into pieces, noting whether any interpolation or directive was evaluated; false when a
   * directive depends on something known only after apply.
   */
  private renderParts(
    parts: readonly TemplatePart[],
    into: { pieces: (string | Residual)[]; changed: boolean },
  ): boolean {
    for (const part of parts) {
      if (part.kind === "text") {
        into.pieces.push(part.text);
      } else if (part.kind === "interpolation") {
        const value = this.value(part.expression);
        if (isResidual(value)) {
          if (value.text !== this.src.slice(part.expression.start, part.expression.end)) into.changed = true;
          into.pieces.push(value);
        } else if (hasResidual(value)) {
          return false;
        } else {
          into.changed = true;
          into.pieces.push(templateString(value));
        }
      } else if (part.kind === "if") {
        const condition = this.value(part.condition);
        if (hasResidual(condition)) return false;
        into.changed = true;
        if (!this.renderParts(toBool(condition) ? part.then : part.else, into)) return false;
      } else {
        const collection = this.value(part.collection);
        if (hasResidual(collection)) return false;
        into.changed = true;
        for (const [key, item] of entries(collection)) {
          const bound: [string, Value][] = [[part.valueName, item]];
          if (part.keyName) bound.push([part.keyName, key]);
          if (!this.withBindings(bound, () => this.renderParts(part.body, into))) return false;
        }
      }
    }
    return true;
  }

  // ---- names ----

  private variable(node: Extract<Node, { kind: "variable" }>): Evaluated {
    if (this.bindings.has(node.name)) return this.bindings.get(node.name)!;
    return this.resolved([node.name], node);
  }

  private resolved(path: readonly string[], node: Node): Evaluated {
    const found = this.names.lookup(path);
    if (found === NAMESPACE) return new Namespace(path);
    if (found === undefined) return this.written(node);
    return isResidual(found) ? new Residual(atomic(found.text)) : found;
  }

  private attribute(node: Extract<Node, { kind: "attribute" }>): Evaluated {
    const object = this.eval(node.object);
    if (object instanceof Namespace) return this.resolved([...object.path, node.name], node);
    if (isResidual(object)) return this.splice(node, new Map([[node.object, object]]));
    return getAttribute(object, node.name);
  }

  private index(node: Extract<Node, { kind: "index" }>): Evaluated {
    const object = this.eval(node.object);
    const key = this.value(node.key);
    if (object instanceof Namespace && typeof key === "string")
      return this.resolved([...object.path, key], node);
    if (object instanceof Namespace) throw new EvaluationError("a namespace indexed by a non-string");
    if (isResidual(object) || isResidual(key))
      return this.splice(
        node,
        new Map<Node, Value>([
          [node.object, object],
          [node.key, key],
        ]),
      );
    return getIndex(object, key);
  }

  private splat(node: Extract<Node, { kind: "splat" }>): Value {
    const object = this.value(node.object);
    if (isResidual(object)) return this.splice(node, new Map([[node.object, object]]));
    const items = object === null ? [] : Array.isArray(object) ? object : [object];
    return items.map((item) => {
      this.splatItems.push(item);
      try {
        return this.value(node.each);
      } finally {
        this.splatItems.pop();
      }
    });
  }

  // ---- constructors and operators ----

  private object(node: Extract<Node, { kind: "object" }>): Value {
    const values = new Map<Node, Value>();
    const out: ObjectValue = {};
    let residual = false;
    for (const { key, value } of node.items) {
      const k = this.value(key);
      const v = this.value(value);
      values.set(key, k);
      values.set(value, v);
      if (isResidual(k)) residual = true;
      else out[keyString(k)] = v;
    }
    return residual ? this.splice(node, values) : out;
  }

  private unary(node: Extract<Node, { kind: "unary" }>): Value {
    const operand = this.value(node.operand);
    if (hasResidual(operand)) return this.splice(node, new Map([[node.operand, operand]]));
    return node.op === "!" ? !toBool(operand) : -toNumber(operand);
  }

  private binary(node: Extract<Node, { kind: "binary" }>): Value {
    const left = this.value(node.left);
    const right = this.value(node.right);
    if (hasResidual(left) || hasResidual(right))
      return this.splice(
        node,
        new Map<Node, Value>([
          [node.left, left],
          [node.right, right],
        ]),
      );
    switch (node.op) {
      case "==":
        return equal(left, right);
      case "!=":
        return !equal(left, right);
      case "&&":
        return toBool(left) && toBool(right);
      case "||":
        return toBool(left) || toBool(right);
      case "<":
        return toNumber(left) < toNumber(right);
      case ">":
        return toNumber(left) > toNumber(right);
      case "<=":
        return toNumber(left) <= toNumber(right);
      case ">=":
        return toNumber(left) >= toNumber(right);
      case "+":
        return toNumber(left) + toNumber(right);
      case "-":
        return toNumber(left) - toNumber(right);
      case "*":
        return toNumber(left) * toNumber(right);
      case "/": {
        const divisor = toNumber(right);
        if (divisor === 0) throw new EvaluationError("division by zero");
        return toNumber(left) / divisor;
      }
      case "%": {
        const divisor = toNumber(right);
        if (divisor === 0) throw new EvaluationError("modulo by zero");
        return toNumber(left) % divisor;
      }
    }
  }

  private conditional(node: Extract<Node, { kind: "conditional" }>): Value {
    const condition = this.value(node.condition);
    if (!hasResidual(condition)) return this.value(toBool(condition) ? node.then : node.else);
    const values = new Map<Node, Value>([[node.condition, condition]]);
    for (const branch of [node.then, node.else]) {
      try {
        values.set(branch, this.value(branch));
      } catch (error) {
        if (!(error instanceof EvaluationError)) throw error;
      }
    }
    return this.splice(node, values);
  }

  private call(node: Extract<Node, { kind: "call" }>): Value {
    const fn: Fn | undefined = FUNCTIONS[node.name];
    if (node.name === "try" || node.name === "can") return this.tryOrCan(node);
    if (FILE_FUNCTIONS.has(node.name)) return this.fileCall(node);
    const values = new Map<Node, Value>();
    const args: Value[] = [];
    for (const arg of node.args) {
      const value = this.value(arg);
      values.set(arg, value);
      args.push(value);
    }
    if (!fn) return this.splice(node, values);
    if (node.expand) {
      const last = args.pop();
      if (isResidual(last)) return this.splice(node, values);
      if (!Array.isArray(last)) throw new EvaluationError("... expands a list only");
      args.push(...last);
    }
    const unknown = fn.opaque ? args.some(isResidual) : args.some(hasResidual);
    if (unknown) return this.splice(node, values);
    const result = fn.call(args);
    this.spend(Array.isArray(result) ? result.length : typeof result === "string" ? result.length >> 6 : 1);
    return result;
  }

  /** `file`, `fileexists`, `filebase64` and `templatefile`, read from the configuration's directory. */
  private fileCall(node: Extract<Node, { kind: "call" }>): Value {
    const args = node.args.map((arg) => this.value(arg));
    const [path, variables] = args;
    const text = typeof path === "string" && !hasResidual(args) ? this.names.readFile?.(path) : undefined;
    if (node.name === "fileexists" && typeof path === "string" && !hasResidual(args) && this.names.readFile)
      return text !== undefined;
    if (text === undefined) return this.splice(node, new Map(node.args.map((arg, i) => [arg, args[i]])));
    this.spend(text.length >> 6);
    if (node.name === "file") return text;
    if (node.name === "filebase64") return Buffer.from(text).toString("base64");
    if (node.name !== "templatefile" || !isObjectValue(variables))
      throw new EvaluationError(`${node.name}: unexpected arguments`);
    const evaluated = evaluateText(text, NO_NAMES, new Map(Object.entries(variables)));
    if (isResidual(evaluated)) return this.splice(node, new Map(node.args.map((arg, i) => [arg, args[i]])));
    return evaluated;
  }

  /** `try(a, b)`: the first that Terraform can evaluate; `can(a)`: whether it can. Unknown stays unknown. */
  private tryOrCan(node: Extract<Node, { kind: "call" }>): Value {
    for (const arg of node.args) {
      let value: Value;
      try {
        value = this.value(arg);
      } catch (error) {
        if (error instanceof EvaluationError) {
          if (node.name === "can") return false;
          continue;
        }
        throw error;
      }
      if (hasResidual(value)) return this.splice(node, new Map([[arg, value]]));
      return node.name === "can" ? true : value;
    }
    if (node.name === "can") throw new EvaluationError("can() takes one argument");
    throw new EvaluationError("no argument of try() could be evaluated");
  }

  private forExpression(node: Extract<Node, { kind: "for" }>): Value {
    const collection = this.value(node.collection);
    if (isResidual(collection)) return this.splice(node, new Map([[node.collection, collection]]));
    const items: Value[] = [];
    const object: Record<string, Value[] | Value> = {};
    for (const [key, item] of entries(collection)) {
      this.spend(1);
      const bound: [string, Value][] = [[node.valueName, item]];
      if (node.keyName) bound.push([node.keyName, key]);
      const result = this.withBindings(bound, () => {
        if (node.condition) {
          const keep = this.value(node.condition);
          if (hasResidual(keep)) return undefined;
          if (!toBool(keep)) return "skip" as const;
        }
        const value = this.value(node.value);
        if (!node.key) return { value };
        const k = this.value(node.key);
        return isResidual(k) ? undefined : { key: keyString(k), value };
      });
      if (result === undefined) return this.splice(node, new Map([[node.collection, collection]]));
      if (result === "skip") continue;
      if (!node.key) items.push(result.value);
      else if (node.group)
        ((object[result.key!] as Value[] | undefined) ?? (object[result.key!] = [])).push(result.value);
      else if (result.key! in object) throw new EvaluationError(`duplicate key ${result.key}`);
      else object[result.key!] = result.value;
    }
    return node.key ? (object as ObjectValue) : items;
  }

  private spend(items: number): void {
    this.budget -= items;
    if (this.budget < 0) throw new EvaluationError(`more than ${MAX_ITEMS} items`);
  }

  private withBindings<T>(bound: readonly [string, Value][], run: () => T): T {
    const saved = this.bindings;
    const next = new Map(saved);
    for (const [name, value] of bound) next.set(name, value);
    this.bindings = next;
    try {
      return run();
    } finally {
      this.bindings = saved;
    }
  }
}

const FILE_FUNCTIONS = new Set(["file", "fileexists", "filebase64", "templatefile"]);

/** Literal text written into a template: `${` and `%{` escaped as `$${` and `%%{`. */
export function escapeTemplate(text: string): string {
  return text.replace(/([$%])\{/g, "$1$1{");
}

/** A value inside a template: strings, numbers and booleans only. */
function templateString(value: Value): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  throw new EvaluationError(`a template cannot include a ${value === null ? "null" : "collection"}`);
}

function keyString(key: Value): string {
  if (typeof key === "string") return key;
  if (typeof key === "number" || typeof key === "boolean") return String(key);
  throw new EvaluationError("an object key must be a string");
}

function getAttribute(object: Value, name: string): Value {
  if (isObjectValue(object) && Object.hasOwn(object, name)) return object[name];
  throw new EvaluationError(`no attribute ${name}`);
}

function getIndex(object: Value, key: Value): Value {
  if (Array.isArray(object)) {
    const i = toNumber(key);
    if (!Number.isInteger(i) || i < 0 || i >= object.length)
      throw new EvaluationError(`index ${i} out of range`);
    return object[i];
  }
  if (isObjectValue(object)) {
    const k = keyString(key);
    if (!Object.hasOwn(object, k)) throw new EvaluationError(`no key ${k}`);
    return object[k];
  }
  throw new EvaluationError("only lists and maps can be indexed");
}
