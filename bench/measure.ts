import { CATALOGUE } from "../policies/controls";
import { runCheck } from "../policies/engine/check";
import { modelFromDocuments } from "../policies/load/documents";
import { readTerraformJson } from "../policies/load/terraform-json";
import { scaleUp, type Growth, type StackJson } from "./generate";

export interface Measurement {
  readonly resources: number;
  /** JSON.parse of the same texts alone: the floor any reader of Terraform JSON pays. */
  readonly parseMs: number;
  /** JSON.parse, reading into the model's terms (expressions evaluated) and indexing the model. */
  readonly loadMs: number;
  readonly checkMs: number;
  readonly peakRssMb: number;
  readonly heapUsedMb: number;
  readonly findings: number;
  /** Milliseconds per control, for spotting one that grows faster than the input. */
  readonly perControlMs: Record<string, number>;
}

/** Runs in a child process per size (bench/run.ts), so each peak memory figure is its own. */
export function measure(base: Record<string, StackJson>, copies: number, growth: Growth): Measurement {
  const scaled = scaleUp(base, copies, growth);
  const texts = Object.entries(scaled).map(([stack, json]) => [stack, JSON.stringify(json)] as const);
  const declared = Object.values(scaled).reduce(
    (n, s) =>
      n +
      Object.values((s.resource ?? {}) as object).reduce((m, byName) => m + Object.keys(byName).length, 0),
    0,
  );
  // On a shared machine one run is at the mercy of its neighbours: below 20k resources each figure is the
  // fastest of three runs, each on a model read afresh (a second check of one model would find its references
  // already resolved).
  const runs = declared < 20_000 ? 3 : 1;
  let parseMs = Infinity;
  let loadMs = Infinity;
  let checkMs = Infinity;
  let documents: ReturnType<typeof readTerraformJson>[] = [];
  let model = modelFromDocuments([]);
  let report: ReturnType<typeof runCheck> | undefined;
  for (let run = 0; run < runs; run++) {
    global.gc?.();
    // JSON.parse alone: the floor any reader of the same Terraform JSON pays.
    const parseStart = performance.now();
    for (const [, text] of texts) JSON.parse(text);
    parseMs = Math.min(parseMs, performance.now() - parseStart);
    global.gc?.();
    const loadStart = performance.now();
    documents = texts.map(([stack, text]) => readTerraformJson(JSON.parse(text), { stack }));
    model = modelFromDocuments(documents);
    loadMs = Math.min(loadMs, performance.now() - loadStart);
    const checkStart = performance.now();
    report = runCheck({ model, stacks: documents }, { controls: CATALOGUE, today: "2030-01-01" });
    checkMs = Math.min(checkMs, performance.now() - checkStart);
  }
  const heapUsedMb = process.memoryUsage().heapUsed / 2 ** 20;
  return {
    resources: model.resources.length,
    parseMs,
    loadMs,
    checkMs,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    heapUsedMb,
    findings: report!.findings.length,
    // A fresh model, so no control profits from references an earlier pass already resolved.
    perControlMs: timeEachControl(modelFromDocuments(documents)),
  };
}

function timeEachControl(model: ReturnType<typeof modelFromDocuments>): Record<string, number> {
  const scopes = model.environments.map((env) => model.scope(env));
  // Build each scope's reverse-reference index first, so its one-off cost is not charged to one control.
  for (const scope of scopes) if (scope.resources[0]) scope.referencing(scope.resources[0]);
  const times: Record<string, number> = {};
  for (const control of CATALOGUE) {
    const start = performance.now();
    for (const scope of scopes) control.evaluate(scope);
    times[control.id] = performance.now() - start;
  }
  return times;
}

if (require.main === module) {
  const [copies, growth] = process.argv.slice(2);
  process.on("message", (base: Record<string, StackJson>) => {
    process.send!(measure(base, Number(copies), growth as Growth), () => process.exit(0));
  });
}
