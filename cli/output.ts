import { lstatSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, basename, join, relative, resolve, isAbsolute } from "node:path";
import { InputError } from "../policies/load/errors";

/**
 * Writes a report to `file` without ever destroying what is there by mistake:
 * - a regular file (or a new one) is replaced atomically (a temporary file beside it, then rename), so a reader
 *   never sees half a report and a failed write leaves the previous one in place; through a symlink, the file
 *   it points at is replaced and the link is kept;
 * - a FIFO or a character device (`/dev/stdout`, a pipe) is written into, never replaced by a regular file;
 * - a directory, a socket or a dangling link is refused, and so is any of the command's inputs (or a file
 *   inside an input directory): a report must never overwrite what it reports on.
 */
export function writeReport(file: string, text: string, inputs: readonly string[]): void {
  const target = resolvedTarget(file);
  const input = inputs.find((path) => within(target, resolvedTarget(path)));
  if (input !== undefined) {
    throw new InputError(file, `expected an output file that is not one of the inputs; found input ${input}`);
  }
  const kind = kindAt(target);
  if (kind === "device") return writeInto(file, target, text);
  if (kind !== "file" && kind !== "missing")
    throw new InputError(file, `expected a regular file to write the report to; found ${kind}`);
  const temporary = join(dirname(target), `.${basename(target)}.tmp-${process.pid}`);
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, target);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new InputError(file, `cannot write the output file: ${codeOf(error)}`);
  }
}

/** The real path a name leads to, following symlinks (a missing last component is kept as is). */
function resolvedTarget(path: string): string {
  const absolute = resolve(path);
  try {
    return realpathSync(absolute);
  } catch {
    try {
      lstatSync(absolute);
    } catch {
      // Missing: resolve its directory instead, so `out/../r.json` and a linked directory compare right.
      try {
        return join(realpathSync(dirname(absolute)), basename(absolute));
      } catch {
        return absolute;
      }
    }
    throw new InputError(path, "expected a file or a link to one; found a link that points nowhere");
  }
}

function within(path: string, input: string): boolean {
  const rel = relative(input, path);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}

function kindAt(path: string): string {
  try {
    const stat = statSync(path);
    if (stat.isFile()) return "file";
    if (stat.isFIFO() || stat.isCharacterDevice()) return "device";
    if (stat.isDirectory()) return "a directory";
    return "a special file (socket or block device)";
  } catch {
    return "missing";
  }
}

function writeInto(file: string, target: string, text: string): void {
  try {
    writeFileSync(target, text, { flag: "a" });
  } catch (error) {
    throw new InputError(file, `cannot write the output: ${codeOf(error)}`);
  }
}

function codeOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const explained: Record<string, string> = {
    ENOSPC: "no space left on the device",
    EACCES: "permission denied",
    ENOENT: "no such directory",
    EROFS: "read-only file system",
  };
  return code ? `${code} (${explained[code] ?? "see the system error"})` : String(error);
}
