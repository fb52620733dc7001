import type { Io } from "../../cli/io";
import { run } from "../../cli/main";
import { TODAY } from "./check";
import { EXAMPLE_CONTROLS } from "./example-controls";

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `baseline ARGS` in-process with the example controls (or `catalogue`) and a fixed date. */
export async function baseline(
  args: readonly string[],
  catalogue: Io["catalogue"] = EXAMPLE_CONTROLS,
): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const io: Io = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    today: () => TODAY,
    catalogue,
  };
  const code = await run(args, io);
  return { code, stdout, stderr };
}

/** Runs `work` with `dir` as the working directory, which paths in reports are relative to. */
export async function inDirectory<T>(dir: string, work: () => Promise<T>): Promise<T> {
  const previous = process.cwd();
  process.chdir(dir);
  try {
    return await work();
  } finally {
    process.chdir(previous);
  }
}
