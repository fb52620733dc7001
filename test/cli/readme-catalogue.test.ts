import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CATALOGUE } from "../../policies/controls";
import { renderControlsMarkdown } from "../../policies/report/catalogue";
import { CONTROL_CATALOGUE, REGENERATE, ROOT, blockIn } from "../../scripts/generated-docs";

describe("control catalogue in docs/controls.md", () => {
  it("is the table `baseline controls --format markdown` generates from the code", () => {
    const committed = blockIn(readFileSync(join(ROOT, CONTROL_CATALOGUE.file), "utf8"), CONTROL_CATALOGUE);
    expect({ markers: committed !== undefined }).toEqual({ markers: true });
    if (committed !== renderControlsMarkdown(CATALOGUE)) {
      throw new Error(
        `The catalogue in ${CONTROL_CATALOGUE.file} (## Catalogue) is out of date. Regenerate it with\n` +
          `  ${REGENERATE}\n(the table is \`npx baseline controls --format markdown\`) and commit ${CONTROL_CATALOGUE.file}.`,
      );
    }
  });

  it("is rendered by `npm run docs` from the whole catalogue", () => {
    expect(CONTROL_CATALOGUE.render()).toBe(renderControlsMarkdown(CATALOGUE));
  });
});
