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

export const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  today: () => new Date().toISOString().slice(0, 10),
  catalogue: CATALOGUE,
};
