/** Wrong command line: the message says what was wrong and shows the command's usage; exit 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly usage: string,
  ) {
    super(message);
    this.name = "UsageError";
  }
}

/** Input that declares no resources: every control would pass on nothing, so it is refused; exit 2. */
export class NothingToCheck extends Error {
  constructor(paths: readonly string[]) {
    super(
      `${paths.join(", ")}: expected Terraform resources to check; found none (no control was evaluated). ` +
        "Pass --allow-empty to accept an input that declares nothing.",
    );
    this.name = "NothingToCheck";
  }
}
