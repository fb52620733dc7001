import type { Control, Result } from "../../control";
import { type Resource, isUnknown } from "../../model/types";
import { blocks } from "../../model/values";
import { principalKind } from "../../views/principals";
import { judgePublicGrants } from "../../views/public-grants";
import { evidence, projectVerdict, verdict } from "../../judge/results";

/** Special groups of a dataset's access list that reach beyond the organisation. */
const PUBLIC_SPECIAL_GROUPS = ["allAuthenticatedUsers", "allUsers"];
const DATASET = "google_bigquery_dataset";
const DATASET_ACCESS = "google_bigquery_dataset_access";

export const STO05NoPublicDatasets: Control = {
  id: "STO-05",
  title: "No public access to BigQuery datasets or tables",
  claim:
    "No BigQuery dataset or table grants access to allUsers or allAuthenticatedUsers, through its access list " +
    "or IAM.",
  severity: "critical",
  rationale:
    "A dataset shared with allUsers is readable by anyone on the internet, one shared with " +
    "allAuthenticatedUsers by anyone with a Google account; both are found by scanners and leak whole " +
    "tables at once. Checked: the dataset's access blocks (special_group, iam_member), " +
    "google_bigquery_dataset_access, and the dataset and table IAM resources. Checkov's CKV_GCP_15 also fails " +
    "an access block that names its principal by iam_member, routine or authorized dataset (it reads an " +
    "entry without user_by_email, group_by_email, domain or view as public); this control judges the " +
    "principal itself. Trivy's AVD-GCP-0046 reads only special_group allAuthenticatedUsers.",
  remediation:
    "Remove allUsers and allAuthenticatedUsers from the dataset's access blocks, google_bigquery_dataset_access " +
    "and google_bigquery_dataset_iam_* / google_bigquery_table_iam_*; share with named groups or an " +
    "authorized view instead.",
  references: { cis: ["7.1"], checkov: ["CKV_GCP_15"], trivy: ["AVD-GCP-0046"] },
  implementation: "The baseline declares no BigQuery dataset.",
  evaluate: (scope) => {
    const datasets = scope.ofType(DATASET).map((dataset) =>
      judgeAccess(
        dataset,
        blocks(dataset.attributes, "access").map((entry, i) => ({ path: `access.${i}`, entry })),
        isUnknown(dataset.attributes.access),
      ),
    );
    const grants = scope
      .ofType(DATASET_ACCESS)
      .map((access) => judgeAccess(access, [{ path: "", entry: access.attributes }], false));
    const iam = judgePublicGrants(scope, [DATASET, "google_bigquery_table"], "BigQuery datasets or tables");
    const iamVerdicts = iam.filter((r) => r.resource !== undefined);
    const results = [...datasets, ...grants, ...iamVerdicts];
    return results.length > 0
      ? results
      : [
          projectVerdict(
            "pass",
            `no BigQuery dataset or grant in environment ${scope.environment}: nothing is shared`,
          ),
        ];

    function judgeAccess(
      resource: Resource,
      entries: { path: string; entry: Record<string, unknown> }[],
      unreadable: boolean,
    ): Result {
      const at = (path: string, key: string) => (path === "" ? key : `${path}.${key}`);
      const named = entries.flatMap(({ path, entry }) => [
        ...(entry.special_group === undefined
          ? []
          : [{ path: at(path, "special_group"), value: entry.special_group, special: true }]),
        ...(entry.iam_member === undefined
          ? []
          : [{ path: at(path, "iam_member"), value: entry.iam_member, special: false }]),
      ]);
      const found = named.map((n) => evidence(n.path, n.value));
      const isPublic = (n: (typeof named)[number]) =>
        n.special
          ? PUBLIC_SPECIAL_GROUPS.includes(String(n.value))
          : principalKind(scope, resource, n.value) === "public";
      const open = named.filter(isPublic);
      if (open.length > 0)
        return verdict(
          "fail",
          resource,
          `grants access to ${open.map((n) => String(n.value)).join(", ")}`,
          open.map((n) => evidence(n.path, n.value)),
        );
      const later = named.filter((n) => isUnknown(n.value) || String(n.value).includes("${"));
      if (unreadable || later.length > 0)
        return verdict("unknown", resource, "some access entries are known only after apply", found);
      return verdict(
        "pass",
        resource,
        named.length > 0 ? "access names no public principal" : "no access entry beyond the defaults",
        found,
      );
    }
  },
};
