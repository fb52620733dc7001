import type { Control } from "../../control";
import { isUnknown } from "../../model/types";
import { get, truthy } from "../../model/values";
import { evidence, verdict } from "../../judge/results";
import { judgeExternalBackends } from "../../views/load-balancer-targets";

export const EDGE09LbLogging: Control = {
  id: "EDGE-09",
  title: "Every load-balanced request logged",
  claim: "Every request to the load balancer is logged, with the Cloud Armor rule that decided it.",
  severity: "medium",
  rationale:
    "Load balancer request logs are where Cloud Armor records which rule allowed, denied or rate-limited a " +
    "request; sampling below 1.0 drops some of them, including attacks.",
  remediation: "Set log_config { enable = true, sample_rate = 1.0 } on the google_compute_backend_service.",
  references: { cis: ["2.16"], checkov: [], trivy: [] },
  implementation: "HttpsLoadBalancer enables backend service logging with sample_rate 1.0.",
  evaluate: (scope) =>
    judgeExternalBackends(scope, (backend) => {
      const enable = get(backend.attributes, "log_config.enable");
      const rate = get(backend.attributes, "log_config.sample_rate");
      const found = [evidence("log_config.enable", enable), evidence("log_config.sample_rate", rate)];
      if (isUnknown(enable) || isUnknown(rate)) {
        return verdict("unknown", backend, "log_config is known only after apply", found);
      }
      if (truthy(enable) !== true)
        return verdict("fail", backend, "logging is off (log_config.enable is not true)", found);
      // The provider documents 1.0 as the default when logging is on.
      const sampled = rate === undefined || rate === null ? 1 : Number(rate);
      return sampled === 1
        ? verdict("pass", backend, "every request is logged (sample rate 1.0)", found)
        : verdict("fail", backend, `only a ${sampled} sample of requests is logged (expected 1.0)`, found);
    }),
};
