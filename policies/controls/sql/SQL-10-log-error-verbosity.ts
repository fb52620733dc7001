import type { Control } from "../../control";
import { flagControl } from "../../views/sql-flags";

export const SQL10LogErrorVerbosity: Control = flagControl({
  id: "SQL-10",
  flag: "log_error_verbosity",
  title: "Error verbosity DEFAULT or terser",
  claim: "Database error logs carry enough detail to investigate, without source-level internals.",
  severity: "low",
  rationale: "VERBOSE adds source file and line details that help attackers and bloat logs.",
  expected: "default or terse",
  accepts: (v) => ["default", "terse"].includes(v.toLowerCase()),
  default: "default",
  references: { cis: ["6.2.1"], checkov: [], trivy: [] },
});
