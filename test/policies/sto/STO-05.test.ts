import { STO05NoPublicDatasets } from "../../../policies/controls/sto/STO-05-no-public-datasets";
import {
  type Attrs,
  expectFails,
  expectPasses,
  mutate,
  resultFor,
  run,
  scopeOf,
  tf,
} from "../../support/control-fixtures";

const DATASET = "google_bigquery_dataset.sales";
/** A dataset shared with a group, a domain, an authorized view and the project's owners. */
const BIGQUERY = tf({
  google_bigquery_dataset: {
    sales: {
      dataset_id: "sales",
      location: "europe-west2",
      access: [
        { role: "OWNER", special_group: "projectOwners" },
        { role: "READER", group_by_email: "analysts@example.com" },
        { role: "READER", domain: "example.com" },
        { role: "READER", iam_member: "serviceAccount:etl@acme-prod.iam.gserviceaccount.com" },
        { view: { project_id: "p", dataset_id: "reports", table_id: "summary" } },
      ],
    },
  },
  google_bigquery_dataset_iam_member: {
    viewer: { dataset_id: "sales", role: "roles/bigquery.dataViewer", member: "group:bi@example.com" },
  },
});
const scope = (json: Attrs = BIGQUERY) => scopeOf(json);

describe("STO-05 No public access to BigQuery datasets or tables", () => {
  it("passes access lists and IAM grants naming groups, domains, accounts and views", () => {
    expectPasses(STO05NoPublicDatasets, scope());
    expect(run(STO05NoPublicDatasets, scope())).toEqual([
      `${DATASET}: pass`,
      "google_bigquery_dataset_iam_member.viewer: pass",
    ]);
  });

  it.each([
    ["special_group allAuthenticatedUsers", { role: "READER", special_group: "allAuthenticatedUsers" }],
    ["iam_member allUsers", { role: "READER", iam_member: "allUsers" }],
    ["iam_member allAuthenticatedUsers", { role: "WRITER", iam_member: "allAuthenticatedUsers" }],
  ])("fails an access block with %s", (_, entry) => {
    const json = mutate(BIGQUERY, (j) => j.resource.google_bigquery_dataset.sales.access.push(entry));
    const [failed] = expectFails(STO05NoPublicDatasets, scope(json), DATASET);
    expect(failed.message).toContain("grants access to all");
    expect(failed.evidence[0].path).toBe("access.5." + Object.keys(entry)[1]);
  });

  it("fails a single access block written as an object", () => {
    const json = mutate(BIGQUERY, (j) => {
      j.resource.google_bigquery_dataset.sales.access = {
        role: "READER",
        special_group: "allAuthenticatedUsers",
      };
    });
    expectFails(STO05NoPublicDatasets, scope(json), DATASET);
  });

  it("fails google_bigquery_dataset_access and dataset or table IAM naming the public", () => {
    const json = tf({
      google_bigquery_dataset_access: { open: { dataset_id: "d", role: "READER", iam_member: "allUsers" } },
      google_bigquery_dataset_iam_binding: {
        viewers: { dataset_id: "d", role: "roles/bigquery.dataViewer", members: ["allAuthenticatedUsers"] },
      },
      google_bigquery_table_iam_member: {
        table: { dataset_id: "d", table_id: "t", role: "roles/bigquery.dataViewer", member: "allUsers" },
      },
    });
    expect(run(STO05NoPublicDatasets, scope(json))).toEqual([
      "google_bigquery_dataset_access.open: fail",
      "google_bigquery_dataset_iam_binding.viewers: fail",
      "google_bigquery_table_iam_member.table: fail",
    ]);
    expectFails(STO05NoPublicDatasets, scope(json), "google_bigquery_table_iam_member.table");
  });

  it("passes a dataset with no access block (the project's default roles)", () => {
    const json = tf({ google_bigquery_dataset: { d: { dataset_id: "d", access: null } } });
    expectPasses(STO05NoPublicDatasets, scope(json));
    expect(resultFor(STO05NoPublicDatasets, scope(json), "google_bigquery_dataset.d").message).toContain(
      "no access entry",
    );
  });

  it("is unknown when an access member comes from a variable", () => {
    const json = mutate(BIGQUERY, (j) => {
      j.resource.google_bigquery_dataset.sales.access.push({ role: "READER", iam_member: "${var.reader}" });
    });
    expect(resultFor(STO05NoPublicDatasets, scope(json), DATASET).status).toBe("unknown");
  });

  it("passes at project level without BigQuery: nothing is shared", () => {
    expect(run(STO05NoPublicDatasets, scope(tf({ google_storage_bucket: { b: { name: "b" } } })))).toEqual([
      "project: pass",
    ]);
  });
});
