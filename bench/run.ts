/**
 * `npm run bench`: loads and checks the baseline scaled to about 1k, 10k and 50k resources, each size in its
 * own process (for an honest peak memory), and reports load time, check time, peak memory, whether the cost
 * grows linearly, and any control whose cost grows faster than its input. Target: 10k checked < 1 s.
 */
import { fork } from "node:child_process";
import { synthesizeBaseline, type StackJson } from "./generate";
import type { Measurement } from "./measure";

const TARGETS = [1_000, 10_000, 50_000];

function runSize(base: Record<string, StackJson>, copies: number): Promise<Measurement> {
  return new Promise((resolve, reject) => {
    const child = fork(`${__dirname}/measure.ts`, [String(copies)], {
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

async function main(): Promise<void> {
  const base = synthesizeBaseline();
  const perCopy = Object.values(base).reduce(
    (n, s) =>
      n +
      Object.values((s.resource ?? {}) as object).reduce((m, byName) => m + Object.keys(byName).length, 0),
    0,
  );
  console.log(`Baseline: ${Object.keys(base).length} stacks, ${perCopy} resources per copy\n`);
  console.log("resources   load ms   check ms   check µs/resource   peak RSS MB   heap MB   findings");
  const results: Measurement[] = [];
  for (const target of TARGETS) {
    const m = await runSize(base, Math.max(1, Math.round(target / perCopy)));
    results.push(m);
    console.log(
      `${String(m.resources).padStart(9)} ${m.loadMs.toFixed(0).padStart(9)} ${m.checkMs.toFixed(0).padStart(10)} ${((m.checkMs * 1000) / m.resources).toFixed(1).padStart(19)} ${m.peakRssMb.toFixed(0).padStart(13)} ${m.heapUsedMb.toFixed(0).padStart(9)} ${String(m.findings).padStart(10)}`,
    );
  }
  const [, mid, large] = results;
  const growth = (a: number, b: number) => b / large.resources / (a / mid.resources);
  console.log(
    `\nPer-resource cost from ${mid.resources} to ${large.resources}: load x${growth(mid.loadMs, large.loadMs).toFixed(2)}, check x${growth(mid.checkMs, large.checkMs).toFixed(2)} (1.0 = linear)`,
  );
  const superlinear = Object.keys(large.perControlMs)
    .map((id) => ({
      id,
      growth: growth(Math.max(mid.perControlMs[id], 0.05), large.perControlMs[id]),
      ms: large.perControlMs[id],
    }))
    .filter((c) => c.growth > 2 && c.ms > 20)
    .sort((a, b) => b.ms - a.ms);
  console.log(
    superlinear.length === 0
      ? "No control grows faster than linearly (per-resource cost within x2 and above 20 ms)."
      : `Controls growing faster than linearly: ${superlinear.map((c) => `${c.id} (${c.ms.toFixed(0)} ms at ${large.resources}, x${c.growth.toFixed(1)} per resource)`).join(", ")}`,
  );
  const slowest = Object.entries(large.perControlMs)
    .sort(([, a], [, b]) => b - a)
    .slice(0, 5);
  console.log(
    `Slowest controls at ${large.resources}: ${slowest.map(([id, ms]) => `${id} ${ms.toFixed(0)} ms`).join(", ")}`,
  );
  const ten = results[1];
  console.log(
    `Target 10k checked in < 1 s after load: ${ten.checkMs < 1000 ? "met" : "NOT met"} (${ten.checkMs.toFixed(0)} ms for ${ten.resources})`,
  );
}

void main();
