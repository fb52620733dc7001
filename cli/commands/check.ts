import type { Severity } from "../../policies/control";
import { runCheck } from "../../policies/engine/check";
import { DEFAULT_WAIVERS_FILE, waiversFor } from "../../policies/load/waivers";
import { loadInputs } from "../../policies/load/input";
import { CHECK_FORMATS } from "../../policies/report";
import { summaryLines } from "../../policies/report/text";
import { choice, parseCommandLine, type Command } from "../command";
import { NothingToCheck } from "../errors";
import { DEFAULT_OUTDIR } from "../synthesize";
import { writeReport } from "../output";

const UNKNOWN_THRESHOLDS: readonly (Severity | "never")[] = ["critical", "high", "medium", "low", "never"];

const USAGE = `Usage: baseline check [PATH...] [--format ${Object.keys(CHECK_FORMATS).join("|")}] [--waivers FILE] [--output FILE]
                      [--unknown-fails critical|high|medium|low|never] [--strict] [--allow-empty]
  PATH             a cdktf.out directory, a *.tf.json file, a plan JSON (terraform show -json), a directory of .tf
                   files, or - for JSON on standard input (default: cdktf.out)
  --format         output format (default text)
  --waivers        waivers file (default ${DEFAULT_WAIVERS_FILE} when it exists)
  --output         write the report to FILE (atomically) instead of standard output
  --unknown-fails  lowest severity at which a value unknown until apply fails the check (default high)
  --strict         stale waivers (waiving nothing) fail the check too
  --allow-empty    accept input that declares no resources (otherwise nothing was checked: exit 2)`;

export const checkCommand: Command = {
  name: "check",
  summary: "prove every control on synthesized Terraform, a plan JSON or .tf files",
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseCommandLine(
      argv,
      {
        format: { type: "string", default: "text" },
        waivers: { type: "string" },
        output: { type: "string" },
        "unknown-fails": { type: "string", default: "high" },
        strict: { type: "boolean", default: false },
        "allow-empty": { type: "boolean", default: false },
      },
      USAGE,
    );
    const paths = positionals.length > 0 ? positionals : [DEFAULT_OUTDIR];
    const format = choice(values.format, Object.keys(CHECK_FORMATS), "format", USAGE);
    const unknownFailsFrom = choice(values["unknown-fails"], UNKNOWN_THRESHOLDS, "unknown-fails", USAGE);
    const waivers = waiversFor(io.catalogue, io.today(), values.waivers);
    const input = await loadInputs(paths);
    if (input.model.resources.length === 0 && !values["allow-empty"]) throw new NothingToCheck(paths);
    const report = runCheck(input, {
      controls: io.catalogue,
      waivers,
      today: io.today(),
      unknownFailsFrom,
      strict: values.strict,
    });
    const text = CHECK_FORMATS[format](report, { controls: io.catalogue });
    if (values.output === undefined) {
      io.stdout(text);
    } else {
      writeReport(values.output, text, paths);
      io.stdout(
        `Wrote the ${format} report to ${values.output}\n${summaryLines(report.summary).join("\n")}\n`,
      );
    }
    return report.summary.result === "pass" ? 0 : 1;
  },
};
