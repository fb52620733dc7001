import { CHECK_FORMATS } from "../../policies/report";
import { checkStacks } from "../support/check";
import { EXAMPLE_CONTROLS, UNIFORM_ACCESS } from "../support/example-controls";
import { xmlProblem } from "../support/well-formed-xml";
import { sarifProblems } from "./support/sarif-shape";

const STACKS = {
  "prod-data": {
    resource: {
      google_storage_bucket: { b: { name: "b", uniform_bucket_level_access: true } },
      google_bigquery_dataset: { d: { dataset_id: "d" }, e: { dataset_id: "e" } },
      google_dns_managed_zone: { z: { name: "z", dns_name: "example.com." } },
    },
  },
};
const LINE =
  "3 resources of types no control judges: google_bigquery_dataset (2), google_dns_managed_zone (1)";
const context = { controls: EXAMPLE_CONTROLS };
const report = checkStacks(STACKS);
const render = (format: string, r = report) => CHECK_FORMATS[format](r, context);

describe("resource types no control judges, in every format", () => {
  it("text: a line of the summary", () => {
    expect(render("text")).toContain(`\nNot judged: ${LINE}\n`);
  });

  it("json: the summary's unjudged count and types", () => {
    expect(JSON.parse(render("json")).summary.unjudged).toEqual({
      resources: 3,
      types: [
        { type: "google_bigquery_dataset", resources: 2 },
        { type: "google_dns_managed_zone", resources: 1 },
      ],
    });
  });

  it("markdown: a line below the counts", () => {
    expect(render("markdown")).toContain(
      "ℹ️ **3 resources of types no control judges:** `google_bigquery_dataset` (2), `google_dns_managed_zone` (1)",
    );
  });

  it("sarif: a note about the run, not a result", () => {
    const sarif = JSON.parse(render("sarif"));
    expect(sarifProblems(sarif)).toEqual([]);
    expect(sarif.runs[0].invocations[0].toolExecutionNotifications).toEqual([
      {
        descriptor: { id: "unjudged-resource-types" },
        level: "note",
        message: { text: `${LINE[0].toUpperCase()}${LINE.slice(1)}: they pass without being checked.` },
        properties: { types: report.summary.unjudged.types },
      },
    ]);
  });

  it("junit: one skipped test case per type, and the line as system-out", () => {
    const xml = render("junit");
    expect(xmlProblem(xml)).toBeUndefined();
    expect(xml).toContain(
      '<testcase name="google_bigquery_dataset" classname="unjudged">\n      <skipped message="2 resources of type google_bigquery_dataset: no control judges this type"/>',
    );
    expect(xml).toContain(`<system-out>${LINE}</system-out>`);
  });

  it("none of them when every type is judged", () => {
    const judged = checkStacks({
      "prod-data": {
        resource: { google_storage_bucket: STACKS["prod-data"].resource.google_storage_bucket },
      },
    });
    expect(judged.summary.unjudged.resources).toBe(0);
    expect(render("text", judged)).not.toContain("Not judged");
    expect(render("markdown", judged)).not.toContain("no control judges");
    expect(JSON.parse(render("sarif", judged)).runs[0].invocations[0].toolExecutionNotifications).toEqual([]);
    expect(render("junit", judged)).not.toContain("unjudged");
  });
});

describe("the selection, in the summaries", () => {
  const selected = checkStacks(STACKS, {
    controls: [UNIFORM_ACCESS],
    profile: "resources",
    selection: { controls: ["TEST-01"], skip: [] },
  });

  it("text and markdown say which controls ran and that project-level verdicts were left out", () => {
    expect(render("text", selected)).toContain(
      "\nSelection: controls TEST-01; profile resources (project-level verdicts left out)\n",
    );
    expect(render("markdown", selected)).toContain(
      "**Selection:** controls TEST-01; profile resources (project-level verdicts left out)",
    );
    expect(JSON.parse(render("json", selected)).summary.selection).toEqual({
      profile: "resources",
      controls: ["TEST-01"],
    });
  });

  it("say nothing of a selection when every control ran with every verdict", () => {
    expect(render("text")).not.toContain("Selection:");
    expect(render("markdown")).not.toContain("Selection:");
  });

  it("text lists the environments, production ones marked", () => {
    // An environment named prod is production when no resource carries the environment-tier label.
    expect(render("text")).toContain("\nEnvironments: prod (production)\n");
    const staging = checkStacks({ "staging-data": STACKS["prod-data"] });
    expect(render("text", staging)).toContain("\nEnvironments: staging\n");
  });
});
