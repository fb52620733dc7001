import type { Control } from "../../control";
import { flagControl, on } from "../../views/sql-flags";

export const SQL09LogDisconnections: Control = flagControl({
  id: "SQL-09",
  flag: "log_disconnections",
  title: "Disconnections logged",
  claim: "The end and duration of every database session is logged.",
  severity: "medium",
  rationale:
    "With connection logs, session ends bound what a session could have done and when. " +
    "Checkov's CKV_GCP_53 fails only an explicit off; the flag left unset is off too and fails here.",
  expected: "on",
  accepts: on,
  default: "off",
  references: { cis: ["6.2.3"], checkov: ["CKV_GCP_53"], trivy: ["AVD-GCP-0022"] },
});
