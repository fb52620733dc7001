import { readFileSync } from "node:fs";
import { ConfigError } from "../../config/errors";
import { parseConfig } from "../../config/load";
import { DEFAULT_CONFIG_PATH } from "./synth";

/** The text of the embedded default baseline.yaml. */
export function baselineText(): string {
  return readFileSync(DEFAULT_CONFIG_PATH, "utf8");
}

/**
 * baseline.yaml with the first occurrence of the whole line `from` replaced by `to`, and the 1-based line
 * number of that line, so expected messages do not break when someone edits an unrelated section.
 */
export function editBaseline(from: string, to: string): { text: string; line: number } {
  const lines = baselineText().split("\n");
  const index = lines.indexOf(from);
  if (index < 0) throw new Error(`baseline.yaml has no line ${JSON.stringify(from)}`);
  lines[index] = to;
  return { text: lines.join("\n"), line: index + 1 };
}

/** The problems a configuration text is rejected with; fails the test when it is accepted. */
export function problemsOf(text: string, file = "baseline.yaml"): readonly string[] {
  try {
    parseConfig(text, file);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error("the configuration was accepted");
}
