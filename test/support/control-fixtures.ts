import { FAMILIES, type Control, type Result } from "../../policies/control";
import { type Scope, Unknown } from "../../policies/model/types";
import { scopeFromStacks } from "./scope";

/** Terraform JSON attributes: arbitrary JSON that fixtures build and mutate freely. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Attrs = Record<string, any>;
/** `{ type: { name: attributes } }`, the shape of Terraform JSON's `resource` and `data` blocks. */
export type Blocks = Record<string, Record<string, Attrs>>;

/** A Terraform JSON configuration from resource (and data source) blocks. */
export function tf(resource: Blocks, data: Blocks = {}): Attrs {
  return { resource, ...(Object.keys(data).length > 0 ? { data } : {}) };
}

/** A deep copy of a fixture with one change applied, so every test starts from the compliant original. */
export function mutate<T extends object>(fixture: T, change: (copy: T) => void): T {
  const copy = structuredClone(fixture);
  change(copy);
  return copy;
}

/** The scope of one or more stacks of environment "test" (stack names `test-<concern>`). */
export function scopeOf(...stacks: Attrs[]): Scope {
  return scopeFromStacks(Object.fromEntries(stacks.map((json, i) => [`test-stack${i}`, json])));
}

/** A fixture file's scope function: `scope()` is the compliant fixture's, `scope(json)` a changed copy's. */
export function scopeFor(compliant: Attrs): (json?: Attrs) => Scope {
  return (json = compliant) => scopeOf(json);
}

/** The attributes (mutable) of resource `type.name` in a Terraform JSON fixture. */
export function resourceIn(json: Attrs, type: string, name: string): Attrs {
  const found: Attrs | undefined = json.resource?.[type]?.[name];
  if (!found) throw new Error(`no ${type}.${name} in the fixture`);
  return found;
}

/**
 * Replaces one attribute of a loaded resource with an Unknown, as the plan loader does for values known only
 * after apply. `path` is dotted; numeric steps index lists.
 */
export function markUnknown(scope: Scope, address: string, path: string): Scope {
  const resource = scope.resources.find((r) => r.address === address);
  if (!resource) throw new Error(`no resource ${address} in the fixture`);
  const steps = path.split(".");
  let parent: Attrs = resource.attributes;
  for (const step of steps.slice(0, -1)) parent = parent[step];
  parent[steps[steps.length - 1]] = new Unknown("known after apply");
  return scope;
}

/** Each result as `<address or "project">: <status>`, the form assertions compare. */
export function statuses(results: readonly Result[]): string[] {
  return results.map((r) => `${r.resource?.address ?? "project"}: ${r.status}`);
}

/** Runs a control on a scope and returns the status of each result. */
export function run(control: Control, scope: Scope): string[] {
  return statuses(control.evaluate(scope));
}

/** The single result a control gives for one resource address (or the project-level one). */
export function resultFor(control: Control, scope: Scope, address = "project"): Result {
  const found = control.evaluate(scope).filter((r) => (r.resource?.address ?? "project") === address);
  if (found.length !== 1) throw new Error(`expected one result for ${address}, got ${found.length}`);
  return found[0];
}

/** The single result a control gives `address` once attribute `path` of it is known only after apply. */
export function verdictWithUnknown(control: Control, scope: Scope, address: string, path: string): Result {
  return resultFor(control, markUnknown(scope, address, path), address);
}

/** Each control gives exactly `expected` on `scope` (e.g. every compliant resource passing); a mismatch names it. */
export function expectEachControlGives(
  controls: readonly Control[],
  scope: Scope,
  expected: readonly string[],
): void {
  for (const control of controls) expect([control.id, run(control, scope)]).toEqual([control.id, expected]);
}

/**
 * A family's controls carry every field a report prints, ids `<FAM>-01`, `<FAM>-02`, ... in order, and
 * references in the public formats (CIS section numbers, checkov `CKV_GCP_*` or its graph checks `CKV2_GCP_*`,
 * trivy `AVD-GCP-*`).
 */
export function expectWellFormed(controls: readonly Control[], family: keyof typeof FAMILIES): void {
  expect(controls.map((c) => c.id)).toEqual(
    controls.map((_, i) => `${family}-${String(i + 1).padStart(2, "0")}`),
  );
  for (const control of controls) {
    for (const field of ["title", "claim", "rationale", "remediation", "implementation"] as const) {
      expect(`${control.id} ${field}: ${control[field].length > 10}`).toBe(`${control.id} ${field}: true`);
    }
    expect(["critical", "high", "medium", "low"]).toContain(control.severity);
    control.references.cis.forEach((id) => expect(id).toMatch(/^\d+(\.\d+)+$/));
    control.references.checkov.forEach((id) => expect(id).toMatch(/^CKV2?_GCP_\d+$/));
    control.references.trivy.forEach((id) => expect(id).toMatch(/^AVD-GCP-\d{4}$/));
  }
}

/**
 * A compliant case: `control` gives no fail and no unknown on `scope` (and at least one verdict). Every control
 * test file calls it at least once; the catalogue test checks that.
 */
export function expectPasses(control: Control, scope: Scope): Result[] {
  const results = control.evaluate(scope);
  expect(results.length).toBeGreaterThan(0);
  const bad = results.filter((r) => r.status === "fail" || r.status === "unknown");
  expect(bad.map((r) => `${r.status}: ${r.message}`)).toEqual([]);
  return results;
}

/**
 * A failing case: `control` fails on `scope`, for `address` when given (the resource that lacks the control, or
 * "project" for a project-level verdict). Every control test file calls it at least once; the catalogue test
 * checks that, so no control is left without a configuration that shows it failing.
 */
export function expectFails(control: Control, scope: Scope, address?: string): Result[] {
  const failing = control
    .evaluate(scope)
    .filter(
      (r) => r.status === "fail" && (address === undefined || (r.resource?.address ?? "project") === address),
    );
  expect([control.id, failing.length > 0]).toEqual([control.id, true]);
  return failing;
}
