import {
  renderControlsJson,
  renderControlsMarkdown,
  renderControlsText,
} from "../../policies/report/catalogue";
import { choice, parseCommandLine, type Command } from "../command";
import { UsageError } from "../errors";

const FORMATS = { text: renderControlsText, json: renderControlsJson, markdown: renderControlsMarkdown };

const USAGE = `Usage: baseline controls [--format text|json|markdown]
  --format  text (default), json ({"controls": [...]}) or markdown (the README catalogue table)`;

export const controlsCommand: Command = {
  name: "controls",
  summary: "list the control catalogue with its CIS, checkov and trivy references",
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseCommandLine(
      argv,
      { format: { type: "string", default: "text" } },
      USAGE,
    );
    if (positionals.length > 0)
      throw new UsageError(`controls takes no PATH; found "${positionals[0]}"`, USAGE);
    const format = choice(values.format, Object.keys(FORMATS) as (keyof typeof FORMATS)[], "format", USAGE);
    io.stdout(FORMATS[format](io.catalogue));
    return 0;
  },
};
