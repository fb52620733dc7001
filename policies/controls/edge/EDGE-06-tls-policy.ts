import type { Control } from "../../control";
import { isUnknown } from "../../model/types";
import { judgeEach, evidence, verdict } from "../../judge/results";
import { HTTPS_PROXY_TYPES, targetsOf } from "../../views/load-balancer-targets";

const STRONG_PROFILES = ["RESTRICTED", "MODERN"];

export const EDGE06TlsPolicy: Control = {
  id: "EDGE-06",
  title: "TLS 1.2 minimum with a RESTRICTED or MODERN SSL policy on every HTTPS proxy",
  claim:
    "TLS 1.2 or higher on all connections (1.3 offered). TLS 1.3 is negotiated with every client that offers " +
    "it, but cannot be required: provider 6.50 accepts no SSL policy minimum above TLS_1_2.",
  severity: "high",
  rationale:
    "Without an SSL policy a load balancer uses the COMPATIBLE profile with TLS 1.0, which allows protocol " +
    "versions and cipher suites with known weaknesses. A TLS 1.3-only minimum needs provider 7.17 or later.",
  remediation:
    'Attach to every target HTTPS proxy (ssl_policy) a google_compute_ssl_policy with min_tls_version = "TLS_1_2" ' +
    'and profile = "RESTRICTED" (or "MODERN").',
  references: { cis: ["3.9"], checkov: ["CKV_GCP_4"], trivy: ["AVD-GCP-0039"] },
  implementation:
    "HttpsLoadBalancer attaches its TlsPolicy (RESTRICTED by default, MODERN by config, TLS_1_2 minimum) to " +
    "its only HTTPS proxy.",
  evaluate: (scope) => {
    const sslPolicyOf = targetsOf(scope, ["google_compute_ssl_policy", "google_compute_region_ssl_policy"]);
    return judgeEach(scope, HTTPS_PROXY_TYPES, (proxy) => {
      const value = proxy.attributes.ssl_policy;
      const policy = sslPolicyOf(proxy, value);
      const found = [evidence("ssl_policy", value)];
      if (policy === undefined) {
        return verdict("fail", proxy, "no ssl_policy: the COMPATIBLE profile with TLS 1.0 applies", found);
      }
      if (isUnknown(policy))
        return verdict("unknown", proxy, `ssl_policy cannot be judged: ${policy.reason}`, found);
      const { min_tls_version: minimum, profile } = policy.attributes;
      found.push(
        evidence(`${policy.address}.min_tls_version`, minimum),
        evidence(`${policy.address}.profile`, profile),
      );
      if (isUnknown(minimum) || isUnknown(profile)) {
        return verdict("unknown", proxy, `${policy.address} is known only after apply`, found);
      }
      const problems = [
        ...(minimum === "TLS_1_2" ? [] : [`min_tls_version is ${minimum ?? "TLS_1_0 (the default)"}`]),
        ...(STRONG_PROFILES.includes(String(profile))
          ? []
          : [`profile is ${profile ?? "COMPATIBLE (the default)"}`]),
      ];
      return problems.length === 0
        ? verdict("pass", proxy, `${policy.address}: TLS 1.2 minimum, ${profile} profile`, found)
        : verdict("fail", proxy, `${policy.address}: ${problems.join(", ")}`, found);
    });
  },
};
