import { App } from "cdktf";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineBaseline } from "../../../stacks/app";
import { defaultConfig } from "../../support/synth";

const made: string[] = [];

/** A fresh temporary directory, removed by `removeTemporaryDirectories` (call it in afterAll). */
export function temporaryDirectory(): string {
  const dir = mkdtempSync(join(tmpdir(), "baseline-report-"));
  made.push(dir);
  return dir;
}

export function removeTemporaryDirectories(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Writes stacks (name → Terraform JSON) as a cdktf.out directory: manifest.json plus stacks/<name>/cdk.tf.json. */
export function writeCdktfOut(dir: string, stacks: Record<string, object>): string {
  const manifest: Record<string, object> = {};
  for (const [name, json] of Object.entries(stacks)) {
    mkdirSync(join(dir, "stacks", name), { recursive: true });
    writeFileSync(join(dir, "stacks", name, "cdk.tf.json"), JSON.stringify(json, null, 2));
    manifest[name] = { name, synthesizedStackPath: `stacks/${name}/cdk.tf.json` };
  }
  writeFileSync(join(dir, "manifest.json"), JSON.stringify({ stacks: manifest }, null, 2));
  return dir;
}

let baseline: string | undefined;

/**
 * The default configuration synthesized into a cdktf.out directory, exactly as `cdktf synth` lays it out
 * (synthesized once per test file; the synth-time policy gate is not involved).
 */
export function synthesizedBaseline(): string {
  if (baseline) return baseline;
  const outdir = temporaryDirectory();
  const app = new App({ outdir, stackTraces: false });
  defineBaseline(app, defaultConfig());
  app.synth();
  baseline = outdir;
  return outdir;
}

/** A copy of a cdktf.out directory with one stack's Terraform JSON changed by `change`. */
export function mutatedCopy(source: string, changes: Record<string, (json: StackJson) => void>): string {
  const dir = temporaryDirectory();
  cpSync(source, dir, { recursive: true });
  for (const [stack, change] of Object.entries(changes)) {
    const file = join(dir, "stacks", stack, "cdk.tf.json");
    const json = JSON.parse(readFileSync(file, "utf8")) as StackJson;
    change(json);
    writeFileSync(file, JSON.stringify(json, null, 2));
  }
  return dir;
}

// Terraform JSON is indexed freely by the mutations.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type StackJson = Record<string, any>;

/** The logical name of the single resource of `type` in a stack whose attributes satisfy `match`. */
export function resourceNamed(
  json: StackJson,
  type: string,
  match: (attributes: StackJson) => boolean,
): string {
  const names = Object.entries(json.resource?.[type] ?? {})
    .filter(([, attributes]) => match(attributes as StackJson))
    .map(([name]) => name);
  if (names.length !== 1) throw new Error(`expected one ${type} matching, found ${names.length}`);
  return names[0];
}
