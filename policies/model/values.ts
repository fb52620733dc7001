import { Unknown, isUnknown } from "./types";

/**
 * Reads a dotted attribute path (`log_config.aggregation_interval`, `rule.0.action`). A block reads the same
 * whether the input wrote it as an object (cdktf) or a one-item list (plan, HCL): a single-item array on the
 * way is stepped through, and index 0 of an object is the object itself (`disk.0.source` of a template whose
 * one `disk` is an object). Returns an Unknown when the path crosses one.
 */
export function get(value: unknown, path: string): unknown {
  return unwrapBlock(walk(value, stepsOf(path), Infinity));
}

/** Follows the first `count` steps of a path (see get). */
function walk(value: unknown, steps: readonly Step[], count: number): unknown {
  let current: unknown = value;
  for (let i = 0; i < steps.length && i < count; i++) {
    const { key, index } = steps[i];
    if (isUnknown(current)) return current;
    if (Array.isArray(current)) {
      if (index >= 0) {
        current = current[index];
        continue;
      }
      if (current.length !== 1) return undefined;
      current = current[0];
    }
    if (isUnknown(current)) return current;
    if (current === null || typeof current !== "object") return undefined;
    const fields = current as Record<string, unknown>;
    // A block written as an object is a one-item list: item 0 is the block, no other item exists.
    if (index >= 0 && !Object.hasOwn(fields, key)) {
      if (index !== 0) return undefined;
      continue;
    }
    current = fields[key];
  }
  return current;
}

/** A repeated block (`rule`, `allow`, `backend`) as a list, whether the input wrote one object or a list. */
export function blocks(value: unknown, path: string): Record<string, unknown>[] {
  const found = getRaw(value, path);
  if (found === undefined || found === null || isUnknown(found)) return [];
  const list = Array.isArray(found) ? found : [found];
  return list.filter(isBlock);
}

/** A list attribute (`source_ranges`, `members`) as a list; a scalar becomes a one-item list. */
export function list(value: unknown, path: string): unknown[] {
  const found = getRaw(value, path);
  if (found === undefined || found === null) return [];
  return Array.isArray(found) ? found : [found];
}

export function isBlock(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) && !(value instanceof Unknown);
}

/**
 * Interprets Terraform's loose booleans: true, "true". Unknown stays unknown, and so does an expression
 * (`"${var.enabled}"`): read as false, it would pass every check that fails only on true.
 */
export function truthy(value: unknown): boolean | Unknown {
  if (isUnknown(value)) return value;
  if (typeof value === "string" && value.includes("${")) return new Unknown(`computed from ${value}`);
  return value === true || value === "true";
}

function unwrapBlock(value: unknown): unknown {
  return Array.isArray(value) && value.length === 1 && isBlock(value[0]) ? value[0] : value;
}

/** One step of a path: a key, and the list index it stands for when it is a number (else -1). */
interface Step {
  readonly key: string;
  readonly index: number;
}

/** Controls read the same few paths millions of times at scale: split each once. */
const STEPS = new Map<string, readonly Step[]>();

function stepsOf(path: string): readonly Step[] {
  let steps = STEPS.get(path);
  if (!steps) {
    const keys = path === "" ? [] : path.split(".");
    steps = keys.map((key) => ({ key, index: /^\d+$/.test(key) ? Number(key) : -1 }));
    STEPS.set(path, steps);
  }
  return steps;
}

/** The value at `path` without unwrapping it: a list stays a list (see blocks, list). */
function getRaw(value: unknown, path: string): unknown {
  const steps = stepsOf(path);
  if (steps.length === 0) return value;
  const last = steps[steps.length - 1];
  const parent = steps.length > 1 ? walk(value, steps, steps.length - 1) : value;
  if (isUnknown(parent)) return parent;
  if (last.index >= 0) return walk(parent, [last], 1);
  const target = Array.isArray(parent) && parent.length === 1 ? parent[0] : parent;
  if (!isBlock(target)) return undefined;
  return target[last.key];
}

/**
 * A copy of an attribute value with every object key whose value is `null` left out. In Terraform `null` means
 * "not set": the provider applies its default, which a control must judge exactly as an absent attribute
 * (`ipv4_enabled = null` is a public IP, not a private one).
 */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value === null || typeof value !== "object" || isUnknown(value)) return value;
  const kept: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) if (inner !== null) kept[key] = withoutNulls(inner);
  return kept;
}
