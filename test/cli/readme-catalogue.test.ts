import { readFileSync } from "node:fs";
import { CATALOGUE } from "../../policies/controls";
import { renderControlsMarkdown } from "../../policies/report/catalogue";

const BEGIN = "<!-- BEGIN GENERATED: npx baseline controls --format markdown -->\n";
const END = "<!-- END GENERATED -->";

describe("README control catalogue", () => {
  it("is the table `baseline controls --format markdown` generates from the code", () => {
    const readme = readFileSync("README.md", "utf8");
    const start = readme.indexOf(BEGIN);
    const end = readme.indexOf(END, start);
    expect({ markers: start >= 0 && end > start }).toEqual({ markers: true });
    const documented = readme.slice(start + BEGIN.length, end);
    const generated = renderControlsMarkdown(CATALOGUE);
    if (documented !== generated) {
      throw new Error(
        "The catalogue in README.md (## Controls > ### Catalogue) is out of date. Regenerate it with\n" +
          "  npx baseline controls --format markdown\n" +
          `and paste the output between the lines "${BEGIN.trim()}" and "${END}".`,
      );
    }
  });
});
