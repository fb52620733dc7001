import { existsSync, readdirSync, statSync } from "node:fs";
import { isAbsolute, normalize, relative, resolve, sep } from "node:path";
import { parseCommandLine, type Command } from "../command";
import { UsageError } from "../errors";

const USAGE = `Usage: baseline synth [--config FILE] [--outdir DIR] [--no-check]
  Synthesizes every stack of FILE (default baseline.yaml) into DIR (default cdktf.out), then checks every
  control; DIR is replaced only when both succeed. Without options, the same as \`npm start\`.
  --config    the configuration (default $BASELINE_CONFIG, else baseline.yaml)
  --outdir    the output directory: new, empty, or the output of an earlier synth (default cdktf.out)
  --no-check  write DIR even when controls fail (exit 0 once synthesized), for CI jobs whose verdict
              comes from \`baseline check DIR\` or \`baseline diff BEFORE DIR\``;

export const synthCommand: Command = {
  name: "synth",
  summary: "synthesize every stack into cdktf.out/ and check it (npm start)",
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseCommandLine(
      argv,
      { config: { type: "string" }, outdir: { type: "string" }, "no-check": { type: "boolean" } },
      USAGE,
    );
    if (positionals.length > 0) throw new UsageError(`synth takes no PATH; found "${positionals[0]}"`, USAGE);
    if (process.env.CDKTF_OUTDIR !== undefined && (values.outdir !== undefined || values["no-check"])) {
      // cdktf chose the directory and reads the PolicyGate's annotations: neither option can apply.
      throw new UsageError(
        "--outdir and --no-check do not apply under `cdktf synth` (CDKTF_OUTDIR is set)",
        USAGE,
      );
    }
    const outdir = values.outdir === undefined ? undefined : replaceableDirectory(values.outdir);
    // cdktf and the stacks load in about a second: only this command pays for them.
    const { synthesizeAndCheck } = require("../synthesize") as typeof import("../synthesize");
    return synthesizeAndCheck({ configFile: values.config, outdir, check: !values["no-check"] }, io);
  },
};

/**
 * `--outdir` normalised (`./out/head/` → `out/head`), refused when replacing it would destroy something
 * else: the working directory or one above it, a file, or a directory that is not an earlier output.
 */
function replaceableDirectory(outdir: string): string {
  const dir = normalize(outdir).replace(/(.)[\\/]+$/, "$1");
  if (outdir.trim() === "" || contains(dir, process.cwd())) {
    throw new UsageError(
      `--outdir must name a directory that does not hold the working directory; found "${outdir}"`,
      USAGE,
    );
  }
  if (!existsSync(dir)) return dir;
  if (!statSync(dir).isDirectory()) {
    throw new UsageError(`--outdir ${outdir}: expected a directory to replace; found a file`, USAGE);
  }
  const entries = readdirSync(dir).sort();
  if (entries.length > 0 && !entries.includes("manifest.json")) {
    const shown = entries.length > 3 ? `${entries.slice(0, 3).join(", ")}, ...` : entries.join(", ");
    throw new UsageError(
      `--outdir ${outdir}: expected a new or empty directory or the output of an earlier synth (with manifest.json), since it is replaced; found ${shown}`,
      USAGE,
    );
  }
  return dir;
}

function contains(dir: string, path: string): boolean {
  const down = relative(resolve(dir), path);
  return down === "" || (!isAbsolute(down) && down !== ".." && !down.startsWith(`..${sep}`));
}
