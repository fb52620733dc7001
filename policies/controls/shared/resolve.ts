import { type Resource, type Scope, Unknown, isUnknown } from "../../model/types";
import { get } from "../../model/values";

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
