import type { Matrix } from "./build";
import { matrixHtml } from "./html";
import { matrixJson } from "./json";
import { matrixMarkdown } from "./markdown";

/** Output formats of `baseline matrix`; the CLI lists and validates `--format` from this registry. */
export const MATRIX_FORMATS: Readonly<Record<string, (matrix: Matrix) => string>> = {
  markdown: matrixMarkdown,
  json: matrixJson,
  html: (matrix) => matrixHtml(matrix),
};
