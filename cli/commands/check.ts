import type { Severity } from "../../policies/control";
import { runCheck } from "../../policies/engine/check";
import { PROFILES, SelectionError, normalise, selectControls } from "../../policies/engine/select";
import { DEFAULT_WAIVERS_FILE, waiversFor } from "../../policies/load/waivers";
import { loadInputs } from "../../policies/load/input";
import { CHECK_FORMATS } from "../../policies/report";
import { summaryLines } from "../../policies/report/text";
import { choice, parseCommandLine, type Command } from "../command";
import { NothingToCheck, UsageError } from "../errors";
import { DEFAULT_OUTDIR } from "../synthesize";
import { writeReport } from "../output";

const UNKNOWN_THRESHOLDS: readonly (Severity | "never")[] = ["critical", "high", "medium", "low", "never"];

const USAGE = `Usage: baseline check [PATH...] [--format ${Object.keys(CHECK_FORMATS).join("|")}] [--waivers FILE] [--output FILE]
                      [--unknown-fails critical|high|medium|low|never] [--strict] [--allow-empty]
                      [--controls ID,...] [--skip ID,...] [--profile ${PROFILES.join("|")}]
                      [--environment NAME] [--var-file FILE]...
  PATH             a cdktf.out directory, a *.tf.json file, a plan JSON (terraform show -json), a directory of .tf
                   files, or - for JSON on standard input (default: cdktf.out)
  --format         output format (default text)
  --waivers        waivers file (default ${DEFAULT_WAIVERS_FILE} when it exists)
  --output         write the report to FILE (atomically) instead of standard output
  --unknown-fails  lowest severity at which a value unknown until apply fails the check (default high)
  --strict         stale waivers (waiving nothing) fail the check too
  --allow-empty    accept input that declares no resources (otherwise nothing was checked: exit 2)
  --controls       check only these controls: ids (NET-05) or families (NET), comma-separated
  --skip           do not check these controls: ids or families, comma-separated
  --profile        all (default) or resources: only verdicts about the input's resources, none about the
                   project (org policies, audit config, CIS alerts, backups): for Terraform that is not a project
  --environment    the environment of every input (default: each stack's name up to its first dash)
  --var-file       values for the configurations' variables (HCL or JSON tfvars), after terraform.tfvars and
                   *.auto.tfvars of a .tf directory; repeat for several, later ones win (-var-file works too)`;

export const checkCommand: Command = {
  name: "check",
  summary: "prove every control on synthesized Terraform, a plan JSON or .tf files",
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseCommandLine(
      // Terraform spells it -var-file.
      argv.map((a) => a.replace(/^-var-file(?==|$)/, "--var-file")),
      {
        format: { type: "string", default: "text" },
        waivers: { type: "string" },
        output: { type: "string" },
        "unknown-fails": { type: "string", default: "high" },
        strict: { type: "boolean", default: false },
        "allow-empty": { type: "boolean", default: false },
        controls: { type: "string", multiple: true },
        skip: { type: "string", multiple: true },
        profile: { type: "string", default: "all" },
        environment: { type: "string" },
        "var-file": { type: "string", multiple: true },
      },
      USAGE,
    );
    const paths = positionals.length > 0 ? positionals : [DEFAULT_OUTDIR];
    const format = choice(values.format, Object.keys(CHECK_FORMATS), "format", USAGE);
    const unknownFailsFrom = choice(values["unknown-fails"], UNKNOWN_THRESHOLDS, "unknown-fails", USAGE);
    const profile = choice(values.profile, PROFILES, "profile", USAGE);
    const selection = { controls: normalise(values.controls), skip: normalise(values.skip) };
    let controls;
    try {
      controls = selectControls(io.catalogue, selection);
    } catch (error) {
      if (error instanceof SelectionError) throw new UsageError(error.message, USAGE);
      throw error;
    }
    const environment = values.environment;
    if (environment !== undefined && !/^[\w.-]+$/.test(environment))
      throw new UsageError(
        `--environment must be a name (letters, digits, _ . -); found "${environment}"`,
        USAGE,
      );
    // A waiver of a control left out of the check waives nothing here: it is not stale for that.
    const waivers = waiversFor(io.catalogue, io.today(), values.waivers).filter((w) =>
      controls.some((c) => c.id === w.control),
    );
    const input = await loadInputs(paths, { varFiles: values["var-file"], environment });
    if (input.model.resources.length === 0 && !values["allow-empty"]) throw new NothingToCheck(paths);
    const report = runCheck(input, {
      controls,
      waivers,
      today: io.today(),
      unknownFailsFrom,
      strict: values.strict,
      profile,
      selection,
    });
    const text = CHECK_FORMATS[format](report, { controls });
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
