import { InputError } from "./errors";
import { hclLineLocator, type LineLocator } from "./lines";
import { environmentOf } from "../../shared/stack-naming";
import type { StackDocument } from "./terraform-json";

/** One `.tf` file: its name as shown to the user and its text. */
export interface HclFile {
  readonly file: string;
  readonly text: string;
}

/** A file of a configuration rendered as Terraform JSON, with a way back to its lines. */
export interface ParsedFile {
  readonly file: string;
  readonly json: unknown;
  readonly locate: LineLocator;
}

/**
 * Parses `.tf` files through @cdktf/hcl2json, which renders HCL as Terraform JSON (blocks as lists,
 * expressions as `${...}` strings), so the Terraform JSON reader does the rest. hcl2json is a WebAssembly
 * module that takes seconds to start: it is loaded only when HCL is given.
 */
export async function parseHclFiles(files: readonly HclFile[]): Promise<ParsedFile[]> {
  const { parse } = await import("@cdktf/hcl2json");
  const parsed: ParsedFile[] = [];
  for (const { file, text } of files) {
    let json: unknown;
    try {
      json = await parse(file, text);
    } catch (error) {
      throw new InputError(file, `expected valid Terraform HCL; found a syntax error: ${hclProblem(error)}`);
    }
    parsed.push({ file, json, locate: hclLineLocator(text) });
  }
  return parsed;
}

/** hcl2json reports `parse config: [file:2,7-3,1: Summary; Detail.]`: keep the positions and the words. */
function hclProblem(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text
    .replace(/^parse config: \[/, "")
    .replace(/\]$/, "")
    .replace(/(\S+):(\d+),(\d+)-[\d,]+:/g, "line $2, column $3:");
}

/** Terraform treats every file of a directory as one configuration. */
export function combine(
  stack: string,
  documents: readonly StackDocument[],
  environment = environmentOf(stack),
): StackDocument {
  if (documents.length === 1) return documents[0];
  return {
    stack,
    environment,
    resources: documents.flatMap((d) => d.resources),
    backend: documents.find((d) => d.backend !== undefined)?.backend,
    outputs: new Map(documents.flatMap((d) => [...d.outputs])),
    remoteStates: new Map(documents.flatMap((d) => [...d.remoteStates])),
  };
}
