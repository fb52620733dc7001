import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { ROOT } from "../../scripts/generated-docs";
import { editBaseline, problemsOf } from "../support/baseline-text";

/** Edits of the embedded baseline.yaml whose messages the documentation shows. */
const DOCUMENTED_MISTAKES = [
  { from: "    backupRegion: europe-west1", to: "    backupRegion: europe-west2" }, // same as primaryRegion
];

/** Lines of fenced code blocks that print a configuration problem (`baseline.yaml:<line>: …`). */
function shownProblems(file: string): string[] {
  let fenced = false;
  return readFileSync(join(ROOT, file), "utf8")
    .split("\n")
    .filter((line) => {
      if (line.startsWith("```")) fenced = !fenced;
      return fenced && /^baseline\.yaml:\d+: /.test(line);
    });
}

describe("configuration problems shown in the documentation", () => {
  const reported = DOCUMENTED_MISTAKES.flatMap(({ from, to }) => problemsOf(editBaseline(from, to).text));

  it.each(["README.md", "docs/configuration.md"])("%s shows exactly what the loader reports", (file) => {
    const shown = shownProblems(file);
    expect(shown.length).toBeGreaterThan(0);
    for (const line of shown) expect(reported).toContain(line);
  });
});

/** GitHub's anchor for a heading: lowercase, punctuation dropped, spaces as hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

function anchorsOf(file: string): string[] {
  let fenced = false;
  return readFileSync(join(ROOT, file), "utf8")
    .split("\n")
    .filter((line) => {
      if (line.startsWith("```")) fenced = !fenced;
      return !fenced && /^#{1,6} /.test(line);
    })
    .map((line) => slug(line.replace(/^#+ /, "")));
}

describe("links between README.md and docs/", () => {
  const files = ["README.md", ...readdirSync(join(ROOT, "docs")).map((name) => `docs/${name}`)].filter((f) =>
    f.endsWith(".md"),
  );

  it.each(files)("every relative link of %s points at a file and heading that exist", (file) => {
    const text = readFileSync(join(ROOT, file), "utf8").replace(/```[\s\S]*?```/g, "");
    const broken = [...text.matchAll(/\]\(([^)\s]+)\)/g)]
      .map((match) => match[1])
      .filter((target) => !/^[a-z]+:/.test(target))
      .filter((target) => {
        const [path, anchor] = target.split("#");
        const resolved = path ? join(dirname(file), path) : file;
        if (!existsSync(join(ROOT, resolved))) return true;
        return anchor !== undefined && resolved.endsWith(".md") && !anchorsOf(resolved).includes(anchor);
      });
    expect(broken).toEqual([]);
  });
});

describe("repository paths named in README.md and the docs it moved to docs/", () => {
  const TOP = /^(bin|cli|config|constructs|docs|lib|policies|scripts|shared|stacks|test)\//;
  const files = [
    "README.md",
    "docs/adding-a-construct.md",
    "docs/command-line.md",
    "docs/configuration.md",
    "docs/controls.md",
    "docs/stacks.md",
  ];

  it.each(files)("every `path` in %s exists", (file) => {
    const missing = [...readFileSync(join(ROOT, file), "utf8").matchAll(/`([^`\s]+)`/g)]
      .map((match) => match[1])
      .filter((path) => TOP.test(path) && !/[<*{]/.test(path))
      .filter((path) => !existsSync(join(ROOT, path)));
    expect(missing).toEqual([]);
  });
});
