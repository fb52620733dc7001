import { App, TerraformStack, Testing } from "cdktf";
import { createHash } from "node:crypto";
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { parseConfig } from "../../config/load";
import type { Config } from "../../config/schema";
import { defineBaseline } from "../../stacks/app";

/** A synthesized stack: the parsed `cdk.tf.json` exactly as `npm start` writes it. */
export type TerraformJson = {
  resource?: Record<string, Record<string, Attributes>>;
  data?: Record<string, Record<string, Attributes>>;
  output?: Record<string, Attributes>;
  provider?: Record<string, Attributes[]>;
  terraform?: Attributes;
  [key: string]: unknown;
};
// Terraform attribute values are arbitrary JSON; tests index into them freely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Attributes = Record<string, any>;

export const REPO_ROOT = resolve(__dirname, "../..");
export const DEFAULT_CONFIG_PATH = join(REPO_ROOT, "baseline.yaml");

/** The embedded default configuration, with `source` as the user would see it ("baseline.yaml"). */
export function defaultConfig(): Config {
  return parseConfig(readFileSync(DEFAULT_CONFIG_PATH, "utf8"), "baseline.yaml");
}

/** Parses a variant of baseline.yaml (e.g. the default text with one field changed). */
export function configFromYaml(text: string): Config {
  return parseConfig(text, "baseline.yaml");
}

let defaultStacks: Record<string, TerraformJson> | undefined;

/**
 * Every stack of the baseline synthesized in one App (so cross-stack outputs are complete), keyed by stack
 * name. The default configuration is synthesized once per test file and cached.
 */
export function synthBaseline(config?: Config): Record<string, TerraformJson> {
  if (config) return synthesize(config);
  defaultStacks ??= cachedDefaultSynth();
  return defaultStacks;
}

/** The builder's sources: the default synthesis depends on nothing else. */
const BUILDER_SOURCES = ["baseline.yaml", "config", "constructs", "lib", "scripts", "shared", "stacks"];

/**
 * The default configuration's synthesis, shared by every test file of a run through a file keyed on the
 * builder's sources (so a change to any of them synthesizes afresh): dozens of control test files read it.
 */
function cachedDefaultSynth(): Record<string, TerraformJson> {
  const hash = createHash("sha256");
  for (const file of BUILDER_SOURCES.flatMap((source) => filesUnder(join(REPO_ROOT, source)))) {
    hash.update(relative(REPO_ROOT, file)).update("\0").update(readFileSync(file)).update("\0");
  }
  const cacheDir = join(tmpdir(), "baseline-test-synth");
  const cacheFile = join(cacheDir, `${hash.digest("hex").slice(0, 32)}.json`);
  try {
    return JSON.parse(readFileSync(cacheFile, "utf8")) as Record<string, TerraformJson>;
  } catch {
    const stacks = synthesize(defaultConfig());
    mkdirSync(cacheDir, { recursive: true });
    const partial = `${cacheFile}.${process.pid}`;
    writeFileSync(partial, JSON.stringify(stacks));
    renameSync(partial, cacheFile);
    return stacks;
  }
}

function filesUnder(path: string): string[] {
  try {
    return readdirSync(path, { withFileTypes: true, recursive: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name))
      .sort();
  } catch {
    return [path];
  }
}

/** One stack of the baseline (default configuration unless given), e.g. `synthStack("prod-network")`. */
export function synthStack(stackName: string, config?: Config): TerraformJson {
  const stacks = synthBaseline(config);
  const stack = stacks[stackName];
  if (!stack) throw new Error(`no stack ${stackName}; the baseline has ${Object.keys(stacks).join(", ")}`);
  return stack;
}

function synthesize(config: Config): Record<string, TerraformJson> {
  const outdir = mkdtempSync(join(tmpdir(), "baseline-synth-"));
  try {
    const app = new App({ outdir, stackTraces: false });
    defineBaseline(app, config);
    app.synth();
    const stacksDir = join(outdir, "stacks");
    return Object.fromEntries(
      readdirSync(stacksDir).map((name) => [
        name,
        JSON.parse(readFileSync(join(stacksDir, name, "cdk.tf.json"), "utf8")) as TerraformJson,
      ]),
    );
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/**
 * Terraform JSON of whatever `define` declares in an empty stack: for construct tests. cdktf's metadata is
 * removed and keys are sorted (Testing.synth).
 */
export function synthScope(define: (stack: TerraformStack) => void): TerraformJson {
  const outdir = mkdtempSync(join(tmpdir(), "baseline-scope-"));
  try {
    const stack = new TerraformStack(new App({ outdir, stackTraces: false }), "test");
    define(stack);
    return JSON.parse(Testing.synth(stack)) as TerraformJson;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** The resources of one type in a stack, as [logical name, attributes] pairs (attributes as synthesized). */
export function resourcesOf(stack: TerraformJson, type: string): [string, Attributes][] {
  return Object.entries(stack.resource?.[type] ?? {});
}

/** Attributes of every resource of one type. */
export function attributesOf(stack: TerraformJson, type: string): Attributes[] {
  return resourcesOf(stack, type).map(([, attributes]) => attributes);
}

/** The single resource of a type whose attribute `key` equals `value` (throws when not exactly one). */
export function findResource(stack: TerraformJson, type: string, key: string, value: unknown): Attributes {
  const matches = attributesOf(stack, type).filter((attributes) => attributes[key] === value);
  if (matches.length !== 1)
    throw new Error(`expected one ${type} with ${key}=${value}, found ${matches.length}`);
  return matches[0];
}

/**
 * A stack's JSON made fit for a snapshot: cdktf's `//` metadata (construct paths) removed, keys sorted, and
 * any machine-specific path (repository checkout, temp dir, home) replaced by a placeholder.
 */
export function normalise(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalise);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => key !== "//")
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, inner]) => [key, normalise(inner)]),
    );
  }
  return typeof value === "string" ? stripMachinePaths(value) : value;
}

// Longest first, so the checkout inside a home directory becomes <repo>; "/" alone is not a machine path.
const MACHINE_PATHS: [string, string][] = (
  [
    [REPO_ROOT, "<repo>"],
    [tmpdir(), "<tmp>"],
    [homedir(), "<home>"],
  ] as [string, string][]
)
  .filter(([path]) => path.length > 1)
  .sort(([a], [b]) => b.length - a.length);

function stripMachinePaths(text: string): string {
  return MACHINE_PATHS.reduce((acc, [path, placeholder]) => acc.split(path).join(placeholder), text);
}
