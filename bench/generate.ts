import { App } from "cdktf";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../config/load";
import { defineBaseline } from "../stacks/app";

export type StackJson = Record<string, unknown>;

/** The baseline's own stacks synthesized from baseline.yaml: the realistic mix the bench scales up. */
export function synthesizeBaseline(): Record<string, StackJson> {
  const outdir = mkdtempSync(join(tmpdir(), "baseline-bench-"));
  try {
    const app = new App({ outdir, stackTraces: false });
    defineBaseline(app, loadConfig("baseline.yaml"));
    app.synth();
    const dir = join(outdir, "stacks");
    return Object.fromEntries(
      readdirSync(dir).map((s) => [s, JSON.parse(readFileSync(join(dir, s, "cdk.tf.json"), "utf8"))]),
    );
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** How the bench grows an input: many projects of baseline size, or one project that keeps growing. */
export type Growth = "environments" | "one-environment";

export function scaleUp(
  stacks: Record<string, StackJson>,
  copies: number,
  growth: Growth,
): Record<string, StackJson> {
  return growth === "environments" ? copyEnvironments(stacks, copies) : growEnvironments(stacks, copies);
}

/**
 * `copies` copies of every stack as new environments (`prod` → `prod0`, `prod1`, ...), each with its own
 * state prefix so cross-stack references still find their producer: scopes stay baseline-sized.
 */
function copyEnvironments(stacks: Record<string, StackJson>, copies: number): Record<string, StackJson> {
  const copied: Record<string, StackJson> = {};
  for (let copy = 0; copy < copies; copy++) {
    for (const [name, stack] of Object.entries(stacks)) {
      const dash = name.indexOf("-");
      const env = dash > 0 ? name.slice(0, dash) : name;
      const renamed = dash > 0 ? `${env}${copy}${name.slice(dash)}` : `${name}${copy}`;
      copied[renamed] = JSON.parse(
        JSON.stringify(stack).replaceAll(`"prefix":"${env}/`, `"prefix":"${env}${copy}/`),
      );
    }
  }
  return copied;
}

/**
 * `copies` copies of every resource inside the same stacks, each copy's references (local and cross-stack
 * outputs) rewired to its own copy: an environment's scope grows with the copies (singletons such as the
 * Vault cluster included, which no real project has thirty of), so a control whose cost is quadratic in the
 * environment's size shows up.
 */
function growEnvironments(stacks: Record<string, StackJson>, copies: number): Record<string, StackJson> {
  return Object.fromEntries(Object.entries(stacks).map(([name, stack]) => [name, scaleStack(stack, copies)]));
}

function scaleStack(stack: StackJson, copies: number): StackJson {
  const resource = (stack.resource ?? {}) as Record<string, Record<string, unknown>>;
  const addresses = new Set(
    Object.entries(resource).flatMap(([type, byName]) => Object.keys(byName).map((n) => `${type}.${n}`)),
  );
  const scaled: StackJson = { ...stack, resource: {}, output: {} };
  for (let copy = 0; copy < copies; copy++) {
    const rename = (text: string) => renameReferences(text, addresses, `-c${copy}`);
    for (const [type, byName] of Object.entries(resource)) {
      const target = ((scaled.resource as Record<string, Record<string, unknown>>)[type] ??= {});
      for (const [name, body] of Object.entries(byName)) target[`${name}-c${copy}`] = rewrite(body, rename);
    }
    for (const [id, output] of Object.entries((stack.output ?? {}) as Record<string, unknown>)) {
      (scaled.output as Record<string, unknown>)[`${id}-c${copy}`] = rewrite(output, rename);
    }
  }
  return scaled;
}

const REFERENCE =
  /(?<![\w.-])([a-z][a-z0-9]*_[a-z0-9_]+)\.([A-Za-z_][\w-]*)|outputs\.(cross-stack-output-[\w-]+)/g;

function renameReferences(text: string, addresses: ReadonlySet<string>, suffix: string): string {
  if (!text.includes("${")) return text;
  return text.replace(
    REFERENCE,
    (match, type: string | undefined, name: string | undefined, output: string | undefined) => {
      if (output) return `outputs.${output}${suffix}`;
      return addresses.has(`${type}.${name}`) ? `${type}.${name}${suffix}` : match;
    },
  );
}

function rewrite(value: unknown, rename: (text: string) => string): unknown {
  if (typeof value === "string") return rename(value);
  if (Array.isArray(value)) return value.map((v) => rewrite(v, rename));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewrite(v, rename)]));
  }
  return value;
}
