/** Everything the CLI touches outside its arguments, so tests run it in-process with a fixed date. */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Today as `YYYY-MM-DD` (UTC): waiver expiry is judged against it. */
  today(): string;
}

export const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  today: () => new Date().toISOString().slice(0, 10),
};
