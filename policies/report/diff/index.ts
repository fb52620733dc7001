import type { SecurityDiff } from "./compare";
import { diffJson } from "./json";
import { diffMarkdown } from "./markdown";
import { diffText } from "./text";

/** Output formats of `baseline diff`; the CLI lists and validates `--format` from this registry. */
export const DIFF_FORMATS: Readonly<Record<string, (diff: SecurityDiff) => string>> = {
  text: diffText,
  markdown: diffMarkdown,
  json: diffJson,
};
