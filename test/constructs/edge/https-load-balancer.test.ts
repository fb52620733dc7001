import type { TerraformStack } from "cdktf";
import { ArmorPolicy } from "../../../constructs/edge/armor-policy";
import { CloudRunBackend, InstanceGroupBackend } from "../../../constructs/edge/backends";
import { HttpsLoadBalancer, type HttpsLoadBalancerProps } from "../../../constructs/edge/https-load-balancer";
import { ProjectOrgPolicies } from "../../../constructs/iam/project-org-policies";
import { familyControls } from "../../../policies/controls";
import { scopeFromTerraformJson } from "../../support/scope";
import {
  type Attributes,
  type TerraformJson,
  attributesOf,
  findResource,
  synthScope,
} from "../../support/synth";

const EDGE_CONTROLS = familyControls("EDGE");

const ref = (type: string, json: TerraformJson, attribute = "id") => {
  const [name] = Object.keys(json.resource?.[type] ?? {});
  return `\${${type}.${name}.${attribute}}`;
};
const only = (json: TerraformJson, type: string): Attributes => {
  const all = attributesOf(json, type);
  expect(all).toHaveLength(1);
  return all[0];
};

/** A bare load balancer in front of a Cloud Run service, behind a bare Armor policy. */
function bare(
  props: Partial<HttpsLoadBalancerProps> = {},
  define?: (stack: TerraformStack) => void,
): TerraformJson {
  return synthScope((stack) => {
    const armor = new ArmorPolicy(stack, "armor", { name: "edge-armor" });
    const backend = new CloudRunBackend(stack, "origin", {
      name: "edge-run",
      region: "europe-west2",
      service: "web",
    });
    new HttpsLoadBalancer(stack, "lb", {
      name: "edge",
      domains: ["app.example.com", "www.example.com"],
      backend,
      securityPolicy: armor.policy.id,
      ...props,
    });
    define?.(stack);
  });
}

describe("HttpsLoadBalancer", () => {
  const json = bare();

  it("used bare with a bare ArmorPolicy, passes every EDGE control but EDGE-11, which needs the project's run.allowedIngress policy", () => {
    const scope = scopeFromTerraformJson(json);
    const results = EDGE_CONTROLS.flatMap((control) =>
      control.evaluate(scope).map((result) => `${control.id} ${result.status}`),
    );
    expect(results).toEqual(
      EDGE_CONTROLS.map((control) => `${control.id} ${control.id === "EDGE-11" ? "fail" : "pass"}`),
    );
  });

  it("with ProjectOrgPolicies beside it (as the foundation stack sets them), passes every EDGE control", () => {
    const guarded = bare({}, (stack) => {
      new ProjectOrgPolicies(stack, "guardrails", {
        projectNumber: "123456789012",
        allowedRegions: ["europe-west2"],
      });
    });
    const scope = scopeFromTerraformJson(guarded);
    const results = EDGE_CONTROLS.flatMap((control) =>
      control.evaluate(scope).map((result) => `${control.id} ${result.status}`),
    );
    expect(results).toEqual(EDGE_CONTROLS.map((control) => `${control.id} pass`));
  });

  it("serves HTTPS and HTTP on one reserved IP, all EXTERNAL_MANAGED", () => {
    const rules = attributesOf(json, "google_compute_global_forwarding_rule");
    expect(
      rules.map((rule) => [rule.name, rule.port_range, rule.ip_address, rule.load_balancing_scheme]),
    ).toEqual([
      ["edge-http", "80", ref("google_compute_global_address", json), "EXTERNAL_MANAGED"],
      ["edge-https", "443", ref("google_compute_global_address", json), "EXTERNAL_MANAGED"],
    ]);
    expect(only(json, "google_compute_backend_service").load_balancing_scheme).toBe("EXTERNAL_MANAGED");
    expect(only(json, "google_compute_global_address")).toEqual({ name: "edge-ip", ip_version: "IPV4" });
  });

  it("answers port 80 with nothing but a 301 to HTTPS that keeps the query", () => {
    const proxy = only(json, "google_compute_target_http_proxy");
    const map = findResource(json, "google_compute_url_map", "name", "edge-http-redirect");
    expect(proxy.url_map).toMatch(/^\$\{google_compute_url_map\.lb_redirect-url-map_/);
    expect(map).toEqual({
      name: "edge-http-redirect",
      default_url_redirect: {
        https_redirect: true,
        strip_query: false,
        redirect_response_code: "MOVED_PERMANENTLY_DEFAULT",
      },
    });
  });

  it("serves the backend only for the configured hosts and redirects any other Host to the first domain", () => {
    const map = findResource(json, "google_compute_url_map", "name", "edge-routes");
    expect(map.default_service).toBeUndefined();
    expect(map.default_url_redirect).toEqual({ host_redirect: "app.example.com", strip_query: false });
    expect(map.host_rule).toEqual([{ hosts: ["app.example.com", "www.example.com"], path_matcher: "app" }]);
    expect(map.path_matcher).toEqual([
      { name: "app", default_service: ref("google_compute_backend_service", json) },
    ]);
  });

  it("terminates TLS with a Google-managed certificate and a RESTRICTED TLS 1.2 policy, refusing 0-RTT", () => {
    const proxy = only(json, "google_compute_target_https_proxy");
    expect(proxy.ssl_certificates).toEqual([ref("google_compute_managed_ssl_certificate", json)]);
    expect(proxy.ssl_policy).toBe(ref("google_compute_ssl_policy", json));
    expect(proxy.tls_early_data).toBe("DISABLED");
    expect(only(json, "google_compute_ssl_policy")).toMatchObject({
      profile: "RESTRICTED",
      min_tls_version: "TLS_1_2",
    });
    const certificate = only(json, "google_compute_managed_ssl_certificate");
    expect(certificate.managed).toEqual({ domains: ["app.example.com", "www.example.com"] });
    expect(certificate.lifecycle).toEqual({ create_before_destroy: true });
    expect(attributesOf(json, "google_compute_ssl_certificate")).toEqual([]);
  });

  it("renames the certificate when the domains change, so a new one is issued before the old goes", () => {
    const other = only(bare({ domains: ["app.example.com"] }), "google_compute_managed_ssl_certificate").name;
    const same = only(bare(), "google_compute_managed_ssl_certificate").name;
    expect(same).toBe(only(json, "google_compute_managed_ssl_certificate").name);
    expect(other).not.toBe(same);
    expect(other).toMatch(/^edge-cert-[0-9a-f]{8}$/);
  });

  it("uses the MODERN profile when asked, still with TLS 1.2 minimum", () => {
    const policy = only(bare({ sslProfile: "MODERN" }), "google_compute_ssl_policy");
    expect(policy).toMatchObject({ profile: "MODERN", min_tls_version: "TLS_1_2" });
  });

  it("attaches the Armor policy, logs every request and adds the security headers", () => {
    const service = only(json, "google_compute_backend_service");
    expect(service.security_policy).toBe(ref("google_compute_security_policy", json));
    expect(service.log_config).toEqual({ enable: true, sample_rate: 1 });
    expect(service.backend).toEqual([{ group: ref("google_compute_region_network_endpoint_group", json) }]);
    expect(service.custom_response_headers).toEqual([
      "Strict-Transport-Security: max-age=31536000; includeSubDomains",
      "X-Content-Type-Options: nosniff",
      "X-Frame-Options: DENY",
      "Content-Security-Policy: default-src 'self'; frame-ancestors 'none'; object-src 'none'; base-uri 'self'",
      "Referrer-Policy: strict-origin-when-cross-origin",
    ]);
    const custom = only(
      bare({ contentSecurityPolicy: "default-src 'none'" }),
      "google_compute_backend_service",
    );
    expect(custom.custom_response_headers).toContain("Content-Security-Policy: default-src 'none'");
  });

  it("fronts a Cloud Run service through a serverless NEG in its region", () => {
    expect(only(json, "google_compute_region_network_endpoint_group")).toEqual({
      name: "edge-run",
      region: "europe-west2",
      network_endpoint_type: "SERVERLESS",
      cloud_run: { service: "web" },
    });
  });

  it("fronts an instance group with a logged HTTP health check", () => {
    const json = synthScope((stack) => {
      const backend = new InstanceGroupBackend(stack, "origin", {
        name: "edge",
        instanceGroup: "projects/p/regions/europe-west2/instanceGroups/web",
        port: 8080,
        healthCheckPath: "/healthz",
      });
      new HttpsLoadBalancer(stack, "lb", {
        name: "edge",
        domains: ["app.example.com"],
        backend,
        securityPolicy: "projects/p/global/securityPolicies/armor",
      });
    });
    expect(only(json, "google_compute_health_check")).toEqual({
      name: "edge-hc",
      http_health_check: { port: 8080, request_path: "/healthz" },
      log_config: { enable: true },
    });
    const service = only(json, "google_compute_backend_service");
    expect(service.backend).toEqual([{ group: "projects/p/regions/europe-west2/instanceGroups/web" }]);
    expect(service.health_checks).toEqual([ref("google_compute_health_check", json)]);
  });

  it.each([
    ["no domain", []],
    ["101 domains", Array.from({ length: 101 }, (_, i) => `h${i}.example.com`)],
  ])("refuses %s (a managed certificate holds 1 to 100)", (_, domains) => {
    expect(() => bare({ domains })).toThrow("HttpsLoadBalancer edge: needs 1 to 100 domains");
  });
});
