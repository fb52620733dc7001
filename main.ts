/**
 * The main job: validate baseline.yaml, synthesize every stack, and only then replace cdktf.out, so a failed
 * run leaves the previous output untouched. `npx cdktf synth` runs this file too (it sets CDKTF_OUTDIR).
 */
import { App } from "cdktf";
import { existsSync, renameSync, rmSync } from "node:fs";
import { ConfigError } from "./config/errors";
import { DEFAULT_CONFIG_FILE, loadConfig } from "./config/load";
import { defineBaseline } from "./stacks/app";

const FINAL_OUTDIR = "cdktf.out";

function configFileFromArgs(argv: readonly string[]): string {
  const index = argv.indexOf("--config");
  return index >= 0 && argv[index + 1]
    ? argv[index + 1]
    : (process.env.BASELINE_CONFIG ?? DEFAULT_CONFIG_FILE);
}

function main(): number {
  const started = Date.now();
  let config;
  try {
    config = loadConfig(configFileFromArgs(process.argv.slice(2)));
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
  const managedByCli = process.env.CDKTF_OUTDIR !== undefined;
  const outdir = managedByCli ? process.env.CDKTF_OUTDIR! : `${FINAL_OUTDIR}.staging-${process.pid}`;
  const app = new App({ outdir, stackTraces: false });
  try {
    defineBaseline(app, config);
    app.synth();
  } catch (error) {
    if (!managedByCli) rmSync(outdir, { recursive: true, force: true });
    throw error;
  }
  if (!managedByCli) {
    const previous = `${FINAL_OUTDIR}.previous-${process.pid}`;
    if (existsSync(FINAL_OUTDIR)) renameSync(FINAL_OUTDIR, previous);
    renameSync(outdir, FINAL_OUTDIR);
    rmSync(previous, { recursive: true, force: true });
  }
  const stacks = app.node.children.length;
  console.log(
    `Synthesized ${stacks} stacks from ${config.source} into ${managedByCli ? outdir : FINAL_OUTDIR} in ${Date.now() - started} ms`,
  );
  return 0;
}

process.exitCode = main();
