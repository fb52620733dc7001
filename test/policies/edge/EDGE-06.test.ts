import { EDGE06TlsPolicy } from "../../../policies/controls/edge/EDGE-06-tls-policy";
import {
  expectFails,
  expectPasses,
  markUnknown,
  mutate,
  run,
  scopeOf,
  tf,
} from "../../support/control-fixtures";
import { EDGE, HTTPS_PROXY, address, messageOf, one, scope } from "./fixture";

describe("EDGE-06 TLS 1.2 minimum with a RESTRICTED or MODERN SSL policy on every HTTPS proxy", () => {
  it("passes the edge stack (RESTRICTED, TLS 1.2) and MODERN", () => {
    expectPasses(EDGE06TlsPolicy, scope());
    expect(run(EDGE06TlsPolicy, scope())).toEqual([`${HTTPS_PROXY}: pass`]);
    const modern = mutate(EDGE, (j) => (one(j, "google_compute_ssl_policy").profile = "MODERN"));
    expectPasses(EDGE06TlsPolicy, scope(modern));
    expect(run(EDGE06TlsPolicy, scope(modern))).toEqual([`${HTTPS_PROXY}: pass`]);
  });
  it.each([
    ["TLS_1_0", { min_tls_version: "TLS_1_0" }, "min_tls_version is TLS_1_0"],
    ["TLS 1.1", { min_tls_version: "TLS_1_1" }, "min_tls_version is TLS_1_1"],
    ["no minimum", { min_tls_version: undefined }, "min_tls_version is TLS_1_0 (the default)"],
    ["profile COMPATIBLE", { profile: "COMPATIBLE" }, "profile is COMPATIBLE"],
    ["a CUSTOM profile", { profile: "CUSTOM" }, "profile is CUSTOM"],
  ])("fails %s", (_, change, message) => {
    const json = mutate(EDGE, (j) => Object.assign(one(j, "google_compute_ssl_policy"), change));
    expectFails(EDGE06TlsPolicy, scope(json), HTTPS_PROXY);
    const text = messageOf(EDGE06TlsPolicy, json);
    expect(text).toMatch(/^fail: /);
    expect(text).toContain(message);
  });
  it.each([
    ["min_tls_version", "min_tls_version is TLS_1_0 (the default)"],
    ["profile", "profile is COMPATIBLE (the default)"],
  ])("fails %s = null (unset: the provider's weak default)", (attribute, message) => {
    const json = mutate(EDGE, (j) => (one(j, "google_compute_ssl_policy")[attribute] = null));
    expectFails(EDGE06TlsPolicy, scope(json), HTTPS_PROXY);
    expect(messageOf(EDGE06TlsPolicy, json)).toContain(message);
  });
  it("fails a proxy whose ssl_policy is null (unset: COMPATIBLE with TLS 1.0)", () => {
    const json = mutate(EDGE, (j) => (one(j, "google_compute_target_https_proxy").ssl_policy = null));
    expectFails(EDGE06TlsPolicy, scope(json), HTTPS_PROXY);
    expect(messageOf(EDGE06TlsPolicy, json)).toContain("no ssl_policy");
  });
  it("fails a proxy without a policy and is unknown for one declared elsewhere or known after apply", () => {
    const missing = mutate(EDGE, (j) => delete one(j, "google_compute_target_https_proxy").ssl_policy);
    expectFails(EDGE06TlsPolicy, scope(missing), HTTPS_PROXY);
    expect(messageOf(EDGE06TlsPolicy, missing)).toContain(
      "no ssl_policy: the COMPATIBLE profile with TLS 1.0 applies",
    );
    const elsewhere = mutate(
      EDGE,
      (j) => (one(j, "google_compute_target_https_proxy").ssl_policy = "projects/p/global/sslPolicies/x"),
    );
    // The declared policy is then used by no proxy: it is judged on its own.
    expect(run(EDGE06TlsPolicy, scope(elsewhere))).toEqual([
      `${HTTPS_PROXY}: unknown`,
      `${address("google_compute_ssl_policy")}: pass`,
    ]);
    const minimum = markUnknown(scope(), address("google_compute_ssl_policy"), "min_tls_version");
    expect(run(EDGE06TlsPolicy, minimum)).toEqual([`${HTTPS_PROXY}: unknown`]);
  });
  describe("SSL policies no proxy uses", () => {
    const POLICY = { name: "legacy", min_tls_version: "TLS_1_0", profile: "COMPATIBLE" };

    it("fails a weak policy that no proxy uses, beside the proxy's compliant one", () => {
      const json = mutate(EDGE, (j) => (j.resource.google_compute_ssl_policy.legacy = { ...POLICY }));
      const [failed] = expectFails(EDGE06TlsPolicy, scope(json), "google_compute_ssl_policy.legacy");
      expect(failed.message).toBe(
        "google_compute_ssl_policy.legacy: min_tls_version is TLS_1_0, profile is COMPATIBLE",
      );
      expect(run(EDGE06TlsPolicy, scope(json))).toEqual([
        `${HTTPS_PROXY}: pass`,
        "google_compute_ssl_policy.legacy: fail",
      ]);
    });

    it("judges policies in an input with no proxy at all: weak fails, strong passes", () => {
      const alone = (policy: Record<string, unknown>) =>
        scopeOf(tf({ google_compute_region_ssl_policy: { p: { region: "europe-west2", ...policy } } }));
      expectFails(
        EDGE06TlsPolicy,
        alone({ min_tls_version: "TLS_1_2" }),
        "google_compute_region_ssl_policy.p",
      );
      expect(messageOf(EDGE06TlsPolicy, tf({ google_compute_ssl_policy: { p: {} } }))).toContain(
        "min_tls_version is TLS_1_0 (the default), profile is COMPATIBLE (the default)",
      );
      expectPasses(EDGE06TlsPolicy, alone({ min_tls_version: "TLS_1_2", profile: "MODERN" }));
    });

    it("is not applicable with neither a proxy nor a policy", () => {
      expect(run(EDGE06TlsPolicy, scopeOf(tf({ google_storage_bucket: { b: { name: "b" } } })))).toEqual([
        "project: not-applicable",
      ]);
    });
  });

  it("says in its claim that TLS 1.3 cannot be required with provider 6.50", () => {
    expect(EDGE06TlsPolicy.claim).toContain("1.3");
    expect(EDGE06TlsPolicy.claim).toContain("6.50");
    expect(EDGE06TlsPolicy.references).toEqual({
      cis: ["3.9"],
      checkov: ["CKV_GCP_4"],
      trivy: ["AVD-GCP-0039"],
    });
  });
});
