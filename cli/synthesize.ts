import { App, TerraformStack } from "cdktf";
import {
  lstatSync,
  mkdirSync,
  readdirSync,
  readlinkSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { basename, dirname, normalize, relative, resolve, sep } from "node:path";
import { DEFAULT_CONFIG_FILE, loadConfig } from "../config/load";
import type { Config } from "../config/schema";
import { runCheck, type CheckReport } from "../policies/engine/check";
import { waiversFor } from "../policies/load/waivers";
import { loadInputs } from "../policies/load/input";
import { renderCheckText, summaryLines } from "../policies/report/text";
import { controlMatrix } from "../policies/report/matrix/build";
import { matrixMarkdown } from "../policies/report/matrix/markdown";
import { defineBaseline } from "../stacks/app";
import { PolicyGate, type PolicyGateOptions } from "./policy-gate";
import type { Io } from "./io";

export const DEFAULT_OUTDIR = "cdktf.out";
/** The control matrix a checked synth writes beside the stacks (what `baseline matrix <outdir>` prints). */
export const MATRIX_FILE = "matrix.md";
const ANNOTATION_ERRORS = 'Encountered Annotations with level "ERROR"';

export interface SynthesizeOptions {
  /** Default: $BASELINE_CONFIG, else baseline.yaml. */
  readonly configFile?: string;
  /** The directory to replace. Default: cdktf.out. */
  readonly outdir?: string;
  /**
   * false: write the output whatever the controls say and leave the verdict to `baseline check` or
   * `baseline diff` (a CI diff needs the output of a change that breaks a control). Default: true.
   */
  readonly check?: boolean;
}

/**
 * `npm start` / `baseline synth`: validate the configuration, synthesize every stack into a staging
 * directory, check every control on what was written, and only then replace the output directory, so a
 * failed run (bad config, synth error, failing control) leaves the previous output untouched. With
 * `check: false` the controls are not evaluated and only a failed synth keeps the previous output.
 *
 * Under `cdktf synth` (which sets CDKTF_OUTDIR and owns the output directory) the PolicyGate aspect
 * enforces the controls instead, as error annotations that cdktf prints.
 */
export async function synthesizeAndCheck(options: SynthesizeOptions, io: Io): Promise<number> {
  const started = Date.now();
  const config = loadConfig(options.configFile ?? process.env.BASELINE_CONFIG ?? DEFAULT_CONFIG_FILE);
  const check = options.check ?? true;
  if (process.env.CDKTF_OUTDIR !== undefined) {
    return synthesizeUnderCdktf(
      config,
      { controls: io.catalogue, waivers: waiversFor(io.catalogue, io.today()), today: io.today() },
      io,
    );
  }
  const waivers = check ? waiversFor(io.catalogue, io.today()) : [];
  // `out/head/` and `out/head` are one output: its generations sit beside it, never inside it.
  const outdir = normalize(options.outdir ?? DEFAULT_OUTDIR).replace(/(.)\/+$/, "$1");
  // cdktf creates only the last directory; the final rename needs staging and target side by side.
  mkdirSync(dirname(outdir), { recursive: true });
  removeLeftovers(outdir);
  const staging = `${outdir}.staging-${process.pid}-${Date.now()}`;
  const app = new App({ outdir: staging, stackTraces: false });
  defineBaseline(app, config);
  const seconds = () => ((Date.now() - started) / 1000).toFixed(1);
  try {
    app.synth();
    if (!check) {
      replaceOutput(staging, outdir);
      const stacks = app.node.children.filter((c) => TerraformStack.isStack(c)).length;
      io.stdout(`Synthesized ${stacks} stacks from ${config.source} into ${outdir}/ in ${seconds()} s\n`);
      io.stdout(`Controls not checked (--no-check): \`baseline check ${outdir}\` gives the verdict\n`);
      return 0;
    }
    const report = runCheck(await loadInputs([staging]), {
      controls: io.catalogue,
      waivers,
      today: io.today(),
    });
    if (report.summary.result === "fail") {
      io.stderr(renderCheckText(sourcesWithin(staging, report)));
      io.stderr(`${outdir}/ was left unchanged: ${whatToFix(report)} (${seconds()} s).\n`);
      return 1;
    }
    const matrix = controlMatrix(
      io.catalogue,
      sourcesWithin(staging, report).findings,
      report.summary.environments,
      report.summary.production,
    );
    writeFileSync(`${staging}/${MATRIX_FILE}`, matrixMarkdown(matrix));
    replaceOutput(staging, outdir);
    io.stdout(
      `Synthesized ${report.summary.stacks.length} stacks from ${config.source} into ${outdir}/ and checked them in ${seconds()} s\n`,
    );
    io.stdout(`${summaryLines(report.summary).join("\n")}\n`);
    io.stdout(`Control matrix, with the backups per store: ${outdir}/${MATRIX_FILE}\n`);
    return 0;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** `cdktf synth`: it owns CDKTF_OUTDIR, and the PolicyGate's error annotations are the verdict. */
function synthesizeUnderCdktf(config: Config, gate: PolicyGateOptions, io: Io): number {
  const app = new App({ outdir: process.env.CDKTF_OUTDIR, stackTraces: false });
  defineBaseline(app, config);
  PolicyGate.addTo(app, gate);
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

/** The staging directory is deleted on failure: name each source file within it (`stacks/x/cdk.tf.json`). */
function sourcesWithin(staging: string, report: CheckReport): CheckReport {
  const prefix = `${relative(process.cwd(), resolve(staging))}${sep}`;
  const findings = report.findings.map((f) =>
    f.source?.file.startsWith(prefix)
      ? { ...f, source: { ...f.source, file: f.source.file.slice(prefix.length) } }
      : f,
  );
  return { ...report, findings };
}

/**
 * Makes `staging` the output: `outdir` is a symlink to the synthesized directory, and it is flipped to the new
 * one by renaming a new link over it (one atomic rename), so a concurrent reader sees either the previous
 * output or the new one, never neither. The previous generation is kept until the next run (a reader may
 * still be in it). An `outdir` that is still a plain directory (from an earlier release) is moved aside once.
 */
function replaceOutput(staging: string, outdir: string): void {
  const generation = `${outdir}.${GENERATION}-${process.pid}-${Date.now()}`;
  renameSync(staging, generation);
  const link = `${outdir}.link-${process.pid}`;
  symlinkSync(basename(generation), link);
  const previousDirectory = `${outdir}.previous-${process.pid}`;
  let current: string | undefined;
  try {
    current = lstatSync(outdir).isSymbolicLink() ? resolve(dirname(outdir), readlinkSync(outdir)) : undefined;
    if (current === undefined) renameSync(outdir, previousDirectory);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  renameSync(link, outdir);
  rmSync(previousDirectory, { recursive: true, force: true });
  removeLeftovers(outdir, current);
}

/** Name part of the directories an output symlink points at: `cdktf.out.generation-<pid>-<ms>`. */
const GENERATION = "generation";

/**
 * Removes what killed runs left beside `outdir` (staging, link and previous directories of processes that are
 * gone) and every generation that is neither the current output nor `keep`.
 */
function removeLeftovers(outdir: string, keep?: string): void {
  const parent = dirname(outdir);
  const prefix = `${basename(outdir)}.`;
  const current = currentGeneration(outdir);
  const kept = keep === undefined ? undefined : resolve(keep);
  for (const entry of readdirSync(parent)) {
    if (!entry.startsWith(prefix)) continue;
    const match = /^(staging|link|previous|generation)-(\d+)(?:-\d+)?$/.exec(entry.slice(prefix.length));
    if (!match) continue;
    const path = resolve(parent, entry);
    const [, kind, pid] = match;
    if (kind === GENERATION ? path === current || path === kept : isRunning(Number(pid))) continue;
    rmSync(path, { recursive: true, force: true });
  }
}

function currentGeneration(outdir: string): string | undefined {
  try {
    return resolve(dirname(outdir), readlinkSync(outdir));
  } catch {
    return undefined;
  }
}

function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** What made the check fail, as the instruction the user needs: failing controls, or only waivers. */
function whatToFix(report: CheckReport): string {
  if (report.summary.findings.failing > 0) return "fix the failing controls above";
  if (report.summary.waivers.expired > 0) return "renew or remove the expired waivers above";
  return "remove the stale waivers above";
}
