import { ConfigError } from "../config/errors";
import { InputError } from "../policies/load/errors";
import type { Command } from "./command";
import { COMMANDS } from "./commands";
import { NothingToCheck, UsageError } from "./errors";
import { processIo, type Io } from "./io";

/** The package's version (package.json), which `baseline --version` prints. */
const VERSION: string = require("../package.json").version;

const USAGE = `Usage: baseline <command> [options]   (baseline <command> --help for its options, baseline --version)
${COMMANDS.map((c) => `  ${c.name.padEnd(9)} ${c.summary}`).join("\n")}
Exit codes: 0 clean, 1 failing controls, 2 bad input or usage.`;

/**
 * The `baseline` command line, callable in-process (tests) as well as from bin/baseline.js. Never throws:
 * every problem becomes a message on stderr and an exit code.
 */
export async function run(argv: readonly string[], io: Io = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === "--version" || name === "-V") {
    io.stdout(`baseline ${VERSION}\n`);
    return 0;
  }
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    (name === undefined ? io.stderr : io.stdout)(`${USAGE}\n`);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr(
      `baseline: unknown command "${name}"; expected one of ${COMMANDS.map((c) => c.name).join(", ")}\n${USAGE}\n`,
    );
    return 2;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout(`${command.usage}\n`);
    return 0;
  }
  return runCommand(command, rest, io);
}

async function runCommand(command: Command, argv: readonly string[], io: Io): Promise<number> {
  try {
    return await command.run(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`baseline ${command.name}: ${error.message}\n${error.usage}\n`);
    } else if (
      error instanceof InputError ||
      error instanceof ConfigError ||
      error instanceof NothingToCheck
    ) {
      io.stderr(`${error.message}\n`);
    } else {
      const detail = process.env.BASELINE_DEBUG ? (error as Error).stack : (error as Error).message;
      io.stderr(
        `baseline ${command.name}: internal error: ${detail ?? error}\n(set BASELINE_DEBUG=1 for the stack trace)\n`,
      );
    }
    return 2;
  }
}
