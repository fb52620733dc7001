import { realpathSync } from "node:fs";
import { resolve, sep } from "node:path";
import { decodeUtf8, readBounded } from "../../lib/bounded-input";
import { parseReferences } from "../model/model";
import { Unknown, isUnknown } from "../model/types";
import { withoutNulls } from "../model/values";
import { firstBlock, isDynamic } from "./blocks";
import { MAX_ITEMS, NAMESPACE, evaluateString, type Bindings, type Names } from "./expressions/evaluate";
import { ExpressionSyntaxError, parseTemplate } from "./expressions/parse";
import { jsonEncode } from "./expressions/functions";
import {
  Residual,
  entries,
  hasResidual,
  isObjectValue,
  toModel,
  type ObjectValue,
  type Value,
} from "./expressions/value";

/** Values given to a configuration's variables (from `--var-file` and tfvars files), by variable name. */
export type VariableValues = ReadonlyMap<string, unknown>;

const NO_BINDINGS: Bindings = new Map();

/** Roots whose names Terraform resolves at plan time; any other root names a resource (known after apply). */
const EVALUATED_ROOTS = new Set(["var", "local", "data", "each", "count", "self", "path", "terraform"]);
const SIMPLE_TRAVERSAL = /^\$\{([A-Za-z_][\w-]*)(?:\.[\w-]+|\[\d+\])*\}$/;
/** A name only a configuration (or a binding) gives a value: a text without one evaluates the same anywhere. */
const CONTEXTUAL =
  /(?<![\w.-])(?:var|local|data|each|count|self|path|terraform|file|fileexists|filebase64|templatefile)(?![\w-])/;

/** Evaluations of texts that name nothing a configuration defines, shared by every configuration read. */
const CONTEXT_FREE = new Map<string, Value>();
/** Whether an evaluated text is an expression the model can follow (or no expression at all), by text. */
const FOLLOWABLE = new Map<string, boolean>();
/** Bounds each cache: large inputs repeat the same strings in every stack, but memory must stay bounded. */
const MAX_MEMO = 20_000;

/** Whether a string may hold an interpolation or directive (a `{` is rare in attribute values). */
function mayHoldExpression(text: string): boolean {
  return text.indexOf("{") !== -1 && (text.includes("${") || text.includes("%{"));
}

/**
 * What a Terraform configuration (every file of one module) knows before apply: its variables (declared
 * defaults, overridden by the values given), its locals, and its `google_iam_policy` data sources, whose
 * `policy_data` the provider computes from the configuration alone. Attribute values are evaluated against
 * it as Terraform evaluates them at plan time; what only apply can tell stays a `${...}` expression.
 */
export class Configuration implements Names {
  private readonly variables = new Map<string, { readonly value: unknown; readonly type?: unknown }>();
  private readonly locals = new Map<string, unknown>();
  private readonly localValues = new Map<string, Value | undefined>();
  private readonly evaluating = new Set<string>();
  private readonly iamPolicies = new Map<string, unknown>();
  private readonly policyData = new Map<string, string | undefined>();
  /** Evaluation depends only on the text when nothing is bound: repeated strings are evaluated once. */
  private readonly memo = new Map<string, Value>();

  constructor(
    roots: readonly Record<string, unknown>[],
    given: VariableValues = new Map(),
    /** The directory of the configuration's files, which `path.module` and `file()` read from; unknown for stdin. */
    private readonly directory?: string,
  ) {
    for (const root of roots) {
      for (const [name, block] of labelled(root.variable)) {
        const body = firstBlock(block) ?? {};
        const value = given.has(name) ? given.get(name) : body.default;
        if (given.has(name) || "default" in body) this.variables.set(name, { value, type: body.type });
        else this.variables.delete(name);
      }
      for (const locals of Array.isArray(root.locals) ? root.locals : [root.locals])
        if (isDynamic(locals))
          for (const [name, value] of Object.entries(locals)) this.locals.set(name, value);
      const data = firstBlock(root.data);
      for (const part of Array.isArray(root.data) ? root.data : data ? [data] : []) {
        const policies = (part as Record<string, unknown>).google_iam_policy;
        for (const [name, block] of labelled(policies)) this.iamPolicies.set(name, firstBlock(block));
      }
    }
  }

  lookup(path: readonly string[]): Value | typeof NAMESPACE | undefined {
    const [root, name, ...rest] = path;
    if (name === undefined)
      return root === "var" || root === "local" || root === "data" || (root === "path" && this.directory)
        ? NAMESPACE
        : undefined;
    // The root module's path, relative to the directory Terraform runs in: the configuration's own.
    if (root === "path") return this.directory && (name === "module" || name === "root") ? "." : undefined;
    if (root === "var") return this.variable(name);
    if (root === "local") return this.local(name);
    if (root !== "data" || name !== "google_iam_policy") return undefined;
    const [policy, attribute] = rest;
    if (policy === undefined) return NAMESPACE;
    if (!this.iamPolicies.has(policy)) return undefined;
    if (attribute === undefined) return NAMESPACE;
    return attribute === "policy_data" ? this.iamPolicyData(policy) : undefined;
  }

  /**
   * A file inside the configuration's directory. One outside it (an absolute path, `..`, a link that leads
   * out) is not read: a configuration under review must not make the checker copy `/proc/self/environ` or a
   * key into a report.
   */
  readFile(path: string): string | undefined {
    if (this.directory === undefined) return undefined;
    try {
      const root = realpathSync(this.directory);
      const file = realpathSync(resolve(root, path));
      if (!file.startsWith(`${root}${sep}`)) return undefined;
      return decodeUtf8(readBounded(file), "a text file");
    } catch {
      return undefined;
    }
  }

  /** The JSON policy a `google_iam_policy` data source renders, when everything in it is known. */
  iamPolicyData(name: string): string | undefined {
    if (this.policyData.has(name)) return this.policyData.get(name);
    this.policyData.set(name, undefined);
    const body = this.value(this.iamPolicies.get(name) ?? {});
    let data: string | undefined;
    if (isObjectValue(body) && !hasResidual(body)) {
      const bindings = blockList(body.binding).map((b) => ({
        role: b.role ?? null,
        members: Array.isArray(b.members) ? [...b.members].sort() : [],
        ...(blockList(b.condition)[0] ? { condition: blockList(b.condition)[0] } : {}),
      }));
      const audits = blockList(body.audit_config).map((a) => ({
        service: a.service ?? null,
        auditLogConfigs: blockList(a.audit_log_configs).map((c) => ({
          logType: c.log_type ?? null,
          ...(c.exempted_members ? { exemptedMembers: c.exempted_members } : {}),
        })),
      }));
      data = jsonEncode({ ...(audits.length > 0 ? { auditConfigs: audits } : {}), bindings });
    }
    this.policyData.set(name, data);
    return data;
  }

  /**
   * An attribute value (any JSON) as the model reads it: every string evaluated. Unchanged parts keep their
   * identity, so a configuration with nothing to evaluate costs a walk and no copy.
   */
  evaluate(json: unknown, bindings: Bindings = NO_BINDINGS): unknown {
    if (typeof json === "string") return this.evaluateText(json, bindings);
    if (Array.isArray(json)) {
      let copy: unknown[] | undefined;
      json.forEach((item, i) => {
        const evaluated = this.evaluate(item, bindings);
        if (evaluated !== item) (copy ??= [...json])[i] = evaluated;
      });
      return copy ?? json;
    }
    if (json === null || typeof json !== "object" || json instanceof Unknown) return json;
    let copy: Record<string, unknown> | undefined;
    for (const [key, item] of Object.entries(json)) {
      const evaluated = this.evaluate(item, bindings);
      if (evaluated !== item) (copy ??= { ...(json as Record<string, unknown>) })[key] = evaluated;
    }
    return copy ?? json;
  }

  /**
   * A resource's attributes as the model reads them, in one pass over its body (`skip`: the meta-arguments):
   * every string evaluated; an expression that names no resource and cannot be evaluated an Unknown (see
   * `unknownsIn`); an object key set to `null` left out, since Terraform reads it as not set; every `dynamic`
   * block whose `for_each` is known rendered into the blocks it makes, its iterator bound to each key and
   * value. A dynamic block rendered only from values known after apply becomes an Unknown of its name: read
   * as absent, a dynamic `access_config` or `allow` would pass the controls that look for it.
   */
  attributes(
    body: Record<string, unknown>,
    skip: ReadonlySet<string>,
    each?: ObjectValue,
  ): Record<string, unknown> {
    return this.block(body, each ? new Map([["each", each]]) : NO_BINDINGS, skip);
  }

  /**
   * The instances a `for_each` makes when it is known before apply (a map, or a set of strings): each key
   * with `each` as Terraform binds it (`each.key`, `each.value`). Undefined when there is no `for_each`, or
   * when only apply can tell what it holds.
   */
  instances(forEach: unknown): { key: string; each: ObjectValue }[] | undefined {
    if (forEach === undefined || forEach === null) return undefined;
    const collection = this.value(forEach);
    if (hasResidual(collection)) return undefined;
    if (Array.isArray(collection)) {
      if (!collection.every((item) => typeof item === "string")) return undefined;
      return [...new Set(collection as string[])].sort().map((key) => ({ key, each: { key, value: key } }));
    }
    if (!isObjectValue(collection)) return undefined;
    return Object.keys(collection).map((key) => ({ key, each: { key, value: collection[key] } }));
  }

  private block(
    body: Record<string, unknown>,
    bindings: Bindings,
    skip?: ReadonlySet<string>,
  ): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    let dynamic: object | undefined;
    for (const key in body) {
      if (skip?.has(key)) continue;
      const value = body[key];
      if (key === "dynamic" && isDynamic(value)) {
        dynamic = value;
        continue;
      }
      const read = this.attribute(value, bindings);
      if (read !== null) out[key] = read;
    }
    if (dynamic !== undefined) this.renderDynamics(dynamic, out, bindings);
    return out;
  }

  private attribute(value: unknown, bindings: Bindings): unknown {
    if (typeof value === "string") {
      if (!mayHoldExpression(value)) return value;
      const evaluated = this.evaluateText(value, bindings);
      if (typeof evaluated === "string")
        return this.unresolvable(evaluated) ? this.unknown(evaluated) : evaluated;
      return this.unknownsIn(withoutNulls(evaluated));
    }
    if (value === null || typeof value !== "object" || value instanceof Unknown) return value;
    if (Array.isArray(value)) return value.map((item) => this.attribute(item, bindings));
    return this.block(value as Record<string, unknown>, bindings);
  }

  private renderDynamics(dynamic: object, out: Record<string, unknown>, bindings: Bindings): void {
    for (const [name, spec] of (Array.isArray(dynamic) ? dynamic : [dynamic]).flatMap((d) =>
      isDynamic(d) ? Object.entries(d) : [],
    )) {
      for (const one of Array.isArray(spec) ? spec : [spec]) {
        const rendered = isUnknown(out[name]) ? undefined : this.renderDynamic(name, one, bindings);
        if (rendered === undefined) {
          out[name] = new Unknown(`dynamic "${name}" block: rendered only at plan time`);
        } else if (rendered.length > 0 || out[name] === undefined) {
          const existing = out[name];
          out[name] = [
            ...(existing === undefined ? [] : Array.isArray(existing) ? existing : [existing]),
            ...rendered,
          ];
        }
      }
    }
  }

  private renderDynamic(
    name: string,
    spec: unknown,
    bindings: Bindings,
  ): Record<string, unknown>[] | undefined {
    const body = firstBlock(spec);
    if (!body) return undefined;
    const collection = this.value(body.for_each, bindings);
    if (
      collection === null ||
      hasResidual(collection) ||
      (!Array.isArray(collection) && !isObjectValue(collection))
    )
      return undefined;
    const iterator =
      typeof body.iterator === "string" ? body.iterator.replace(/^\$\{\s*(.*?)\s*\}$/, "$1") : name;
    const content = firstBlock(body.content) ?? {};
    return entries(collection).map(([key, value]) => {
      const bound = new Map(bindings);
      bound.set(iterator, { key, value } as ObjectValue);
      return this.block(content, bound);
    });
  }

  /**
   * An evaluated attribute value with every expression that refers to no resource (`${var.x}` of a variable
   * without a value, `${terraform.workspace}`) replaced by an Unknown, as a plan has it: nothing can tell its
   * value before apply, and a control must not read the expression text as the value. An expression that
   * refers to a resource stays, so the model can follow it.
   */
  unknownsIn(value: unknown): unknown {
    if (typeof value === "string") return this.unresolvable(value) ? this.unknown(value) : value;
    if (Array.isArray(value)) {
      let copy: unknown[] | undefined;
      value.forEach((item, i) => {
        const checked = this.unknownsIn(item);
        if (checked !== item) (copy ??= [...value])[i] = checked;
      });
      return copy ?? value;
    }
    if (value === null || typeof value !== "object" || value instanceof Unknown) return value;
    let copy: Record<string, unknown> | undefined;
    for (const [key, item] of Object.entries(value)) {
      const checked = this.unknownsIn(item);
      if (checked !== item) (copy ??= { ...(value as Record<string, unknown>) })[key] = checked;
    }
    return copy ?? value;
  }

  private unresolvable(text: string): boolean {
    if (!mayHoldExpression(text)) return false;
    const simple = SIMPLE_TRAVERSAL.exec(text);
    if (simple && !EVALUATED_ROOTS.has(simple[1])) return false;
    let known = FOLLOWABLE.get(text);
    if (known === undefined) {
      let parts;
      try {
        parts = parseTemplate(text);
      } catch (error) {
        if (!(error instanceof ExpressionSyntaxError)) throw error;
        parts = undefined;
      }
      // Only literal text (`$${HOME}` in a script) is no expression; nor is what this reader cannot parse.
      known =
        parts === undefined || parts.every((p) => p.kind === "text") || parseReferences(text).length > 0;
      if (FOLLOWABLE.size >= MAX_MEMO) FOLLOWABLE.clear();
      FOLLOWABLE.set(text, known);
    }
    return !known;
  }

  private unknown(text: string): Unknown {
    const variable = /^\$\{var\.([\w-]+)\}$/.exec(text)?.[1];
    if (variable !== undefined && this.variable(variable) === undefined)
      return new Unknown(`var.${variable} has no value (give one in a tfvars file or with --var-file)`);
    return new Unknown(`computed from ${text}`);
  }

  /** A value (count, for_each) as the evaluator holds it: strings evaluated, collections converted. */
  value(json: unknown, bindings: Bindings = NO_BINDINGS): Value {
    if (typeof json === "string") return this.evaluateString(json, bindings);
    if (Array.isArray(json)) return json.map((item) => this.value(item, bindings));
    if (json === null || typeof json !== "object") return (json ?? null) as Value;
    const out: ObjectValue = {};
    for (const [key, item] of Object.entries(json)) out[key] = this.value(item, bindings);
    return out;
  }

  private evaluateText(text: string, bindings: Bindings): unknown {
    if (!mayHoldExpression(text)) return text;
    const simple = SIMPLE_TRAVERSAL.exec(text);
    if (simple && !EVALUATED_ROOTS.has(simple[1]) && !bindings.has(simple[1])) return text;
    if (simple && simple[1] === "data" && !text.startsWith("${data.google_iam_policy.")) return text;
    return toModel(this.evaluateString(text, bindings));
  }

  private evaluateString(text: string, bindings: Bindings): Value {
    if (bindings.size > 0) return evaluateString(text, this, bindings);
    // A text naming nothing a configuration defines evaluates the same in every configuration.
    const memo = CONTEXTUAL.test(text) ? this.memo : CONTEXT_FREE;
    let value = memo.get(text);
    if (value === undefined) {
      value = evaluateString(text, this);
      // Values shared by reference (a local used twice in a list, nested) may expand beyond any bound when
      // written out: such an expression is left as written.
      if (!within(value, MAX_ITEMS)) value = new Residual(asExpression(text), text);
      if (memo.size >= MAX_MEMO) memo.clear();
      memo.set(text, value);
    }
    // Each use gets its own collections: attributes are the model's, never shared between resources.
    return copyOf(value);
  }

  private variable(name: string): Value | undefined {
    const declared = this.variables.get(name);
    if (!declared) return undefined;
    const value = this.value(declared.value);
    return hasResidual(value) ? undefined : converted(value, declared.type);
  }

  private local(name: string): Value | undefined {
    if (this.localValues.has(name)) return this.localValues.get(name);
    if (!this.locals.has(name) || this.evaluating.has(name)) return undefined;
    this.evaluating.add(name);
    try {
      let value: Value | undefined = this.value(this.locals.get(name));
      if (!within(value, MAX_ITEMS)) value = undefined;
      this.localValues.set(name, value);
      return value;
    } finally {
      this.evaluating.delete(name);
    }
  }
}

/** A Terraform JSON string as HCL expression text: a lone interpolation as its expression, else a template. */
function asExpression(text: string): string {
  const whole = SIMPLE_INTERPOLATION.exec(text);
  return whole ? whole[1] : JSON.stringify(text);
}

const SIMPLE_INTERPOLATION = /^\$\{([^{}]*)\}$/;

/** Whether the value, written out, has at most `limit` items (shared parts counted each time they occur). */
function within(value: Value, limit: number): boolean {
  let left = limit;
  const visit = (v: Value): boolean => {
    if (--left < 0) return false;
    if (Array.isArray(v)) return v.every(visit);
    if (isObjectValue(v)) return Object.values(v).every(visit);
    return true;
  };
  return visit(value);
}

function copyOf(value: Value): Value {
  if (Array.isArray(value)) return value.map(copyOf);
  if (!isObjectValue(value)) return value;
  const copy: ObjectValue = {};
  for (const [key, item] of Object.entries(value)) copy[key] = copyOf(item);
  return copy;
}

/** A variable's value converted to its declared primitive type, as Terraform converts `"3"` for a number. */
function converted(value: Value, type: unknown): Value {
  const declared = typeof type === "string" ? type.replace(/^\$\{\s*(.*?)\s*\}$/, "$1") : undefined;
  if (
    declared === "number" &&
    typeof value === "string" &&
    value.trim() !== "" &&
    !Number.isNaN(Number(value))
  )
    return Number(value);
  if (declared === "bool" && (value === "true" || value === "false")) return value === "true";
  if (declared === "string" && (typeof value === "number" || typeof value === "boolean"))
    return String(value);
  return value;
}

function blockList(value: Value | undefined): ObjectValue[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).filter(isObjectValue);
}

/** `[label, body]` of a labelled block type (`variable`, `google_iam_policy`), whatever its JSON shape. */
function labelled(value: unknown): [string, unknown][] {
  const parts = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return parts.flatMap((part) => (isDynamic(part) && !Array.isArray(part) ? Object.entries(part) : []));
}
