import type { Control, Evidence, Result } from "../../control";
import { type Resource, isUnknown } from "../../model/types";
import { evidence, projectVerdict, verdict } from "../../judge/results";
import { HTTPS_PROXY_TYPES, targetsOf } from "../../views/load-balancer-targets";

const STRONG_PROFILES = ["RESTRICTED", "MODERN"];
const SSL_POLICY_TYPES = ["google_compute_ssl_policy", "google_compute_region_ssl_policy"];

export const EDGE06TlsPolicy: Control = {
  id: "EDGE-06",
  title: "TLS 1.2 minimum with a RESTRICTED or MODERN SSL policy on every HTTPS proxy",
  claim:
    "TLS 1.2 or higher on all connections (1.3 offered). TLS 1.3 is negotiated with every client that offers " +
    "it, but cannot be required: provider 6.50 accepts no SSL policy minimum above TLS_1_2.",
  severity: "high",
  rationale:
    "Without an SSL policy a load balancer uses the COMPATIBLE profile with TLS 1.0, which allows protocol " +
    "versions and cipher suites with known weaknesses. A TLS 1.3-only minimum needs provider 7.17 or later. " +
    "Every SSL policy is judged, also one no HTTPS proxy uses yet: it is there to be attached (to a proxy, or " +
    "an SSL proxy this check does not read), and a weak one waits for its first user. " +
    "Both the minimum and the profile are required: checkov's CKV_GCP_4 passes RESTRICTED without a " +
    "TLS 1.2 minimum and a CUSTOM profile, trivy's AVD-GCP-0039 reads only the minimum (COMPATIBLE " +
    "passes) and no proxy without a policy; all fail here.",
  remediation:
    'Attach to every target HTTPS proxy (ssl_policy) a google_compute_ssl_policy with min_tls_version = "TLS_1_2" ' +
    'and profile = "RESTRICTED" (or "MODERN"); give every other SSL policy the same minimum and profile, or ' +
    "remove it.",
  references: { cis: ["3.9"], checkov: ["CKV_GCP_4"], trivy: ["AVD-GCP-0039"] },
  implementation:
    "HttpsLoadBalancer attaches its TlsPolicy (RESTRICTED by default, MODERN by config, TLS_1_2 minimum) to " +
    "its only HTTPS proxy.",
  evaluate: (scope) => {
    const sslPolicyOf = targetsOf(scope, SSL_POLICY_TYPES);
    const used = new Set<Resource>();
    const proxies = HTTPS_PROXY_TYPES.flatMap((type) => scope.ofType(type)).map((proxy) => {
      const value = proxy.attributes.ssl_policy;
      const policy = sslPolicyOf(proxy, value);
      const found = [evidence("ssl_policy", value)];
      if (policy === undefined) {
        return verdict("fail", proxy, "no ssl_policy: the COMPATIBLE profile with TLS 1.0 applies", found);
      }
      if (isUnknown(policy))
        return verdict("unknown", proxy, `ssl_policy cannot be judged: ${policy.reason}`, found);
      used.add(policy);
      return judgePolicy(proxy, policy, `${policy.address}: `, found);
    });
    // A policy no proxy uses today is one a proxy (or an SSL proxy) may be given tomorrow: judged on its own.
    const unused = SSL_POLICY_TYPES.flatMap((type) => scope.ofType(type))
      .filter((policy) => !used.has(policy))
      .map((policy) => judgePolicy(policy, policy, "", []));
    const results = [...proxies, ...unused];
    return results.length > 0
      ? results
      : [
          projectVerdict(
            "not-applicable",
            `no ${[...HTTPS_PROXY_TYPES, ...SSL_POLICY_TYPES].join(" or ")} in environment ${scope.environment}`,
          ),
        ];
  },
};

/** The verdict on `subject` (a proxy, or a policy judged alone) from its SSL policy's minimum and profile. */
function judgePolicy(subject: Resource, policy: Resource, prefix: string, found: Evidence[]): Result {
  const { min_tls_version: minimum, profile } = policy.attributes;
  const own = subject === policy ? "" : `${policy.address}.`;
  found.push(evidence(`${own}min_tls_version`, minimum), evidence(`${own}profile`, profile));
  if (isUnknown(minimum) || isUnknown(profile)) {
    return verdict("unknown", subject, `${policy.address} is known only after apply`, found);
  }
  const problems = [
    ...(minimum === "TLS_1_2" ? [] : [`min_tls_version is ${minimum ?? "TLS_1_0 (the default)"}`]),
    ...(STRONG_PROFILES.includes(String(profile))
      ? []
      : [`profile is ${profile ?? "COMPATIBLE (the default)"}`]),
  ];
  return problems.length === 0
    ? verdict("pass", subject, `${prefix}TLS 1.2 minimum, ${profile} profile`, found)
    : verdict("fail", subject, `${prefix}${problems.join(", ")}`, found);
}
