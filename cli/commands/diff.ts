import { runCheck } from "../../policies/engine/check";
import { modelFromDocuments } from "../../policies/load/documents";
import { loadInputs, type LoadedInput } from "../../policies/load/input";
import { alignSingleStack } from "../../policies/report/diff/align";
import { securityDiff } from "../../policies/report/diff/compare";
import { DIFF_FORMATS } from "../../policies/report/diff";
import { diffText } from "../../policies/report/diff/text";
import { choice, parseCommandLine, type Command } from "../command";
import { UsageError } from "../errors";
import { evaluationOptions } from "./evaluate-paths";
import { emitReport, reportOptions } from "./report-output";

const USAGE = `Usage: baseline diff BEFORE AFTER [--format ${Object.keys(DIFF_FORMATS).join("|")}] [--waivers FILE] [--output FILE]
  BEFORE, AFTER  what check takes (two cdktf.out directories, two plan JSONs, two .tf directories, ...)
  --format       text (default), markdown (a pull-request comment: summary line, collapsible details) or json
  --waivers      waivers file applied to both sides (default baseline.waivers.yaml when it exists)
  --output       write the diff to FILE (atomically) instead of standard output
  Exit 1 when a control regressed on any resource (pass, not applicable or waived → fail or unknown, or a
  new failing finding), 0 otherwise, 2 on bad input.`;

export const diffCommand: Command = {
  name: "diff",
  summary:
    "security diff for reviewers: controls that regressed or improved, per resource, with attribute changes",
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseCommandLine(argv, reportOptions("text"), USAGE);
    if (positionals.length !== 2) {
      throw new UsageError(
        `diff needs exactly two paths, BEFORE and AFTER; found ${positionals.length}`,
        USAGE,
      );
    }
    const format = choice(values.format, Object.keys(DIFF_FORMATS), "format", USAGE);
    const options = evaluationOptions(values.waivers, io);
    const before = await loadInputs([positionals[0]]);
    const loaded = await loadInputs([positionals[1]]);
    const stacks = alignSingleStack(before.stacks, loaded.stacks);
    const after = stacks === loaded.stacks ? loaded : { stacks, model: modelFromDocuments(stacks) };
    const evaluated = (input: LoadedInput) => ({
      findings: runCheck(input, options).findings,
      resources: input.model.resources,
    });
    const diff = securityDiff(evaluated(before), evaluated(after), io.catalogue);
    emitReport(
      DIFF_FORMATS[format](diff),
      values.output,
      (file) => `Wrote the ${format} security diff to ${file}\n${diffText(diff).split("\n")[0]}`,
      io,
      positionals,
    );
    return diff.regressed.length > 0 ? 1 : 0;
  },
};
