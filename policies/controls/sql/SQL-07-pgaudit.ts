import type { Control } from "../../control";
import { flagControl, on, recordsSomething } from "../../views/sql-flags";

export const SQL07Pgaudit: Control = flagControl({
  id: "SQL-07",
  flag: "cloudsql.enable_pgaudit",
  title: "pgAudit enabled",
  claim: "Database sessions and changes are recorded in an audit log.",
  severity: "high",
  rationale:
    "pgAudit writes who ran which statement class to Cloud Audit Logs, the record an investigation needs. " +
    "Checkov's CKV_GCP_110 reads only cloudsql.enable_pgaudit; without pgaudit.log naming statement " +
    "classes pgAudit records nothing, which fails here.",
  expected: "on, with pgaudit.log naming the statement classes to record",
  accepts: (value, flags) => on(value) && recordsSomething(flags.get("pgaudit.log")),
  alsoReads: "pgaudit.log",
  default: "off",
  references: { cis: ["6.2.8"], checkov: ["CKV_GCP_110"], trivy: [] },
});
