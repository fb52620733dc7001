import { renameSync, rmSync, writeFileSync } from "node:fs";
import { InputError } from "../policies/load/errors";

/**
 * Writes a report file atomically (a temporary file beside it, then rename), so a reader never sees half a
 * report and a failed write leaves the previous one in place.
 */
export function writeAtomically(file: string, text: string): void {
  const temporary = `${file}.tmp-${process.pid}`;
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new InputError(
      file,
      `cannot write the output file: ${(error as NodeJS.ErrnoException).code ?? error}`,
    );
  }
}
