import type { Control } from "../../control";
import { flagControl, atMost } from "../../views/sql-flags";

export const SQL12LogMinMessages: Control = flagControl({
  id: "SQL-12",
  flag: "log_min_messages",
  title: "Warnings and errors logged",
  claim: "Database warnings and errors are logged.",
  severity: "low",
  rationale:
    "A threshold above WARNING hides the errors that precede and reveal an attack. " +
    "Checkov's CKV_GCP_55 fails only a value that is no PostgreSQL level, trivy's AVD-GCP-0018 only " +
    "FATAL, PANIC or LOG; error (the default) records no warnings and fails here.",
  expected: "warning or a more verbose level",
  accepts: atMost("warning"),
  default: "error",
  references: { cis: ["6.2.5"], checkov: ["CKV_GCP_55"], trivy: ["AVD-GCP-0018"] },
});
