import { baselineText, editBaseline, problemsOf } from "../support/baseline-text";
import { configFromYaml } from "../support/synth";

/** baseline.yaml with `lines` inserted after the (first) line `after`, and the line number of the first insert. */
function insertAfter(after: string, lines: string[]): { text: string; line: number } {
  const all = baselineText().split("\n");
  const at = all.indexOf(after);
  if (at < 0) throw new Error(`baseline.yaml has no line ${JSON.stringify(after)}`);
  all.splice(at + 1, 0, ...lines);
  return { text: all.join("\n"), line: at + 2 };
}

describe("backups and database configuration", () => {
  test("a backup region equal to the primary region is refused, naming the environment", () => {
    const lines = baselineText().split("\n");
    const at = lines.indexOf("    backupRegion: europe-west1", lines.indexOf("  prod:"));
    lines[at] = "    backupRegion: europe-west2";
    expect(problemsOf(lines.join("\n"))).toEqual([
      `baseline.yaml:${at + 1}: environments.prod.backupRegion: backupRegion must differ from primaryRegion ` +
        `(expected a region other than europe-west2); found "europe-west2"`,
    ]);
  });

  test("a retention of 7 days is refused with the published claim", () => {
    const { text, line } = editBaseline("  retentionDays: 30", "  retentionDays: 7");
    expect(problemsOf(text)).toEqual([
      `baseline.yaml:${line}: backups.retentionDays: backups must be kept at least 30 days ` +
        `(the published retention claim); found 7`,
    ]);
  });

  test("an environment cannot shorten retention either", () => {
    const { text, line } = insertAfter("      lock: true", ["      retentionDays: 7"]);
    expect(problemsOf(text)).toEqual([
      `baseline.yaml:${line}: environments.prod.backups.retentionDays: backups must be kept at least 30 days ` +
        `(the published retention claim); found 7`,
    ]);
  });

  test("soft delete outside 7 to 90 days and an unrestricted vault are refused", () => {
    const soft = editBaseline("  softDeleteDays: 7", "  softDeleteDays: 3");
    expect(problemsOf(soft.text)).toEqual([
      `baseline.yaml:${soft.line}: backups.softDeleteDays: Cloud Storage soft delete keeps objects 7 to 90 days; found 3`,
    ]);
    const vault = editBaseline(
      "  vaultAccessRestriction: WITHIN_PROJECT",
      "  vaultAccessRestriction: UNRESTRICTED",
    );
    expect(problemsOf(vault.text)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^baseline\\.yaml:${vault.line}: backups\\.vaultAccessRestriction: .*WITHIN_PROJECT.*; found "UNRESTRICTED"$`,
        ),
      ),
    ]);
  });

  test("point-in-time recovery keeps at most 7 days of logs on Enterprise edition", () => {
    const { text, line } = editBaseline(
      "  transactionLogRetentionDays: 7",
      "  transactionLogRetentionDays: 14",
    );
    expect(problemsOf(text)).toEqual([
      `baseline.yaml:${line}: database.transactionLogRetentionDays: Enterprise edition keeps 1 to 7 days of logs; found 14`,
    ]);
  });

  test("a secondary region equal to the backup region is refused, naming the path where it is written", () => {
    const { text, line } = editBaseline(
      "      secondaryRegion: europe-west3",
      "      secondaryRegion: europe-west1",
    );
    expect(problemsOf(text)).toEqual([
      `baseline.yaml:${line}: environments.prod.backups.secondaryRegion: secondaryRegion must differ from ` +
        "environment prod's backupRegion (expected a region other than europe-west2 and europe-west1: the " +
        `second copy must survive the loss of both); found "europe-west1"`,
    ]);
  });

  test("a top-level secondary region is judged in every environment that inherits it", () => {
    // prod overrides it (europe-west3); staging inherits europe-west2, its primary region.
    const { text, line } = insertAfter("  softDeleteDays: 7", ["  secondaryRegion: europe-west2"]);
    expect(problemsOf(text)).toEqual([
      `baseline.yaml:${line}: backups.secondaryRegion: secondaryRegion must differ from environment staging's ` +
        "primaryRegion (expected a region other than europe-west2 and europe-west1: the second copy must " +
        `survive the loss of both); found "europe-west2"`,
    ]);
  });

  test("a secondary region outside allowedRegions is refused", () => {
    const { text, line } = editBaseline(
      "      secondaryRegion: europe-west3",
      "      secondaryRegion: europe-west4",
    );
    expect(problemsOf(text)).toEqual([
      `baseline.yaml:${line}: environments.prod.backups.secondaryRegion: secondaryRegion must be one of ` +
        `environment prod's allowedRegions (expected one of europe-west2, europe-west1, europe-west3); found "europe-west4"`,
    ]);
  });

  test("prod keeps a second offsite copy in europe-west3; staging has none", () => {
    const config = configFromYaml(baselineText());
    expect(config.environments.map((env) => [env.name, env.backups.secondaryRegion])).toEqual([
      ["staging", undefined],
      ["prod", "europe-west3"],
    ]);
  });

  test("prod locks its backups; staging does not", () => {
    const config = configFromYaml(baselineText());
    expect(config.environments.map((env) => [env.name, env.backups.lock])).toEqual([
      ["staging", false],
      ["prod", true],
    ]);
  });
});
