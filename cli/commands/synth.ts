import { parseCommandLine, type Command } from "../command";
import { UsageError } from "../errors";

const USAGE = `Usage: baseline synth [--config FILE]
  Synthesizes every stack of FILE (default baseline.yaml) into cdktf.out/, then checks every control;
  cdktf.out/ is replaced only when both succeed. The same as \`npm start\`.`;

export const synthCommand: Command = {
  name: "synth",
  summary: "synthesize every stack into cdktf.out/ and check it (npm start)",
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseCommandLine(argv, { config: { type: "string" } }, USAGE);
    if (positionals.length > 0) throw new UsageError(`synth takes no PATH; found "${positionals[0]}"`, USAGE);
    // cdktf and the stacks load in about a second: only this command pays for them.
    const { synthesizeAndCheck } = require("../synthesize") as typeof import("../synthesize");
    return synthesizeAndCheck({ configFile: values.config }, io);
  },
};
