import type { Control } from "../../control";
import { flagControl, on } from "../../views/sql-flags";

export const SQL15LogCheckpoints: Control = flagControl({
  id: "SQL-15",
  flag: "log_checkpoints",
  title: "Checkpoints logged",
  claim: "Database checkpoints are logged.",
  severity: "low",
  rationale: "Checkpoint logs help tell load or storage problems from deliberate disruption.",
  expected: "on",
  accepts: on,
  references: { cis: [], checkov: ["CKV_GCP_51"], trivy: ["AVD-GCP-0025"] },
});
