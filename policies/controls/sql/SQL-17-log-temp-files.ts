import type { Control } from "../../control";
import { flagControl } from "../../views/sql-flags";

export const SQL17LogTempFiles: Control = flagControl({
  id: "SQL-17",
  flag: "log_temp_files",
  title: "Temporary files logged",
  claim: "Every temporary file the database writes is logged.",
  severity: "low",
  rationale:
    "Large temporary files reveal runaway or exfiltrating queries. " +
    "Checkov's CKV_GCP_56 fails only a value other than 0; unset, PostgreSQL logs no temporary file, " +
    "which fails here.",
  expected: "0",
  accepts: (v) => v.trim() === "0",
  default: "-1",
  references: { cis: [], checkov: ["CKV_GCP_56"], trivy: ["AVD-GCP-0014"] },
});
