import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "./errors";
import type { Io } from "./io";

/**
 * A `baseline` sub-command. A new command is one file exporting a Command plus one line in
 * commands/index.ts; `baseline help` lists it from there.
 */
export interface Command {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** `baseline check PATH... [--format ...]` and option lines. */
  readonly usage: string;
  /** Returns the exit code: 0 clean, 1 failing controls, 2 bad input or usage. */
  run(argv: readonly string[], io: Io): Promise<number>;
}

export type Options = NonNullable<ParseArgsConfig["options"]>;

/** node:util parseArgs with its errors turned into UsageErrors that show the command's usage. */
export function parseCommandLine<O extends Options>(argv: readonly string[], options: O, usage: string) {
  try {
    return parseArgs({ args: [...argv], options, allowPositionals: true as const, strict: true as const });
  } catch (error) {
    throw new UsageError((error as Error).message, usage);
  }
}

/** The value of a `--name` option, checked against the allowed ones. */
export function choice<T extends string>(
  value: unknown,
  allowed: readonly T[],
  name: string,
  usage: string,
): T {
  if (allowed.includes(value as T)) return value as T;
  throw new UsageError(`--${name} must be one of ${allowed.join(", ")}; found "${String(value)}"`, usage);
}
