import { controlMatrix } from "../../policies/report/matrix/build";
import { MATRIX_FORMATS } from "../../policies/report/matrix";
import { choice, parseCommandLine, type Command } from "../command";
import { UsageError } from "../errors";
import { evaluatePaths } from "./evaluate-paths";
import { emitReport, reportOptions } from "./report-output";

const USAGE = `Usage: baseline matrix PATH... [--format ${Object.keys(MATRIX_FORMATS).join("|")}] [--waivers FILE] [--output FILE]
  PATH       what check takes: a cdktf.out directory, a *.tf.json file, a plan JSON or a directory of .tf files
  --format   markdown (default), json, or html (one self-contained page: inline CSS, nothing fetched)
  --waivers  waivers file (default baseline.waivers.yaml when it exists)
  --output   write the matrix to FILE (atomically) instead of standard output`;

export const matrixCommand: Command = {
  name: "matrix",
  summary:
    "the security-page checklist: each control's claim, status per environment, implementation, evidence",
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseCommandLine(argv, reportOptions("markdown"), USAGE);
    if (positionals.length === 0) throw new UsageError("matrix needs at least one PATH", USAGE);
    const format = choice(values.format, Object.keys(MATRIX_FORMATS), "format", USAGE);
    const { report } = await evaluatePaths(positionals, values.waivers, io);
    const matrix = controlMatrix(
      io.catalogue,
      report.findings,
      report.summary.environments,
      report.summary.production,
    );
    emitReport(
      MATRIX_FORMATS[format](matrix),
      values.output,
      (file) => `Wrote the ${format} control matrix (${matrix.rows.length} controls) to ${file}`,
      io,
      positionals,
    );
    // The matrix publishes the status; failing controls are check's verdict to give, not the page's.
    return 0;
  },
};
