import type { Control } from "../../control";
import { flagControl, atMost } from "../../views/sql-flags";

export const SQL13LogMinErrorStatement: Control = flagControl({
  id: "SQL-13",
  flag: "log_min_error_statement",
  title: "Failing statements logged",
  claim: "Statements that cause an error are logged.",
  severity: "low",
  rationale:
    "Failing statements show probing: injection attempts and privilege errors. " +
    "Checkov's CKV_GCP_109 requires the flag to be set; unset, PostgreSQL's default is error, which " +
    "passes here.",
  expected: "error or a more verbose level",
  accepts: atMost("error"),
  default: "error",
  references: { cis: ["6.2.6"], checkov: ["CKV_GCP_109"], trivy: [] },
});
