import { EDGE02OwaspWafRules } from "../../../policies/controls/edge/EDGE-02-owasp-waf-rules";
import { EDGE06TlsPolicy } from "../../../policies/controls/edge/EDGE-06-tls-policy";
import { type Attrs, mutate, tf } from "../../support/control-fixtures";
import { EDGE, address, armorRules, dropRules, expression } from "../../policies/edge/fixture";
import type { PeerCase } from "../support";

const POLICY = address("google_compute_security_policy");
const isCanary = (rule: Attrs) => expression(rule).includes("cve-canary");
const sslPolicy = (attributes: Attrs) =>
  tf({ google_compute_ssl_policy: { p: { name: "p", ...attributes } } });
const SSL = "google_compute_ssl_policy.p";

export const EDGE_CASES: readonly PeerCase[] = [
  {
    peer: "CKV_GCP_73",
    control: EDGE02OwaspWafRules,
    tests:
      "a security policy passes when a rule evaluates cve-canary, is not allow and not in preview; otherwise " +
      "(no such rule) it fails",
    passes: EDGE,
    fails: mutate(EDGE, (j) =>
      armorRules(j)
        .filter(isCanary)
        .forEach((rule) => (rule.preview = true)),
    ),
    address: POLICY,
    differences: [
      {
        case: "a policy that denies cve-canary but none of the OWASP CRS rule sets",
        json: mutate(EDGE, (j) =>
          dropRules(j, (rule) => isCanary(rule) || !/evaluatePreconfigured/.test(expression(rule))),
        ),
        peer: "pass",
        ours: "fail",
        address: POLICY,
      },
    ],
  },
  {
    peer: "CKV_GCP_4",
    control: EDGE06TlsPolicy,
    tests:
      "an SSL policy passes with profile RESTRICTED, MODERN with min_tls_version TLS_1_2, or CUSTOM without " +
      "the RSA key-exchange ciphers; no profile fails",
    passes: sslPolicy({ profile: "MODERN", min_tls_version: "TLS_1_2" }),
    fails: sslPolicy({ profile: "COMPATIBLE", min_tls_version: "TLS_1_2" }),
    address: SSL,
    differences: [
      {
        case: "profile RESTRICTED without min_tls_version (TLS 1.0 minimum)",
        json: sslPolicy({ profile: "RESTRICTED" }),
        peer: "pass",
        ours: "fail",
        address: SSL,
      },
      {
        case: "a CUSTOM profile without the RSA key-exchange ciphers",
        json: sslPolicy({
          profile: "CUSTOM",
          min_tls_version: "TLS_1_2",
          custom_features: ["TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"],
        }),
        peer: "pass",
        ours: "fail",
        address: SSL,
      },
    ],
  },
  {
    peer: "AVD-GCP-0039",
    control: EDGE06TlsPolicy,
    tests: "an SSL policy fails unless min_tls_version is TLS_1_2",
    passes: sslPolicy({ profile: "RESTRICTED", min_tls_version: "TLS_1_2" }),
    fails: sslPolicy({ profile: "RESTRICTED", min_tls_version: "TLS_1_0" }),
    address: SSL,
    differences: [
      {
        case: "TLS_1_2 minimum with the COMPATIBLE profile (weak cipher suites)",
        json: sslPolicy({ profile: "COMPATIBLE", min_tls_version: "TLS_1_2" }),
        peer: "pass",
        ours: "fail",
        address: SSL,
      },
      {
        case: "an HTTPS proxy with no SSL policy at all (Google's COMPATIBLE default)",
        json: tf({ google_compute_target_https_proxy: { p: { name: "p", url_map: "m" } } }),
        peer: "pass",
        ours: "fail",
        address: "google_compute_target_https_proxy.p",
      },
    ],
  },
];
