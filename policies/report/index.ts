import type { CheckReport } from "../engine/check";
import type { RenderContext } from "./context";
import { renderCheckJson } from "./json";
import { renderCheckJunit } from "./junit";
import { renderCheckMarkdown } from "./markdown";
import { renderCheckSarif } from "./sarif";
import { renderCheckText } from "./text";

export type { RenderContext } from "./context";

/**
 * Output formats of `baseline check`. A new format is one file exporting a renderer plus one line here;
 * the CLI lists and validates `--format` from this registry.
 */
export type CheckRenderer = (report: CheckReport, context: RenderContext) => string;

export const CHECK_FORMATS: Readonly<Record<string, CheckRenderer>> = {
  text: renderCheckText,
  json: renderCheckJson,
  markdown: renderCheckMarkdown,
  sarif: renderCheckSarif,
  junit: renderCheckJunit,
};
