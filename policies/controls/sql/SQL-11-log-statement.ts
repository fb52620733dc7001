import type { Control } from "../../control";
import { flagControl } from "../../views/sql-flags";

export const SQL11LogStatement: Control = flagControl({
  id: "SQL-11",
  flag: "log_statement",
  title: "Schema changes logged",
  claim: "Every change to the database schema is logged.",
  severity: "medium",
  rationale: "DDL statements (CREATE, ALTER, DROP) are how data is destroyed or back doors added.",
  expected: "ddl, mod or all",
  accepts: (v) => ["ddl", "mod", "all"].includes(v.toLowerCase()),
  default: "none",
  references: { cis: ["6.2.4"], checkov: ["CKV_GCP_107"], trivy: [] },
});
