import type { Control } from "../../control";
import { flagControl, on } from "../../views/sql-flags";

export const SQL16LogLockWaits: Control = flagControl({
  id: "SQL-16",
  flag: "log_lock_waits",
  title: "Lock waits logged",
  claim: "Long lock waits in the database are logged.",
  severity: "low",
  rationale:
    "Long lock waits point at contention that can be a denial of service. " +
    "Checkov's CKV_GCP_54 fails only an explicit off; the flag left unset is off too and fails here.",
  expected: "on",
  accepts: on,
  default: "off",
  references: { cis: [], checkov: ["CKV_GCP_54"], trivy: ["AVD-GCP-0020"] },
});
