import type { Resource } from "../model/types";
import { firstBlock, mergedEntries, objectAt } from "./blocks";
import { Configuration } from "./configuration";
import { InputError } from "./errors";
import type { LineLocator } from "./lines";
import { environmentOf } from "../../shared/stack-naming";

/** One Terraform JSON configuration (a cdktf stack or a `*.tf.json` file), read into the model's terms. */
export interface StackDocument {
  readonly stack: string;
  readonly environment: string;
  readonly resources: Resource[];
  /** Where this stack keeps its state (`gcs:bucket/prefix`, `local:path`): remote-state readers name it. */
  readonly backend?: string;
  /** Output id → value expression; cdktf publishes cross-stack values as outputs. */
  readonly outputs: ReadonlyMap<string, unknown>;
  /** `terraform_remote_state` data source name → the state location it reads. */
  readonly remoteStates: ReadonlyMap<string, string>;
}

export interface ReadOptions {
  readonly stack: string;
  /** Name shown in errors and recorded as the resources' source file; defaults to the stack name. */
  readonly file?: string;
  /** Finds the line of a block in the file it came from (see lines.ts). */
  readonly locate?: LineLocator;
  /**
   * The configuration the document belongs to (its variables, locals, values given to variables), when it is
   * one file of several; by default the document alone.
   */
  readonly configuration?: Configuration;
  /** The environment, when the user names it (`--environment`); by default derived from the stack name. */
  readonly environment?: string;
}

/** Meta-arguments Terraform handles itself; they are not attributes a control reads. */
const META_ARGUMENTS = new Set([
  "//",
  "lifecycle",
  "depends_on",
  "provider",
  "count",
  "for_each",
  "provisioner",
  "connection",
]);

/** Reads a parsed Terraform JSON document. Throws InputError when it does not have Terraform's shape. */
export function readTerraformJson(json: unknown, options: ReadOptions): StackDocument {
  const file = options.file ?? options.stack;
  const root = objectAt(json, "", file, "a Terraform JSON configuration (an object)");
  const locate = options.locate;
  const stack = options.stack;
  const environment = options.environment ?? environmentOf(stack);
  const configuration = options.configuration ?? new Configuration([root]);
  // A module's resources live in its own files, which a configuration does not carry: checking only the
  // root would pass whatever the module opens. A plan (terraform show -json) holds every module's resources.
  const [call] = mergedEntries(root.module, "module", file);
  if (call) {
    throw new InputError(
      file,
      `at module.${call[0]}: expected resources declared in this configuration; found a module call, whose ` +
        "resources cannot be checked from configuration (give the plan JSON of `terraform show -json` instead)",
    );
  }
  const resources: Resource[] = [];
  for (const mode of ["resource", "data"] as const) {
    for (const [type, byName] of mergedEntries(root[mode], mode, file)) {
      for (const [name, raw] of mergedEntries(byName, `${mode}.${type}`, file)) {
        const path = `${mode}.${type}.${name}`;
        if (Array.isArray(raw) && raw.length > 1) {
          throw new InputError(
            file,
            `at ${path}: expected one ${mode === "data" ? "data" : "resource"} block "${type}" "${name}"; found ${raw.length} ` +
              "(Terraform refuses a duplicate configuration; give each block its own name)",
          );
        }
        const written = objectAt(
          Array.isArray(raw) && raw.length === 1 ? raw[0] : raw,
          path,
          file,
          "a block (an object)",
        );
        // Values Terraform knows at plan time (literals, variables, locals, pure functions) are evaluated.
        const existence = {
          count: configuration.evaluate(written.count),
          for_each: configuration.evaluate(written.for_each),
        };
        // `count = 0` or an empty `for_each` declares a block that creates nothing: it must not count as present.
        if (createsNothing(existence)) continue;
        const declared = mode === "data" ? `data.${type}.${name}` : `${type}.${name}`;
        const policyData =
          mode === "data" && type === "google_iam_policy" ? configuration.iamPolicyData(name) : undefined;
        const source = options.file
          ? { source: { file: options.file, line: locate?.(mode, type, name) } }
          : {};
        // A for_each known before apply makes one instance per key, `each` bound to it, as Terraform does.
        const instances = configuration.instances(written.for_each) ?? [{ key: undefined, each: undefined }];
        for (const { key, each } of instances) {
          const address = key === undefined ? declared : `${declared}[${JSON.stringify(key)}]`;
          const attributes = configuration.attributes(written, META_ARGUMENTS, each);
          if (policyData !== undefined) attributes.policy_data = policyData;
          resources.push(
            toResource(written, attributes, key === undefined ? existenceExpression(existence) : undefined, {
              stack,
              environment,
              mode: mode === "data" ? "data" : "managed",
              type,
              name,
              address,
              id: `${stack}/${address}`,
              ...source,
            }),
          );
        }
      }
    }
  }
  return {
    stack,
    environment,
    resources,
    backend: backendOf(root, file),
    outputs: new Map(
      // cdktf writes `output.<id>` as an object; hcl2json, like any block, as a one-item list.
      mergedEntries(root.output, "output", file).map(([id, o]) => [
        id,
        configuration.evaluate(firstBlock(o)?.value),
      ]),
    ),
    remoteStates: remoteStatesOf(resources),
  };
}

type Identity = Omit<Resource, "attributes" | "lifecycle" | "constructPath" | "conditional">;

function toResource(
  body: Record<string, unknown>,
  attributes: Record<string, unknown>,
  conditional: string | undefined,
  identity: Identity,
): Resource {
  const metadata = (body["//"] as { metadata?: { path?: unknown } } | undefined)?.metadata;
  const lifecycle = firstBlock(body.lifecycle);
  const preventDestroy = lifecycle?.prevent_destroy;
  return {
    ...identity,
    attributes,
    ...(conditional !== undefined ? { conditional } : {}),
    ...(typeof metadata?.path === "string" ? { constructPath: metadata.path } : {}),
    ...(preventDestroy !== undefined
      ? { lifecycle: { preventDestroy: preventDestroy === true || preventDestroy === "true" } }
      : {}),
  };
}

function backendOf(root: Record<string, unknown>, file: string): string | undefined {
  const terraform = firstBlock(root.terraform);
  const backends =
    terraform?.backend === undefined ? [] : mergedEntries(terraform.backend, "terraform.backend", file);
  const [kind, config] = backends[0] ?? [];
  return kind === undefined ? undefined : stateLocation(kind, firstBlock(config));
}

function remoteStatesOf(resources: readonly Resource[]): Map<string, string> {
  const found = new Map<string, string>();
  for (const r of resources) {
    if (r.mode !== "data" || r.type !== "terraform_remote_state") continue;
    const kind = r.attributes.backend;
    if (typeof kind === "string") found.set(r.name, stateLocation(kind, firstBlock(r.attributes.config)));
  }
  return found;
}

/** Identifies a state: the same string on the producing backend and on the consuming remote-state reader. */
export function stateLocation(kind: string, config: Record<string, unknown> | undefined): string {
  if (kind === "gcs") return `gcs:${String(config?.bucket)}/${String(config?.prefix ?? "")}`;
  if (kind === "local") return `local:${String(config?.path ?? "terraform.tfstate")}`;
  return `${kind}:${JSON.stringify(config ?? {})}`;
}

function createsNothing(body: Record<string, unknown>): boolean {
  const { count, for_each: forEach } = body;
  if (count === 0 || count === "0") return true;
  if (Array.isArray(forEach)) return forEach.length === 0;
  return forEach !== null && typeof forEach === "object" && Object.keys(forEach).length === 0;
}

/**
 * `count` or `for_each` set from an expression (`${var.on ? 1 : 0}`, `${toset(var.zones)}`): how many
 * instances Terraform creates, possibly none, is decided at plan time. A literal count or collection is not.
 */
function existenceExpression(body: Record<string, unknown>): string | undefined {
  const { count, for_each: forEach } = body;
  if (count !== undefined && !(typeof count === "number" || /^\d+$/.test(String(count))))
    return `count = ${String(count)}`;
  if (forEach !== undefined && (forEach === null || typeof forEach !== "object"))
    return `for_each = ${String(forEach)}`;
  return undefined;
}
