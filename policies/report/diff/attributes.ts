import type { Evidence } from "../../control";
import type { Resource } from "../../model/types";
import { get, isBlock } from "../../model/values";

/** One attribute's value on each side; `undefined` means the attribute is absent on that side. */
export interface AttributeChange {
  readonly path: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

/**
 * The changes behind a changed verdict, restricted to the paths the control cited as evidence: a reviewer
 * sees `rotation_period` change, not every tag that moved. A path read from the resource itself wins; when
 * it names nothing on the resource (evidence about a related resource), the evidence values are compared.
 */
export function attributeChanges(
  before: Resource | undefined,
  after: Resource | undefined,
  beforeEvidence: readonly Evidence[],
  afterEvidence: readonly Evidence[],
): AttributeChange[] {
  const paths = [...new Set([...beforeEvidence, ...afterEvidence].map((e) => e.path))].sort();
  const changes: AttributeChange[] = [];
  for (const path of paths) {
    const dotted = path.replace(/\[(\d+)\]/g, ".$1");
    let was = before ? get(before.attributes, dotted) : undefined;
    let is = after ? get(after.attributes, dotted) : undefined;
    if (was === undefined && is === undefined) {
      was = beforeEvidence.find((e) => e.path === path)?.value;
      is = afterEvidence.find((e) => e.path === path)?.value;
    }
    if (!sameValue(was, is)) changes.push(change(path, was, is));
  }
  return changes;
}

/**
 * Every leaf attribute that differs between two versions of a resource, in path order: shown (clipped) only
 * when no evidence path changed, so a verdict never changes without a visible cause.
 */
export function leafChanges(before: unknown, after: unknown, path = ""): AttributeChange[] {
  const container = (v: unknown) => isBlock(v) || Array.isArray(v);
  if (container(before) && container(after) && Array.isArray(before) === Array.isArray(after)) {
    const keys = [...new Set([...Object.keys(before as object), ...Object.keys(after as object)])].sort(
      byKey,
    );
    return keys.flatMap((key) =>
      leafChanges(
        (before as Record<string, unknown>)[key],
        (after as Record<string, unknown>)[key],
        path ? `${path}.${key}` : key,
      ),
    );
  }
  return sameValue(before, after) ? [] : [change(path, before, after)];
}

/** Terraform treats null as "not set": both read as absent. */
function change(path: string, before: unknown, after: unknown): AttributeChange {
  return { path, ...(before != null ? { before } : {}), ...(after != null ? { after } : {}) };
}

/** Numeric keys (list indexes) in number order, names in code-point order. */
function byKey(a: string, b: string): number {
  const numeric = /^\d+$/;
  if (numeric.test(a) && numeric.test(b)) return Number(a) - Number(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sameValue(a: unknown, b: unknown): boolean {
  return canonical(a ?? undefined) === canonical(b ?? undefined);
}

/** JSON with sorted keys, so two equal blocks written in a different key order compare equal. */
function canonical(value: unknown): string {
  return (
    JSON.stringify(value, (_key, v: unknown) =>
      isBlock(v) ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) : v,
    ) ?? "undefined"
  );
}
