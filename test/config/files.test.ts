import { join } from "node:path";
import { ConfigError } from "../../config/errors";
import { loadConfig } from "../../config/load";
import { editBaseline, problemsOf } from "../support/baseline-text";

describe("reading baseline.yaml", () => {
  test("a YAML syntax error names the file, line and column", () => {
    const { text, line } = editBaseline("  rotationDays: 90", '  rotationDays: "90');
    expect(problemsOf(text)).toEqual([`baseline.yaml:${line}:20: YAML syntax error: Missing closing "quote`]);
  });

  test("a missing file is a configuration error naming the file", () => {
    const missing = join(__dirname, "no-such-baseline.yaml");
    let error: unknown;
    try {
      loadConfig(missing);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toBe(
      `${missing}: invalid configuration\n  cannot read the file: ENOENT (no such file or directory)`,
    );
  });
});
