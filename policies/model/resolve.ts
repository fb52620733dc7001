import { type Resource, type Scope, Unknown, isUnknown } from "./types";
import { get } from "./values";
import { indexBy } from "./ordered-index";

const WHOLE_INTERPOLATION = /^\$\{[^}]*\}$/;

/**
 * The literal an attribute stands for. A plain value is returned as is; a whole `${type.name.attr}` reference
 * is followed to the attribute it names (so `location = "${google_kms_key_ring.r.location}"` reads the key
 * ring's location). An attribute only known after apply, an unresolvable reference or a string that mixes
 * text and interpolations gives an Unknown that says why.
 */
export function literal(scope: Scope, from: Resource, value: unknown, depth = 0): unknown {
  if (typeof value !== "string" || !value.includes("${")) return value;
  if (!WHOLE_INTERPOLATION.test(value) || depth > 4) return new Unknown(`computed from ${value}`);
  const [target] = scope.references(from, value);
  if (!target) return new Unknown(`unresolved reference ${value}`);
  const found = get(target.resource.attributes, target.attribute);
  if (found === undefined)
    return new Unknown(`${target.resource.address}.${target.attribute} is known after apply`);
  return literal(scope, target.resource, found, depth + 1);
}

/** The declared resources a value refers to, whatever attribute of theirs it reads. */
export function referencedResources(scope: Scope, from: Resource, value: unknown): Resource[] {
  return scope.references(from, value).map((ref) => ref.resource);
}

/**
 * Whether `value` (a reference, a name or a self link) designates `target`: by reference, or as a literal
 * equal to the target's name or ending in `/<name>`.
 */
export function designates(
  scope: Scope,
  from: Resource,
  value: unknown,
  target: Resource,
): boolean | Unknown {
  if (isUnknown(value)) return value;
  if (referencedResources(scope, from, value).some((r) => r.id === target.id)) return true;
  const name = target.attributes.name;
  return (
    typeof value === "string" && typeof name === "string" && (value === name || value.endsWith(`/${name}`))
  );
}

/** What follows each `/` of a value: `designates` matches a literal ending in `/<name>` by these. */
export function afterSlashes(value: string): string[] {
  const parts: string[] = [];
  for (let slash = value.indexOf("/"); slash >= 0; slash = value.indexOf("/", slash + 1))
    parts.push(value.slice(slash + 1));
  return parts;
}

/** What the values of some items designate, for `designates` asked of many targets (see designationIndex). */
export interface DesignationIndex<T> {
  readonly items: readonly T[];
  /** The items with a value that designates `target` (`designates` is true), in input order. */
  designating(target: Resource): T[];
  /** The items for which `designates` is true or Unknown, in input order. */
  mayDesignate(target: Resource): T[];
  /** The items with a value that refers to one of `targets` (by reference only, not by name), in input order. */
  referencing(...targets: readonly Resource[]): T[];
  /** The items with a value known only after apply: `designates` is Unknown for them, whatever the target. */
  readonly unknown: readonly T[];
}

const UNKNOWN_VALUE = Symbol("known only after apply");

/**
 * Keys under which a value designates resources, and a resource is designated (`keysOf`): `ref:<id>` for a
 * reference, `name:<literal>` for a name or self link. They meet exactly when `designates` is true.
 */
function designationKeys(scope: Scope, from: Resource, value: unknown): string[] {
  const names = typeof value === "string" ? [value, ...afterSlashes(value)].map((n) => `name:${n}`) : [];
  return [...referencedResources(scope, from, value).map((r) => `ref:${r.id}`), ...names];
}

function keysOf(target: Resource): string[] {
  const name = target.attributes.name;
  return typeof name === "string" ? [`ref:${target.id}`, `name:${name}`] : [`ref:${target.id}`];
}

/**
 * Indexes which resources the values of `items` designate (by reference, or by a literal name or self link,
 * exactly as `designates`), so a control matching every item against every target stays linear: build it once
 * per evaluation, then ask it per target.
 */
export function designationIndex<T>(
  scope: Scope,
  items: readonly T[],
  valuesOf: (item: T) => readonly { from: Resource; value: unknown }[],
): DesignationIndex<T> {
  const lookup = indexBy(items, (item) =>
    valuesOf(item).flatMap(({ from, value }): unknown[] =>
      isUnknown(value) ? [UNKNOWN_VALUE] : designationKeys(scope, from, value),
    ),
  );
  return {
    items,
    unknown: lookup([UNKNOWN_VALUE]),
    designating: (target) => lookup(keysOf(target)),
    mayDesignate: (target) => lookup([...keysOf(target), UNKNOWN_VALUE]),
    referencing: (...targets) => lookup(targets.map((target) => `ref:${target.id}`)),
  };
}

/**
 * The first of `targets` a value designates, as `targets.find((t) => designates(...) === true)` finds it:
 * the targets are indexed once, so resolving many values against many targets stays linear.
 */
export function targetIndex(
  scope: Scope,
  targets: readonly Resource[],
): (from: Resource, value: unknown) => Resource | undefined {
  const first = new Map<string, number>();
  targets.forEach((target, i) => {
    for (const key of keysOf(target)) if (!first.has(key)) first.set(key, i);
  });
  return (from, value) => {
    if (isUnknown(value)) return undefined;
    const found = designationKeys(scope, from, value).map((key) => first.get(key) ?? Infinity);
    const position = Math.min(Infinity, ...found);
    return position === Infinity ? undefined : targets[position];
  };
}
