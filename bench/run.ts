/**
 * `npm run bench`: loads and checks the baseline scaled to about 1k, 10k and 50k resources, each size in its
 * own process (for an honest peak memory), and reports load time, check time, peak memory and whether the
 * cost grows linearly. Two growths: many baseline-sized environments (many projects: the realistic case), and
 * one environment that keeps growing (every control sees the whole input: exposes any control whose cost
 * is quadratic in an environment's size). Target: 10k resources checked in under 1 s after load.
 */
import { fork } from "node:child_process";
import { synthesizeBaseline, type Growth, type StackJson } from "./generate";
import type { Measurement } from "./measure";

const TARGETS = [1_000, 10_000, 50_000];

function runSize(base: Record<string, StackJson>, copies: number, growth: Growth): Promise<Measurement> {
  return new Promise((resolve, reject) => {
    const child = fork(`${__dirname}/measure.ts`, [String(copies), growth], {
      execArgv: ["--require", "tsx/cjs", "--expose-gc"],
    });
    child.once("message", (m) => resolve(m as Measurement));
    child.once("error", reject);
    child.once(
      "exit",
      (code) => code !== 0 && reject(new Error(`measurement of ${copies} copies exited ${code}`)),
    );
    child.send(base);
  });
}

function resourceCount(stacks: Record<string, StackJson>): number {
  return Object.values(stacks).reduce(
    (n, s) =>
      n +
      Object.values((s.resource ?? {}) as object).reduce((m, byName) => m + Object.keys(byName).length, 0),
    0,
  );
}

async function bench(base: Record<string, StackJson>, growth: Growth): Promise<void> {
  console.log(
    `\n${growth === "environments" ? "Many baseline-sized environments" : "One growing environment"}`,
  );
  console.log(
    "resources   JSON.parse ms   load ms   check ms   check/parse   check µs/resource   peak RSS MB   heap MB   findings",
  );
  const results: Measurement[] = [];
  for (const target of TARGETS) {
    const m = await runSize(base, Math.max(1, Math.round(target / resourceCount(base))), growth);
    results.push(m);
    const perResource = ((m.checkMs * 1000) / m.resources).toFixed(1);
    console.log(
      `${String(m.resources).padStart(9)} ${m.parseMs.toFixed(0).padStart(15)} ${m.loadMs.toFixed(0).padStart(9)} ` +
        `${m.checkMs.toFixed(0).padStart(10)} ${`x${(m.checkMs / m.parseMs).toFixed(1)}`.padStart(13)} ` +
        `${perResource.padStart(19)} ${m.peakRssMb.toFixed(0).padStart(13)} ${m.heapUsedMb.toFixed(0).padStart(9)} ` +
        `${String(m.findings).padStart(10)}`,
    );
  }
  const [, mid, large] = results;
  const growthOf = (a: number, b: number) => b / large.resources / (a / mid.resources);
  console.log(
    `Per-resource cost from ${mid.resources} to ${large.resources}: load x${growthOf(mid.loadMs, large.loadMs).toFixed(2)}, ` +
      `check x${growthOf(mid.checkMs, large.checkMs).toFixed(2)} (1.00 = linear)`,
  );
  const superlinear = Object.keys(large.perControlMs)
    .map((id) => ({
      id,
      ms: large.perControlMs[id],
      x: growthOf(Math.max(mid.perControlMs[id], 0.05), large.perControlMs[id]),
    }))
    .filter((c) => c.x > 2 && c.ms > 100)
    .sort((a, b) => b.ms - a.ms);
  console.log(
    superlinear.length === 0
      ? "No control above 100 ms grows faster than linearly."
      : `Controls above 100 ms growing faster than linearly: ${superlinear
          .map((c) => `${c.id} (${c.ms.toFixed(0)} ms, x${c.x.toFixed(1)} per resource)`)
          .join(", ")}`,
  );
  const ten = results[1];
  console.log(
    `10k checked in < 1 s after load: ${ten.checkMs < 1000 ? "met" : "NOT met"} (${ten.checkMs.toFixed(0)} ms)`,
  );
}

async function main(): Promise<void> {
  const base = synthesizeBaseline();
  console.log(`Baseline: ${Object.keys(base).length} stacks, ${resourceCount(base)} resources per copy`);
  await bench(base, "environments");
  await bench(base, "one-environment");
}

void main();
