import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError } from "../../config/errors";
import { loadConfig } from "../../config/load";
import { baselineText, editBaseline, problemsOf } from "../support/baseline-text";

/** Configuration files a careless user or an attacker writes: each is one precise error, never a crash. */
function loadProblems(file: string): readonly string[] {
  try {
    loadConfig(file);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error("the configuration was accepted");
}

describe("hostile configuration files", () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), "baseline-config-"))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("a character device is refused without reading it", () => {
    expect(loadProblems("/dev/zero")).toEqual(["expected a regular file; found a character device"]);
  });

  test("UTF-16 is named as the cause", () => {
    const file = join(dir, "utf16.yaml");
    writeFileSync(file, Buffer.from("\ufefforganization: acme\n", "utf16le"));
    expect(loadProblems(file)).toEqual([
      "expected a YAML file in UTF-8; found UTF-16 text (convert it to UTF-8)",
    ]);
  });

  test("a key written twice in one mapping is an error at its second line", () => {
    const { text, line } = editBaseline("organization: acme", "organization: acme\norganization: evil");
    expect(problemsOf(text)).toEqual([
      `baseline.yaml:${line + 1}:1: YAML syntax error: Map keys must be unique ("organization" again)`,
    ]);
  });

  test("thousands of distinct keys are each reported once as unknown, not as duplicates", () => {
    const keys = Array.from({ length: 5000 }, (_, i) => `  k${i}: ${i}`).join("\n");
    const problems = problemsOf(`${baselineText()}\nextra:\n${keys}\n`);
    expect(problems.filter((p) => p.includes("must be unique"))).toEqual([]);
    expect(problems.some((p) => p.includes('unknown key "extra"'))).toBe(true);
  });

  test("an alias bomb (billion laughs) is refused with a message naming the file", () => {
    const bomb = [
      "a: &a [x, x, x, x, x, x, x, x, x]",
      ...Array.from({ length: 8 }, (_, i) => {
        const [prev, next] = [String.fromCharCode(97 + i), String.fromCharCode(98 + i)];
        return `${next}: &${next} [${Array(9).fill(`*${prev}`).join(", ")}]`;
      }),
    ].join("\n");
    expect(problemsOf(bomb)).toEqual([
      "baseline.yaml: expected YAML whose aliases expand to a bounded size; found aliases that expand beyond 100 " +
        "times their definitions (a resource-exhaustion pattern)",
    ]);
  });

  test("a range overlapping two others names its own path and line for each overlap", () => {
    const { text, line } = editBaseline("        data: 10.10.18.0/24", "        data: 10.10.16.0/20");
    const overlaps = problemsOf(text).filter((p) => p.includes("CIDR overlaps"));
    expect(overlaps).toHaveLength(2);
    for (const problem of overlaps)
      expect(problem).toMatch(
        new RegExp(
          `^baseline\\.yaml:${line}: environments\\.staging\\.network\\.subnets\\.data: CIDR overlaps`,
        ),
      );
  });

  test("a huge value is quoted cut short, with its length", () => {
    const huge = "x".repeat(1_000_000);
    const { text } = editBaseline("organization: acme", `organization: ${huge}`);
    const [problem] = problemsOf(text);
    expect(problem.length).toBeLessThan(400);
    expect(problem).toMatch(/; found "x{79}… \(1000002 characters\)$/);
  });
});
