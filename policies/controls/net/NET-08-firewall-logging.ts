import type { Control } from "../../control";
import { isUnknown } from "../../model/types";
import { firewallRules } from "../../views/firewall";
import { evidence, projectVerdict, verdict } from "../../judge/results";

export const NET08FirewallLogging: Control = {
  id: "NET-08",
  title: "Logging on every firewall rule",
  claim: "Every firewall rule logs the connections it allows or denies (goto_next rules decide nothing).",
  severity: "medium",
  rationale:
    "Firewall rule logs show which rule let a connection through or stopped it; without them an incident " +
    "review cannot tell an allowed path from a blocked one.",
  remediation:
    'Add log_config { metadata = "INCLUDE_ALL_METADATA" } to the google_compute_firewall (enable_logging = true ' +
    "on firewall policy rules).",
  references: { cis: [], checkov: [], trivy: [] },
  implementation: "The FirewallRule construct always renders log_config with INCLUDE_ALL_METADATA.",
  evaluate: (scope) => {
    const rules = firewallRules(scope);
    if (rules.length === 0)
      return [projectVerdict("not-applicable", `no firewall rule in environment ${scope.environment}`)];
    return rules.map(({ resource, logging, action }) => {
      const found = [evidence(logging.path, logging.value)];
      // A policy rule with goto_next neither allows nor denies: the rule that decides (later in the order) logs.
      if (action === "goto_next")
        return verdict(
          "not-applicable",
          resource,
          "goto_next decides nothing: the rule that allows or denies the connection logs it",
          [...found, evidence("action", action)],
        );
      if (isUnknown(logging.value))
        return verdict("unknown", resource, `${logging.path} is known only after apply`, found);
      return logging.on
        ? verdict("pass", resource, `logging on (${logging.path})`, found)
        : verdict("fail", resource, "no log_config: the rule's hits are not logged", found);
    });
  },
};
