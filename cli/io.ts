import type { Control } from "../policies/control";
import { CATALOGUE } from "../policies/controls";

/**
 * Everything the CLI depends on besides its arguments, so tests run it in-process with a fixed date and
 * their own controls.
 */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Today as `YYYY-MM-DD` (UTC): waiver expiry is judged against it. */
  today(): string;
  /** The controls to check and list. */
  readonly catalogue: readonly Control[];
}

/**
 * Standard output whose reader may leave early (`baseline check | head -1`): once the pipe is closed, the
 * rest of the report is dropped and the command still ends with its own exit code, not an EPIPE crash.
 */
let stdoutClosed = false;
let listening = false;
function writeStdout(text: string): void {
  if (!listening) {
    listening = true;
    process.stdout.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE") throw error;
      stdoutClosed = true;
    });
  }
  if (!stdoutClosed) process.stdout.write(text);
}

export const processIo: Io = {
  stdout: writeStdout,
  stderr: (text) => process.stderr.write(text),
  today: () => new Date().toISOString().slice(0, 10),
  catalogue: CATALOGUE,
};
