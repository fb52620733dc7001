import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "../../cli/main";
import type { Io } from "../../cli/io";
import { CATALOGUE } from "../../policies/controls";
import { modelFromDocuments } from "../../policies/load/documents";
import { readTerraformJson } from "../../policies/load/terraform-json";
import { get } from "../../policies/model/values";
import { synthBaseline } from "../support/synth";
import { INSECURE_WHEN_UNSET, MUTATIONS, mutate, random, type Mutation } from "./mutations";

/** One fuzz case that broke a promise: what was mutated, and what went wrong. */
export interface Problem {
  readonly seed: number;
  readonly case: number;
  readonly what: string;
  readonly problem: string;
}

export interface CampaignResult {
  readonly cases: number;
  readonly problems: Problem[];
  readonly exitCodes: Record<number, number>;
  readonly slowestMs: number;
  readonly peakRssMb: number;
}

const ENVIRONMENT = "prod";
const PLAN_FIXTURE = join(__dirname, "../fixtures/plan/prod-backup.plan.json");
const FORMATS = ["text", "json", "sarif", "junit", "markdown"];
/** A case that takes longer than this has hung, for an input of this size. */
export const CASE_TIME_LIMIT_MS = 15_000;

function writeCdktfOut(dir: string, stacks: Record<string, unknown>): void {
  const manifest = { version: "0.21.0", stacks: {} as Record<string, unknown> };
  for (const [name, json] of Object.entries(stacks)) {
    mkdirSync(join(dir, "stacks", name), { recursive: true });
    writeFileSync(join(dir, "stacks", name, "cdk.tf.json"), JSON.stringify(json));
    manifest.stacks[name] = { name, synthesizedStackPath: `stacks/${name}/cdk.tf.json` };
  }
  writeFileSync(join(dir, "manifest.json"), JSON.stringify(manifest));
}

async function runCli(args: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = "";
  const io: Io = {
    stdout: () => undefined,
    stderr: (t) => void (stderr += t),
    today: () => "2030-06-15",
    catalogue: CATALOGUE,
  };
  return { code: await run(args, io), stderr };
}

/**
 * Mutates the synthesized prod stacks, their manifest and a plan JSON `cases` times from `seed`, runs
 * `baseline check` in-process on each, and reports every case that crashed (exit code outside 0-2, an
 * "internal error"), hung, or let a removed security attribute pass.
 */
export async function fuzzCampaign(seed: number, cases: number): Promise<CampaignResult> {
  const pick = random(seed);
  const base = Object.fromEntries(
    Object.entries(synthBaseline()).filter(([name]) => name.startsWith(`${ENVIRONMENT}-`)),
  );
  const plan = JSON.parse(readFileSync(PLAN_FIXTURE, "utf8"));
  const work = mkdtempSync(join(tmpdir(), "baseline-fuzz-"));
  const clean = join(work, "clean");
  writeCdktfOut(clean, base);
  const problems: Problem[] = [];
  const exitCodes: Record<number, number> = {};
  let slowestMs = 0;
  let peakRssMb = 0;
  try {
    for (let i = 0; i < cases; i++) {
      const mutation: Mutation = MUTATIONS[Math.floor(pick() * MUTATIONS.length)];
      const format = FORMATS[Math.floor(pick() * FORMATS.length)];
      const dir = join(work, `case-${i}`);
      let target: string;
      let what: string;
      const kind = pick();
      if (kind < 0.15 || mutation === "manifest edit") {
        cpSync(clean, dir, { recursive: true });
        const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
        what = `manifest.json: ${mutate(manifest, mutation, pick)}`;
        writeFileSync(join(dir, "manifest.json"), JSON.stringify(manifest));
        target = dir;
      } else if (kind < 0.35) {
        mkdirSync(dir);
        const copy = structuredClone(plan);
        what = `plan: ${mutate(copy, mutation, pick)}`;
        target = join(dir, "prod-backup.plan.json");
        writeFileSync(target, JSON.stringify(copy));
      } else {
        cpSync(clean, dir, { recursive: true });
        const names = Object.keys(base);
        const name = names[Math.floor(pick() * names.length)];
        const copy = structuredClone(base[name]);
        what = `${name}: ${mutation}: ${mutate(copy, mutation, pick)}`;
        writeFileSync(join(dir, "stacks", name, "cdk.tf.json"), JSON.stringify(copy));
        target = dir;
      }
      const started = Date.now();
      const { code, stderr } = await runCli(["check", target, "--format", format, "--allow-empty"]);
      const elapsed = Date.now() - started;
      slowestMs = Math.max(slowestMs, elapsed);
      peakRssMb = Math.max(peakRssMb, process.memoryUsage().rss / 1024 / 1024);
      exitCodes[code] = (exitCodes[code] ?? 0) + 1;
      const report = (problem: string) => problems.push({ seed, case: i, what, problem });
      if (![0, 1, 2].includes(code)) report(`exit code ${code}`);
      if (stderr.includes("internal error")) report(stderr.trim().split("\n")[0]);
      if (elapsed > CASE_TIME_LIMIT_MS) report(`took ${elapsed} ms`);
      rmSync(dir, { recursive: true, force: true });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return { cases, problems, exitCodes, slowestMs, peakRssMb: Math.round(peakRssMb) };
}

/**
 * For every security attribute whose provider default is insecure, and every resource of its type in the
 * prod stacks: deleting it, or setting it to null, must not leave its control passing on that resource.
 */
export function unsetSecurityAttributes(): Problem[] {
  const base = Object.entries(synthBaseline()).filter(([name]) => name.startsWith(`${ENVIRONMENT}-`));
  const problems: Problem[] = [];
  for (const { type, path, control: id } of INSECURE_WHEN_UNSET) {
    const control = CATALOGUE.find((c) => c.id === id)!;
    for (const [stack, json] of base) {
      const resources = ((json as { resource?: Record<string, Record<string, unknown>> }).resource ?? {})[
        type
      ];
      for (const name of Object.keys(resources ?? {})) {
        for (const mode of ["delete", "null"] as const) {
          const copy = structuredClone(Object.fromEntries(base)) as Record<string, Record<string, never>>;
          const attributes = copy[stack].resource[type][name] as Record<string, unknown>;
          const steps = path.split(".");
          const parent = steps.slice(0, -1).reduce<unknown>((v, step) => get(v, step), attributes);
          if (parent === null || typeof parent !== "object" || get(parent, steps.at(-1)!) === undefined)
            continue;
          const holder = (Array.isArray(parent) ? parent[0] : parent) as Record<string, unknown>;
          if (mode === "delete") delete holder[steps.at(-1)!];
          else holder[steps.at(-1)!] = null;
          const documents = Object.entries(copy).map(([s, j]) => readTerraformJson(j, { stack: s }));
          const scope = modelFromDocuments(documents).scope(ENVIRONMENT);
          const verdicts = control.evaluate(scope).filter((r) => r.resource?.address === `${type}.${name}`);
          if (verdicts.some((r) => r.status === "pass"))
            problems.push({
              seed: 0,
              case: 0,
              what: `${stack}/${type}.${name}: ${mode} ${path}`,
              problem: `${id} still passes`,
            });
        }
      }
    }
  }
  return problems;
}
