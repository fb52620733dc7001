import { isUnknown, type ResolvedReference, type Resource, type Scope } from "./types";

/**
 * Collects `[module.m.][data.]type.name[index][.attr...]` references inside `${...}` interpolations of a
 * string. The address keeps the module path and instance index, as Terraform writes addresses.
 */
const INTERPOLATION = /\$\{([^}]*)\}/g;
const REFERENCE =
  /(?<![\w.-])((?:module\.[\w-]+(?:\[[^\]]*\])?\.)*)(data\.)?([a-z][a-z0-9]*_[a-z0-9_]+)\.([A-Za-z_][\w-]*)(\[[^\]]*\])?((?:\.[\w-]+|\[[^\]]*\])*)/g;

export interface ParsedReference {
  readonly address: string;
  readonly attribute: string;
}

export function parseReferences(text: string): ParsedReference[] {
  const found: ParsedReference[] = [];
  for (const interpolation of text.matchAll(INTERPOLATION)) {
    for (const ref of interpolation[1].matchAll(REFERENCE)) {
      const [, modules, data, type, name, index, rest] = ref;
      found.push({
        address: `${modules}${data ? "data." : ""}${type}.${name}${index ?? ""}`,
        attribute: rest.replace(/^\./, "").replace(/\[(\d+)\]/g, ".$1"),
      });
    }
  }
  return found;
}

/** `google_x.y[0]` → `google_x.y`: a reference to a counted resource's instance finds the one declaration. */
function withoutIndex(address: string): string {
  return address.replace(/\[[^\]]*\]$/, "");
}

/**
 * Resolves references within a stack; `crossStack` (from the loader) traces cdktf remote-state outputs read in
 * `fromStack` to the producing stack's expression, so references across stacks resolve like local ones.
 */
export type CrossStackResolver = (
  fromStack: string,
  ref: ParsedReference,
) => { stack: string; expression: string } | undefined;

export class Model {
  private readonly byId = new Map<string, Resource>();
  private readonly byEnvironment = new Map<string, Resource[]>();
  /**
   * Resolution depends only on the text and the stack it is read in, and every control asks again for the
   * same attributes: memoised, a check stays linear in the input.
   */
  private readonly resolved = new Map<string, Map<string, readonly ResolvedReference[]>>();

  constructor(
    readonly resources: readonly Resource[],
    private readonly crossStack: CrossStackResolver = () => undefined,
  ) {
    for (const resource of resources) {
      this.byId.set(resource.id, resource);
      const declared = `${resource.stack}/${withoutIndex(resource.address)}`;
      if (!this.byId.has(declared)) this.byId.set(declared, resource);
      const env = this.byEnvironment.get(resource.environment) ?? [];
      env.push(resource);
      this.byEnvironment.set(resource.environment, env);
    }
  }

  get environments(): string[] {
    return [...this.byEnvironment.keys()];
  }

  scope(environment: string): Scope {
    const resources = this.byEnvironment.get(environment) ?? [];
    const byType = new Map<string, Resource[]>();
    for (const r of resources) {
      if (r.mode !== "managed") continue;
      const list = byType.get(r.type) ?? [];
      list.push(r);
      byType.set(r.type, list);
    }
    let inbound: Map<string, Resource[]> | undefined;
    const scope: Scope = {
      environment,
      resources,
      ofType: (type) => byType.get(type) ?? [],
      references: (from, value) => {
        const found = this.resolveValue(from.stack, value);
        return typeof value === "string" ? [...found] : (found as ResolvedReference[]);
      },
      referencing: (target, type) => {
        inbound ??= this.inboundIndex(resources);
        const sources = inbound.get(target.id) ?? [];
        return type ? sources.filter((s) => s.type === type) : [...sources];
      },
    };
    return scope;
  }

  private inboundIndex(resources: readonly Resource[]): Map<string, Resource[]> {
    const index = new Map<string, Resource[]>();
    for (const source of resources) {
      if (source.mode !== "managed") continue;
      const targets = new Set(this.resolveValue(source.stack, source.attributes).map((r) => r.resource.id));
      for (const id of targets) {
        const list = index.get(id) ?? [];
        list.push(source);
        index.set(id, list);
      }
    }
    return index;
  }

  private resolveValue(stack: string, value: unknown): readonly ResolvedReference[] {
    if (typeof value === "string") return this.resolveString(stack, value, 0);
    if (Array.isArray(value)) return value.flatMap((v) => this.resolveValue(stack, v));
    if (value !== null && typeof value === "object" && !isUnknown(value)) {
      return Object.values(value).flatMap((v) => this.resolveValue(stack, v));
    }
    return [];
  }

  private resolveString(stack: string, text: string, depth: number): readonly ResolvedReference[] {
    if (!text.includes("${") || depth > 4) return [];
    // Keyed by the attribute's own string (V8 keeps its hash), never a concatenation rehashed on every call.
    let inStack = this.resolved.get(stack);
    if (!inStack) this.resolved.set(stack, (inStack = new Map()));
    let found = inStack.get(text);
    if (!found) {
      found = parseReferences(text).flatMap((ref) => {
        // A remote-state reader is itself a local data source: trace it to the producer before looking locally.
        const remote = this.crossStack(stack, ref);
        if (remote) return this.resolveString(remote.stack, remote.expression, depth + 1);
        const local =
          this.byId.get(`${stack}/${ref.address}`) ?? this.byId.get(`${stack}/${withoutIndex(ref.address)}`);
        return local ? [{ resource: local, attribute: ref.attribute }] : [];
      });
      inStack.set(text, found);
    }
    return found;
  }
}
