import type { Control } from "../../control";
import { isUnknown } from "../../model/types";
import { get, truthy } from "../../model/values";
import { evidence, judgeEach, verdict } from "../../judge/results";

export const NET10NatLogging: Control = {
  id: "NET-10",
  title: "Cloud NAT logs every translation and error",
  claim: "Internet egress leaves through Cloud NAT, and every connection it translates or drops is logged.",
  severity: "medium",
  rationale:
    "NAT logs are the only record of which VM opened which outbound connection. The ALL filter is required: " +
    "ERRORS_ONLY drops the record of successful connections (the exfiltration evidence), TRANSLATIONS_ONLY " +
    "drops dropped-packet and port-exhaustion records.",
  remediation: 'Set log_config { enable = true, filter = "ALL" } on the google_compute_router_nat.',
  references: { cis: [], checkov: [], trivy: [] },
  implementation: 'The CloudNat construct renders log_config { enable = true, filter = "ALL" }.',
  evaluate: (scope) =>
    judgeEach(scope, ["google_compute_router_nat"], (nat) => {
      const enable = get(nat.attributes, "log_config.enable");
      const filter = get(nat.attributes, "log_config.filter");
      const found = [evidence("log_config.enable", enable), evidence("log_config.filter", filter)];
      if (isUnknown(enable) || isUnknown(filter))
        return verdict("unknown", nat, "log_config is known only after apply", found);
      if (truthy(enable) !== true)
        return verdict("fail", nat, "NAT logging is off (log_config.enable is not true)", found);
      if (filter !== "ALL")
        return verdict("fail", nat, `log_config.filter is ${String(filter)}, not ALL`, found);
      return verdict("pass", nat, "logs all translations and errors", found);
    }),
};
