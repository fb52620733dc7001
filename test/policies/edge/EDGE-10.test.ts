import { EDGE10ManagedCertificates } from "../../../policies/controls/edge/EDGE-10-managed-certificates";
import { expectFails, expectPasses, mutate, run } from "../../support/control-fixtures";
import { EDGE, HTTPS_PROXY, messageOf, one, scope } from "./fixture";

describe("EDGE-10 Google-managed certificates only", () => {
  it("passes the edge stack", () => {
    expectPasses(EDGE10ManagedCertificates, scope());
    expect(run(EDGE10ManagedCertificates, scope())).toEqual([`${HTTPS_PROXY}: pass`]);
  });
  it("fails a self-managed certificate and the proxy that serves it", () => {
    const json = mutate(EDGE, (j) => {
      j.resource.google_compute_ssl_certificate = {
        own: {
          name: "own",
          certificate: "-----BEGIN CERTIFICATE-----",
          private_key: "-----BEGIN PRIVATE KEY-----",
        },
      };
      one(j, "google_compute_target_https_proxy").ssl_certificates = [
        "${google_compute_ssl_certificate.own.id}",
      ];
    });
    expectFails(EDGE10ManagedCertificates, scope(json), HTTPS_PROXY);
    expectFails(EDGE10ManagedCertificates, scope(json), "google_compute_ssl_certificate.own");
    expect(run(EDGE10ManagedCertificates, scope(json))).toEqual([
      `${HTTPS_PROXY}: fail`,
      "google_compute_ssl_certificate.own: fail",
    ]);
    expect(messageOf(EDGE10ManagedCertificates, json)).toContain(
      "its private key is stored in Terraform state",
    );
  });
  it("fails a proxy whose ssl_certificates and certificate_map are null (no certificate)", () => {
    const json = mutate(EDGE, (j) => {
      const proxy = one(j, "google_compute_target_https_proxy");
      proxy.ssl_certificates = null;
      proxy.certificate_map = null;
    });
    expectFails(EDGE10ManagedCertificates, scope(json), HTTPS_PROXY);
    expect(messageOf(EDGE10ManagedCertificates, json)).toContain("no certificate");
  });
});
