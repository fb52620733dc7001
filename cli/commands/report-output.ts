import type { Options } from "../command";
import type { Io } from "../io";
import { writeReport } from "../output";

/** The options of a command that evaluates inputs and prints a report: --format, --waivers, --output. */
export function reportOptions(defaultFormat: string) {
  return {
    format: { type: "string", default: defaultFormat },
    waivers: { type: "string" },
    output: { type: "string" },
  } as const satisfies Options;
}

/** Prints the report, or writes it to `output` (see writeReport) and prints what was written instead. */
export function emitReport(
  text: string,
  output: string | undefined,
  written: (file: string) => string,
  io: Io,
  inputs: readonly string[],
): void {
  if (output === undefined) {
    io.stdout(text);
    return;
  }
  writeReport(output, text, inputs);
  io.stdout(`${written(output)}\n`);
}
