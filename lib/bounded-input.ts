import { closeSync, fstatSync, openSync, readSync } from "node:fs";

/**
 * Reading input files within a size bound, so a device, a pipe that never ends or a huge file gives a clear
 * error instead of exhausting memory. The bound is 64 MiB per file unless BASELINE_MAX_INPUT_MB says otherwise.
 */
export const DEFAULT_MAX_INPUT_MB = 64;

/** A file that cannot be read as input; `problem` says why in words ("expected ...; found ..."). */
export class InputReadError extends Error {
  constructor(readonly problem: string) {
    super(problem);
    this.name = "InputReadError";
  }
}

export function maxInputBytes(env: NodeJS.ProcessEnv = process.env): number {
  const configured = env.BASELINE_MAX_INPUT_MB;
  const mb = configured === undefined ? DEFAULT_MAX_INPUT_MB : Number(configured);
  if (!Number.isFinite(mb) || mb <= 0) {
    throw new InputReadError(
      `BASELINE_MAX_INPUT_MB must be a positive number of megabytes; found ${JSON.stringify(configured)}`,
    );
  }
  return Math.floor(mb * 1024 * 1024);
}

/**
 * The bytes of a regular file, or of standard input when `file` is "-". Anything else (a device, a FIFO, a
 * socket) is refused, as is a file over the bound: the reader stops at the bound instead of reading on.
 */
export function readBounded(file: string, limit = maxInputBytes()): Buffer {
  const fd = file === "-" ? 0 : openFile(file);
  try {
    if (file !== "-") {
      const stat = fstatSync(fd);
      if (!stat.isFile()) throw new InputReadError(`expected a regular file; found ${kindOf(stat)}`);
      if (stat.size > limit) throw new InputReadError(tooLarge(stat.size, limit));
    }
    const chunks: Buffer[] = [];
    let total = 0;
    const chunk = Buffer.allocUnsafe(1024 * 1024);
    for (;;) {
      const read = readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) break;
      total += read;
      if (total > limit) throw new InputReadError(tooLarge(total, limit, true));
      chunks.push(Buffer.from(chunk.subarray(0, read)));
    }
    return Buffer.concat(chunks, total);
  } finally {
    if (file !== "-") closeSync(fd);
  }
}

/**
 * Text of a file's bytes, or an InputReadError naming why it is not UTF-8 text: UTF-16, binary data (with the
 * offset of the first NUL byte) or invalid UTF-8. An empty file is empty text: its format decides.
 */
export function decodeUtf8(bytes: Buffer, expected: string): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new InputReadError(`expected ${expected} in UTF-8; found UTF-16 text (convert it to UTF-8)`);
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    throw new InputReadError(
      `expected ${expected}; found binary data (a NUL byte at offset ${nul} of ${bytes.length} bytes)`,
    );
  }
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    throw new InputReadError(`expected ${expected} in UTF-8; found bytes that are not UTF-8`);
  }
}

function openFile(file: string): number {
  try {
    return openSync(file, "r");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const explained: Record<string, string> = {
      ENOENT: "no such file or directory",
      EACCES: "permission denied",
      EISDIR: "is a directory",
    };
    throw new InputReadError(
      `cannot read the file: ${code ? `${code} (${explained[code] ?? "see the system error"})` : error}`,
    );
  }
}

function kindOf(stat: import("node:fs").Stats): string {
  if (stat.isDirectory()) return "a directory";
  if (stat.isCharacterDevice()) return "a character device";
  if (stat.isBlockDevice()) return "a block device";
  if (stat.isFIFO()) return "a FIFO (named pipe)";
  if (stat.isSocket()) return "a socket";
  return "a special file";
}

function tooLarge(size: number, limit: number, atLeast = false): string {
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  return (
    `expected a file of at most ${mb(limit)} (BASELINE_MAX_INPUT_MB raises the limit); found ` +
    `${atLeast ? "more than " : ""}${mb(size)}`
  );
}

/**
 * The path of the first value nested deeper than `limit` objects/lists (e.g. `resource.x.y.a[0].b`), or
 * undefined. Iterative, so a hostile depth cannot overflow the stack here, and everything that walks the
 * value afterwards can recurse safely.
 */
export function pathDeeperThan(value: unknown, limit: number): string | undefined {
  const stack: { value: unknown; depth: number; path: string }[] = [{ value, depth: 0, path: "" }];
  while (stack.length > 0) {
    const { value: current, depth, path } = stack.pop()!;
    if (current === null || typeof current !== "object") continue;
    if (depth >= limit) return path || "(document root)";
    const entries = Array.isArray(current)
      ? current.map((v, i) => [`[${i}]`, v] as const)
      : Object.entries(current).map(([k, v]) => [path ? `.${k}` : k, v] as const);
    for (const [step, inner] of entries) stack.push({ value: inner, depth: depth + 1, path: path + step });
  }
  return undefined;
}
