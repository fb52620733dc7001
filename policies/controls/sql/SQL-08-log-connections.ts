import type { Control } from "../../control";
import { flagControl, on } from "../../views/sql-flags";

export const SQL08LogConnections: Control = flagControl({
  id: "SQL-08",
  flag: "log_connections",
  title: "Connections logged",
  claim: "Every connection attempt to the database is logged.",
  severity: "medium",
  rationale:
    "Connection logs show who tried to log in from where, including failed attempts. " +
    "Checkov's CKV_GCP_52 fails only an explicit off; the flag left unset is off too and fails here.",
  expected: "on",
  accepts: on,
  default: "off",
  references: { cis: ["6.2.2"], checkov: ["CKV_GCP_52"], trivy: ["AVD-GCP-0016"] },
});
