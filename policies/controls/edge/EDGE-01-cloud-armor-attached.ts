import type { Control } from "../../control";
import { isUnknown } from "../../model/types";
import { evidence, verdict } from "../../judge/results";
import { judgeExternalBackends, targetsOf } from "../../views/load-balancer-targets";

export const EDGE01CloudArmorAttached: Control = {
  id: "EDGE-01",
  title: "Cloud Armor on every external backend service",
  claim:
    "Every request from the internet passes a Cloud Armor web application firewall before the application.",
  severity: "critical",
  rationale:
    "Cloud Armor filters requests only for backend services whose security_policy names it; an external " +
    "backend service without one exposes the application to every attack the WAF rules would have denied.",
  remediation:
    "Set security_policy on the google_compute_backend_service to a google_compute_security_policy declared in " +
    "the configuration (the ArmorPolicy construct).",
  references: { cis: [], checkov: [], trivy: [] },
  implementation:
    "The HttpsLoadBalancer construct requires a security policy and the edge stack passes its ArmorPolicy.",
  evaluate: (scope) => {
    const policyOf = targetsOf(scope, ["google_compute_security_policy"]);
    return judgeExternalBackends(scope, (backend) => {
      const value = backend.attributes.security_policy;
      const found = [evidence("security_policy", value)];
      const policy = policyOf(backend, value);
      if (policy === undefined)
        return verdict("fail", backend, "no security_policy: no Cloud Armor rule applies", found);
      if (isUnknown(policy))
        return verdict("unknown", backend, `security_policy cannot be judged: ${policy.reason}`, found);
      return verdict("pass", backend, `protected by Cloud Armor policy ${policy.address}`, found);
    });
  },
};
