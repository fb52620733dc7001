import type { Control, Result } from "../../control";
import { type Resource, isUnknown } from "../../model/types";
import { list } from "../../model/values";
import { isSet } from "../../judge/presence";
import { evidence, projectVerdict, verdict } from "../../judge/results";
import { HTTPS_PROXY_TYPES, targetsOf } from "../../views/load-balancer-targets";

const MANAGED = "google_compute_managed_ssl_certificate";
/** Self-managed certificates: their private key is an argument, so it sits in Terraform state. */
const SELF_MANAGED = ["google_compute_ssl_certificate", "google_compute_region_ssl_certificate"];

export const EDGE10ManagedCertificates: Control = {
  id: "EDGE-10",
  title: "Google-managed certificates only",
  claim:
    "TLS certificates are issued and renewed by Google; no certificate private key is kept in Terraform state.",
  severity: "medium",
  rationale:
    "A self-managed certificate puts its private key in the Terraform configuration and state, where anyone " +
    "who can read the state can impersonate the site, and it expires unless someone renews it.",
  remediation:
    "Replace google_compute_ssl_certificate with google_compute_managed_ssl_certificate (or a Certificate " +
    "Manager map) and reference only managed certificates from ssl_certificates.",
  references: { cis: [], checkov: [], trivy: [] },
  implementation: "HttpsLoadBalancer issues one Google-managed certificate for the configured domains.",
  evaluate: (scope) => {
    const proxies = HTTPS_PROXY_TYPES.flatMap((type) => scope.ofType(type));
    const keys = SELF_MANAGED.flatMap((type) => scope.ofType(type));
    if (proxies.length === 0 && keys.length === 0) {
      return [
        projectVerdict("not-applicable", `no HTTPS proxy or certificate in environment ${scope.environment}`),
      ];
    }
    const selfManaged: Result[] = keys.map((certificate) =>
      verdict("fail", certificate, "self-managed certificate: its private key is stored in Terraform state", [
        evidence("private_key", isSet(certificate.attributes.private_key) ? "(set)" : undefined),
      ]),
    );
    const certificateOf = targetsOf(scope, [MANAGED, ...SELF_MANAGED]);
    const perProxy = proxies.map((proxy) => {
      const certificates = list(proxy.attributes, "ssl_certificates");
      const found = [
        evidence("ssl_certificates", proxy.attributes.ssl_certificates),
        evidence("certificate_map", proxy.attributes.certificate_map),
      ];
      if (certificates.length === 0) {
        return isSet(proxy.attributes.certificate_map)
          ? verdict(
              "unknown",
              proxy,
              "certificates come from a Certificate Manager map, which is not judged here",
              found,
            )
          : verdict("fail", proxy, "no certificate", found);
      }
      const targets = certificates.map((value) => certificateOf(proxy, value));
      const unknown = targets.find(isUnknown);
      if (unknown)
        return verdict("unknown", proxy, `a certificate cannot be judged: ${unknown.reason}`, found);
      const notManaged = targets.filter(
        (t): t is Resource => t !== undefined && !isUnknown(t) && t.type !== MANAGED,
      );
      return notManaged.length === 0
        ? verdict("pass", proxy, "every certificate is Google-managed", found)
        : verdict(
            "fail",
            proxy,
            `self-managed certificate ${notManaged.map((t) => t.address).join(", ")}`,
            found,
          );
    });
    return [...perProxy, ...selfManaged];
  },
};
