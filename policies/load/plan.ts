import { parseReferences } from "../model/model";
import { Unknown, type Resource } from "../model/types";
import { isBlock, withoutNulls } from "../model/values";
import { InputError } from "./errors";
import { environmentOf } from "../../shared/stack-naming";
import type { StackDocument } from "./terraform-json";

/** `terraform show -json PLANFILE` output: what sets it apart from a configuration. */
export function isPlanJson(json: unknown): boolean {
  return isBlock(json) && ("planned_values" in json || "resource_changes" in json);
}

/**
 * Reads a plan: resources from the planned values (root and child modules). An attribute Terraform only
 * knows after apply (`after_unknown`) becomes the `${address.attr}` expression the configuration references
 * there, so controls resolve it exactly as on Terraform JSON, or an Unknown when it references nothing.
 */
export function readPlanJson(
  json: unknown,
  options: { stack: string; file: string; environment?: string },
): StackDocument {
  const { stack, file } = options;
  const root = json as Record<string, unknown>;
  const afterUnknown = new Map<string, unknown>();
  for (const [i, change] of listAt(root.resource_changes, "resource_changes", file).entries()) {
    const c = blockAt(change, `resource_changes[${i}]`, file);
    if (typeof c.address === "string")
      afterUnknown.set(c.address, (c.change as { after_unknown?: unknown })?.after_unknown);
  }
  const expressions = new Map<string, unknown>();
  const configuration = root.configuration;
  if (isBlock(configuration) && isBlock(configuration.root_module)) {
    collectExpressions(configuration.root_module, "", expressions);
  }
  const environment = options.environment ?? environmentOf(stack);
  const resources: Resource[] = [];
  const plannedRoot = isBlock(root.planned_values) ? root.planned_values.root_module : undefined;
  if (plannedRoot !== undefined) {
    walkModules(
      blockAt(plannedRoot, "planned_values.root_module", file),
      "planned_values.root_module",
      file,
      (r, path) => {
        const address = stringAt(r.address, `${path}.address`, file);
        const mode = r.mode === "data" ? "data" : "managed";
        const modulePrefix = address.slice(0, address.length - instanceAddress(r).length);
        resources.push({
          stack,
          environment,
          mode,
          type: stringAt(r.type, `${path}.type`, file),
          name: stringAt(r.name, `${path}.name`, file),
          address,
          id: `${stack}/${address}`,
          attributes: withoutNulls(
            withUnknowns(
              isBlock(r.values) ? r.values : {},
              afterUnknown.get(address),
              expressions.get(withoutIndexes(address)),
              modulePrefix,
            ),
          ) as Record<string, unknown>,
          ...(mode === "managed"
            ? { lifecycle: { preventDestroy: new Unknown("plan JSON does not record lifecycle settings") } }
            : {}),
          source: { file },
        });
      },
    );
  }
  return { stack, environment, resources, outputs: new Map(), remoteStates: new Map() };
}

type Visit = (resource: Record<string, unknown>, path: string) => void;

function walkModules(module: Record<string, unknown>, path: string, file: string, visit: Visit): void {
  for (const [i, r] of listAt(module.resources, `${path}.resources`, file).entries()) {
    visit(blockAt(r, `${path}.resources[${i}]`, file), `${path}.resources[${i}]`);
  }
  for (const [i, child] of listAt(module.child_modules, `${path}.child_modules`, file).entries()) {
    const childPath = `${path}.child_modules[${i}]`;
    walkModules(blockAt(child, childPath, file), childPath, file, visit);
  }
}

/** Configuration resources by module-qualified address without instance keys (`module.m.google_x.y`). */
function collectExpressions(
  module: Record<string, unknown>,
  prefix: string,
  into: Map<string, unknown>,
): void {
  for (const r of Array.isArray(module.resources) ? module.resources.filter(isBlock) : []) {
    if (typeof r.address === "string") into.set(`${prefix}${r.address}`, r.expressions);
  }
  const calls = isBlock(module.module_calls) ? module.module_calls : {};
  for (const [name, call] of Object.entries(calls)) {
    if (isBlock(call) && isBlock(call.module))
      collectExpressions(call.module, `${prefix}module.${name}.`, into);
  }
}

/** Overlays `after_unknown` on the planned values. */
function withUnknowns(value: unknown, unknown: unknown, expression: unknown, modulePrefix: string): unknown {
  if (unknown === true)
    return referencedExpression(expression, modulePrefix) ?? new Unknown("known after apply");
  if (!hasUnknown(unknown)) return value;
  if (Array.isArray(unknown)) {
    const items = Array.isArray(value) ? [...value] : [];
    unknown.forEach(
      (u, i) => (items[i] = withUnknowns(items[i], u, itemExpression(expression, i), modulePrefix)),
    );
    return items;
  }
  const fields: Record<string, unknown> = isBlock(value) ? { ...value } : {};
  for (const [key, u] of Object.entries(unknown as Record<string, unknown>)) {
    fields[key] = withUnknowns(fields[key], u, fieldExpression(expression, key), modulePrefix);
  }
  return fields;
}

function hasUnknown(unknown: unknown): boolean {
  if (unknown === true) return true;
  if (Array.isArray(unknown)) return unknown.some(hasUnknown);
  return isBlock(unknown) && Object.values(unknown).some(hasUnknown);
}

/** An expression is a leaf (`constant_value` / `references`) or, for nested blocks, a list of field maps. */
function isLeaf(expression: unknown): boolean {
  return isBlock(expression) && ("references" in expression || "constant_value" in expression);
}

function fieldExpression(expression: unknown, key: string): unknown {
  if (isLeaf(expression)) return expression;
  const block = Array.isArray(expression) ? expression[0] : expression;
  return isBlock(block) ? block[key] : undefined;
}

function itemExpression(expression: unknown, index: number): unknown {
  if (!Array.isArray(expression)) return expression;
  return expression[index] ?? expression[0];
}

/** The first reference to a resource attribute (`google_x.y.id`), as an interpolation the model resolves. */
function referencedExpression(expression: unknown, modulePrefix: string): string | undefined {
  if (!isLeaf(expression)) return undefined;
  const references = (expression as { references?: unknown }).references;
  if (!Array.isArray(references)) return undefined;
  for (const ref of references) {
    const candidate = `\${${modulePrefix}${String(ref)}}`;
    if (typeof ref === "string" && parseReferences(candidate).length > 0) return candidate;
  }
  return undefined;
}

/** `module.a[0].google_x.y["k"]` → `google_x.y["k"]`: the part after the module path. */
function instanceAddress(r: Record<string, unknown>): string {
  const base = `${r.mode === "data" ? "data." : ""}${String(r.type)}.${String(r.name)}`;
  const address = String(r.address);
  return address.slice(address.lastIndexOf(base));
}

function withoutIndexes(address: string): string {
  return address.replace(/\[[^\]]*\]/g, "");
}

function listAt(value: unknown, path: string, file: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw InputError.at(file, path, "a list", value);
  return value;
}

function blockAt(value: unknown, path: string, file: string): Record<string, unknown> {
  if (!isBlock(value)) throw InputError.at(file, path, "an object", value);
  return value;
}

function stringAt(value: unknown, path: string, file: string): string {
  if (typeof value !== "string") throw InputError.at(file, path, "a string", value);
  return value;
}
