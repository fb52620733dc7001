import { baseline } from "../support/cli";
import { EXAMPLE_CONTROLS } from "../support/example-controls";

describe("baseline controls", () => {
  it("prints the catalogue as JSON in the documented shape", async () => {
    const { code, stdout } = await baseline(["controls", "--format", "json"]);
    expect(code).toBe(0);
    const { controls } = JSON.parse(stdout);
    expect(controls).toHaveLength(EXAMPLE_CONTROLS.length);
    expect(controls[0]).toEqual({
      id: "TEST-01",
      title: "Uniform bucket-level access",
      claim: "Every bucket uses uniform bucket-level access.",
      severity: "high",
      references: { cis: [], checkov: [], trivy: [] },
    });
  });

  it("prints a text list and a Markdown table", async () => {
    const text = await baseline(["controls"]);
    expect(text.stdout).toContain("TEST-04   critical Shielded VM\n4 controls\n");
    const markdown = await baseline(["controls", "--format", "markdown"]);
    expect(markdown.stdout.split("\n").slice(0, 3)).toEqual([
      "| id | severity | title | claim | references |",
      "|---|---|---|---|---|",
      "| TEST-01 | high | Uniform bucket-level access | Every bucket uses uniform bucket-level access. | — |",
    ]);
  });

  it("prints help with exit 0 and rejects a stray argument with exit 2", async () => {
    expect(await baseline(["controls", "--help"])).toMatchObject({
      code: 0,
      stdout: expect.stringContaining("Usage: baseline controls"),
    });
    expect(await baseline(["help"])).toMatchObject({
      code: 0,
      stdout: expect.stringContaining("Exit codes: 0 clean"),
    });
    expect(await baseline(["controls", "extra"])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('controls takes no PATH; found "extra"'),
    });
  });
});
