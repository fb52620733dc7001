import type { Control } from "../../control";
import { flagControl } from "../../views/sql-flags";

export const SQL14LogMinDurationStatement: Control = flagControl({
  id: "SQL-14",
  flag: "log_min_duration_statement",
  title: "Statement text not logged by duration",
  claim: "Query text, which may contain personal data or secrets, is not written to logs by duration.",
  severity: "low",
  rationale: "Duration logging writes full statements, literals included, into logs many people can read.",
  expected: "-1",
  accepts: (v) => v.trim() === "-1",
  default: "-1",
  references: { cis: ["6.2.7"], checkov: ["CKV_GCP_57"], trivy: ["AVD-GCP-0021"] },
});
