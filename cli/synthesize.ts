import { App } from "cdktf";
import { existsSync, renameSync, rmSync } from "node:fs";
import { DEFAULT_CONFIG_FILE, loadConfig } from "../config/load";
import { runCheck } from "../policies/engine/check";
import { DEFAULT_WAIVERS_FILE, loadWaivers } from "../policies/engine/waivers";
import { loadInputs } from "../policies/load/input";
import { renderCheckText, summaryLines } from "../policies/report/text";
import { defineBaseline } from "../stacks/app";
import { PolicyGate } from "../stacks/policy-gate";
import type { Io } from "./io";

const FINAL_OUTDIR = "cdktf.out";
const ANNOTATION_ERRORS = 'Encountered Annotations with level "ERROR"';

export interface SynthesizeOptions {
  /** Default: $BASELINE_CONFIG, else baseline.yaml. */
  readonly configFile?: string;
}

/**
 * `npm start` / `baseline synth`: validate the configuration, synthesize every stack into a staging
 * directory, check every control on what was written, and only then replace cdktf.out, so a failed run
 * (bad config, synth error, failing control) leaves the previous output untouched.
 *
 * Under `cdktf synth` (which sets CDKTF_OUTDIR and owns the output directory) the PolicyGate aspect
 * enforces the controls instead, as error annotations that cdktf prints.
 */
export async function synthesizeAndCheck(options: SynthesizeOptions, io: Io): Promise<number> {
  const started = Date.now();
  const config = loadConfig(options.configFile ?? process.env.BASELINE_CONFIG ?? DEFAULT_CONFIG_FILE);
  const waivers = loadWaivers(DEFAULT_WAIVERS_FILE, new Set(io.catalogue.map((c) => c.id)), false);
  const today = io.today();
  const managedByCli = process.env.CDKTF_OUTDIR !== undefined;
  const outdir = managedByCli ? process.env.CDKTF_OUTDIR! : `${FINAL_OUTDIR}.staging-${process.pid}`;
  const app = new App({ outdir, stackTraces: false });
  defineBaseline(app, config);
  if (managedByCli) {
    PolicyGate.addTo(app, { controls: io.catalogue, waivers, today });
    try {
      app.synth();
    } catch (error) {
      // The gate's verdict (cdktf lists the error annotations), not a crash.
      if (!String((error as Error).message).startsWith(ANNOTATION_ERRORS)) throw error;
      io.stderr(`${(error as Error).message}\n`);
      return 1;
    }
    return 0;
  }
  try {
    app.synth();
    const report = runCheck(await loadInputs([outdir]), { controls: io.catalogue, waivers, today });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (report.summary.result === "fail") {
      io.stderr(renderCheckText(report));
      io.stderr(`${FINAL_OUTDIR}/ was left unchanged: fix the failing controls above (${seconds} s).\n`);
      return 1;
    }
    replaceOutput(outdir);
    io.stdout(
      `Synthesized ${report.summary.stacks.length} stacks from ${config.source} into ${FINAL_OUTDIR}/ and checked them in ${seconds} s\n`,
    );
    io.stdout(`${summaryLines(report.summary).join("\n")}\n`);
    return 0;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

function replaceOutput(staging: string): void {
  const previous = `${FINAL_OUTDIR}.previous-${process.pid}`;
  if (existsSync(FINAL_OUTDIR)) renameSync(FINAL_OUTDIR, previous);
  renameSync(staging, FINAL_OUTDIR);
  rmSync(previous, { recursive: true, force: true });
}
