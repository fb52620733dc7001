import type { Control } from "../../control";
import { isUnknown } from "../../model/types";
import { get, truthy } from "../../model/values";
import { evidence, verdict } from "../../judge/results";
import { judgeArmorPolicies } from "../../views/armor-rules";

const PATH = "adaptive_protection_config.layer_7_ddos_defense_config.enable";

export const EDGE04AdaptiveProtection: Control = {
  id: "EDGE-04",
  title: "Adaptive Protection (layer 7 DDoS defence) on",
  claim: "DDoS protection at the edge.",
  severity: "medium",
  rationale:
    "Google's edge absorbs network-level floods for every external load balancer; Adaptive Protection adds a " +
    "model of normal layer 7 traffic per backend service and alerts on application-level floods that look " +
    "like ordinary requests (with Cloud Armor Enterprise, also their signature and a rule to block it).",
  remediation: `Set ${PATH} = true on the google_compute_security_policy.`,
  references: { cis: [], checkov: [], trivy: [] },
  implementation: "ArmorPolicy always enables layer_7_ddos_defense_config with STANDARD rule visibility.",
  evaluate: (scope) =>
    judgeArmorPolicies(scope, (policy) => {
      const value = get(policy.attributes, PATH);
      const found = [evidence(PATH, value)];
      if (isUnknown(value)) return verdict("unknown", policy, `${PATH} is known only after apply`, found);
      return truthy(value) === true
        ? verdict("pass", policy, "Adaptive Protection is on", found)
        : verdict("fail", policy, "Adaptive Protection is off (the default)", found);
    }),
};
