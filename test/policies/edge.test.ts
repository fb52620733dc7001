import { Testing } from "cdktf";
import type { Control } from "../../policies/control";
import { EDGE_CONTROLS } from "../../policies/controls/edge";
import { EDGE04AdaptiveProtection } from "../../policies/controls/edge/EDGE-04-adaptive-protection";
import { EDGE01CloudArmorAttached } from "../../policies/controls/edge/EDGE-01-cloud-armor-attached";
import { EDGE07HttpRedirectOnly } from "../../policies/controls/edge/EDGE-07-http-redirect-only";
import { EDGE09LbLogging } from "../../policies/controls/edge/EDGE-09-lb-logging";
import { EDGE10ManagedCertificates } from "../../policies/controls/edge/EDGE-10-managed-certificates";
import { EDGE02OwaspWafRules, ruleSetsIn } from "../../policies/controls/edge/EDGE-02-owasp-waf-rules";
import { EDGE03RateLimits } from "../../policies/controls/edge/EDGE-03-rate-limits";
import { EDGE05RequestValidation } from "../../policies/controls/edge/EDGE-05-request-validation";
import { EDGE08SecurityHeaders } from "../../policies/controls/edge/EDGE-08-security-headers";
import { EDGE06TlsPolicy } from "../../policies/controls/edge/EDGE-06-tls-policy";
import type { Scope } from "../../policies/model/types";
import { EdgeStack } from "../../stacks/edge";
import { type Attrs, markUnknown, mutate, run, scopeOf } from "../support/control-fixtures";
import { scopeFromStacks } from "../support/scope";
import { defaultConfig, synthBaseline } from "../support/synth";

/** The real prod-edge stack of the default configuration: the compliant fixture every mutation starts from. */
const EDGE: Attrs = (() => {
  const config = defaultConfig();
  const prod = config.environments.find((env) => env.name === "prod")!;
  return JSON.parse(Testing.synth(new EdgeStack(Testing.app(), config, prod)));
})();

/** The only resource of a type in a (mutable copy of the) fixture, and its Terraform address. */
function one(json: Attrs, type: string): Attrs {
  const all = Object.values(json.resource[type] ?? {}) as Attrs[];
  if (all.length !== 1) throw new Error(`expected one ${type}, found ${all.length}`);
  return all[0];
}
function address(type: string, json: Attrs = EDGE): string {
  const names = Object.keys(json.resource[type]);
  return `${type}.${names[0]}`;
}
const ref = (type: string) => `\${${address(type)}.id}`;
const findUrlMap = (json: Attrs, suffix: string) =>
  (Object.values(json.resource.google_compute_url_map) as Attrs[]).find((map) => map.name.endsWith(suffix))!;
const armorRules = (json: Attrs): Attrs[] => one(json, "google_compute_security_policy").rule;
const ruleAt = (json: Attrs, priority: number) =>
  armorRules(json).find((rule) => rule.priority === priority)!;
const dropRules = (json: Attrs, keep: (rule: Attrs) => boolean) => {
  const policy = one(json, "google_compute_security_policy");
  policy.rule = policy.rule.filter(keep);
};
const expression = (rule: Attrs): string => rule.match.expr?.expression ?? "";

const scope = (json: Attrs = EDGE): Scope => scopeOf(json);
const messageOf = (control: Control, json: Attrs): string =>
  control
    .evaluate(scope(json))
    .map((r) => `${r.status}: ${r.message}`)
    .join("\n");

const POLICY = address("google_compute_security_policy");
const BACKEND = address("google_compute_backend_service");
const HTTPS_PROXY = address("google_compute_target_https_proxy");
const HTTP_PROXY = address("google_compute_target_http_proxy");

describe("EDGE controls", () => {
  it("are numbered EDGE-01..10 in order, with every text filled in", () => {
    expect(EDGE_CONTROLS.map((c) => c.id)).toEqual(
      Array.from({ length: 10 }, (_, i) => `EDGE-${String(i + 1).padStart(2, "0")}`),
    );
    for (const control of EDGE_CONTROLS) {
      for (const text of [
        control.title,
        control.claim,
        control.rationale,
        control.remediation,
        control.implementation,
      ]) {
        expect(text.length).toBeGreaterThan(10);
      }
    }
  });

  it("pass on every environment of the synthesized default baseline, across all its stacks", () => {
    const stacks = synthBaseline();
    for (const env of ["staging", "prod"]) {
      const envStacks = Object.fromEntries(
        Object.entries(stacks).filter(([name]) => name.startsWith(`${env}-`)),
      );
      const results = EDGE_CONTROLS.flatMap((c) =>
        c.evaluate(scopeFromStacks(envStacks, env)).map((r) => `${c.id} ${r.status}`),
      );
      expect(results).toEqual(EDGE_CONTROLS.map((c) => `${c.id} pass`));
    }
  });

  describe("EDGE-01 Cloud Armor attached", () => {
    it("passes the edge stack and fails a backend service with the policy detached", () => {
      expect(run(EDGE01CloudArmorAttached, scope())).toEqual([`${BACKEND}: pass`]);
      const detached = mutate(EDGE, (j) => delete one(j, "google_compute_backend_service").security_policy);
      expect(messageOf(EDGE01CloudArmorAttached, detached)).toBe(
        `fail: ${BACKEND}: no security_policy: no Cloud Armor rule applies`,
      );
    });
    it("accepts a declared policy named literally, and is unknown for a policy declared nowhere", () => {
      const byName = mutate(
        EDGE,
        (j) => (one(j, "google_compute_backend_service").security_policy = "acme-prod-edge-armor"),
      );
      expect(run(EDGE01CloudArmorAttached, scope(byName))).toEqual([`${BACKEND}: pass`]);
      const elsewhere = mutate(
        EDGE,
        (j) =>
          (one(j, "google_compute_backend_service").security_policy =
            "projects/p/global/securityPolicies/other"),
      );
      expect(run(EDGE01CloudArmorAttached, scope(elsewhere))).toEqual([`${BACKEND}: unknown`]);
      expect(run(EDGE01CloudArmorAttached, markUnknown(scope(), BACKEND, "security_policy"))).toEqual([
        `${BACKEND}: unknown`,
      ]);
    });
    it("ignores internal backend services and is not applicable without external ones", () => {
      const internal = mutate(EDGE, (j) => {
        const service = one(j, "google_compute_backend_service");
        service.load_balancing_scheme = "INTERNAL_MANAGED";
        delete service.security_policy;
      });
      expect(run(EDGE01CloudArmorAttached, scope(internal))).toEqual(["project: not-applicable"]);
    });
    it("judges a scheme set from an expression and regional external backend services", () => {
      const computed = mutate(EDGE, (j) => {
        const service = one(j, "google_compute_backend_service");
        service.load_balancing_scheme = "${var.scheme}";
        delete service.security_policy;
      });
      expect(run(EDGE01CloudArmorAttached, scope(computed))).toEqual([`${BACKEND}: fail`]);
      const regional = mutate(EDGE, (j) => {
        j.resource.google_compute_region_backend_service = {
          public: { name: "public", region: "europe-west2", load_balancing_scheme: "EXTERNAL_MANAGED" },
          internal: { name: "internal", region: "europe-west2" },
        };
      });
      expect(run(EDGE01CloudArmorAttached, scope(regional))).toEqual([
        `${BACKEND}: pass`,
        "google_compute_region_backend_service.public: fail",
      ]);
    });
  });

  describe("EDGE-02 OWASP WAF rules", () => {
    it("passes the edge stack", () => {
      expect(run(EDGE02OwaspWafRules, scope())).toEqual([`${POLICY}: pass`]);
    });
    it("is unknown when a WAF rule's preview switch is set from an expression (it may only log)", () => {
      const json = mutate(EDGE, (j) => {
        for (const rule of armorRules(j))
          if (expression(rule).includes("sqli-v33")) rule.preview = "${var.p}";
      });
      expect(run(EDGE02OwaspWafRules, scope(json))).toEqual([`${POLICY}: unknown`]);
    });
    it("fails when a rule set is removed, naming it", () => {
      const json = mutate(EDGE, (j) => dropRules(j, (rule) => !expression(rule).includes("sqli-v33")));
      expect(messageOf(EDGE02OwaspWafRules, json)).toBe(`fail: ${POLICY}: not enforced in deny mode: sqli`);
    });
    it("fails a rule set that only logs, allows, or has sensitivity 0", () => {
      const preview = mutate(EDGE, (j) => (ruleAt(j, 2010).preview = true));
      expect(messageOf(EDGE02OwaspWafRules, preview)).toContain(
        "not enforced in deny mode: xss (rule 2010 (deny(403)) is in preview",
      );
      const allow = mutate(EDGE, (j) => (ruleAt(j, 2090).action = "allow"));
      expect(messageOf(EDGE02OwaspWafRules, allow)).toContain("cve-canary (rule 2090 (allow) does not deny)");
      const off = mutate(
        EDGE,
        (j) =>
          (ruleAt(j, 2020).match.expr.expression =
            "evaluatePreconfiguredWaf('lfi-v33-stable', {'sensitivity': 0})"),
      );
      expect(messageOf(EDGE02OwaspWafRules, off)).toContain("not enforced in deny mode: lfi");
    });
    it("fails WAF rules that an earlier allow-all or rate-limit rule lets requests around", () => {
      const allowAll = mutate(EDGE, (j) =>
        armorRules(j).push({
          priority: 10,
          action: "allow",
          match: { versioned_expr: "SRC_IPS_V1", config: { src_ip_ranges: ["*"] } },
        }),
      );
      expect(messageOf(EDGE02OwaspWafRules, allowAll)).toContain(
        "comes after rule 10 (allow), which lets requests through first",
      );
      const throttleFirst = mutate(EDGE, (j) => (ruleAt(j, 3000).priority = 500));
      expect(messageOf(EDGE02OwaspWafRules, throttleFirst)).toContain(
        "rule 2000 (deny(403)) comes after rule 500 (rate_based_ban)",
      );
    });
    it("reads rules written as a plan does: blocks as one-item lists, absent blocks as [] and null", () => {
      const planShaped = mutate(EDGE, (j) => {
        for (const rule of armorRules(j)) {
          rule.match = [
            {
              ...rule.match,
              expr: rule.match.expr ? [rule.match.expr] : [],
              config: rule.match.config ? [rule.match.config] : [],
            },
          ];
          rule.rate_limit_options = rule.rate_limit_options ? [rule.rate_limit_options] : [];
          rule.preview = null;
        }
      });
      for (const control of [EDGE02OwaspWafRules, EDGE03RateLimits, EDGE05RequestValidation]) {
        expect(run(control, scope(planShaped))).toEqual([`${POLICY}: pass`]);
      }
    });
    it("recognises CRS 3.3 and 4.22, stable and canary, and ignores other rule sets", () => {
      expect(
        ruleSetsIn(
          "evaluatePreconfiguredWaf('sqli-v422-canary') || evaluatePreconfiguredExpr('xss-v33-stable')",
        ),
      ).toEqual(["sqli", "xss"]);
      expect(ruleSetsIn("evaluatePreconfiguredWaf('php-v33-stable', {'sensitivity': 2})")).toEqual([]);
    });
    it("fails at project level when the only policy is detached, and is unknown when rules are", () => {
      const detached = mutate(EDGE, (j) => delete one(j, "google_compute_backend_service").security_policy);
      expect(run(EDGE02OwaspWafRules, scope(detached))).toEqual(["project: fail"]);
      expect(run(EDGE02OwaspWafRules, markUnknown(scope(), POLICY, "rule"))).toEqual([`${POLICY}: unknown`]);
    });
  });

  describe("EDGE-03 rate limits", () => {
    it("passes the edge stack", () => {
      expect(run(EDGE03RateLimits, scope())).toEqual([`${POLICY}: pass`]);
    });
    it("fails without rate limiting, naming what is missing", () => {
      const none = mutate(EDGE, (j) => dropRules(j, (rule) => rule.action !== "rate_based_ban"));
      expect(messageOf(EDGE03RateLimits, none)).toBe(
        `fail: ${POLICY}: no enforced rate_based_ban with a ban duration per client IP or per header value`,
      );
      const noIp = mutate(EDGE, (j) => dropRules(j, (rule) => rule.priority !== 3100));
      expect(messageOf(EDGE03RateLimits, noIp)).toContain("with a ban duration per client IP;");
    });
    it("fails a throttle (no ban), a limit on one shared key, and a ban with no duration", () => {
      const throttle = mutate(EDGE, (j) => {
        ruleAt(j, 3000).action = "throttle";
        delete ruleAt(j, 3000).rate_limit_options.ban_duration_sec;
      });
      expect(messageOf(EDGE03RateLimits, throttle)).toContain("per header value; found rule 3000 (throttle)");
      const shared = mutate(EDGE, (j) => delete ruleAt(j, 3100).rate_limit_options.enforce_on_key);
      expect(run(EDGE03RateLimits, scope(shared))).toEqual([`${POLICY}: fail`]);
      const noBan = mutate(EDGE, (j) => delete ruleAt(j, 3100).rate_limit_options.ban_duration_sec);
      expect(run(EDGE03RateLimits, scope(noBan))).toEqual([`${POLICY}: fail`]);
    });
    it("accepts a single enforce_on_key_configs entry as the key", () => {
      const configs = mutate(EDGE, (j) => {
        const options = ruleAt(j, 3100).rate_limit_options;
        options.enforce_on_key = "";
        options.enforce_on_key_configs = [{ enforce_on_key_type: "IP" }];
      });
      expect(run(EDGE03RateLimits, scope(configs))).toEqual([`${POLICY}: pass`]);
    });
  });

  describe("EDGE-04 Adaptive Protection", () => {
    it("passes the edge stack and fails with it off or absent", () => {
      expect(run(EDGE04AdaptiveProtection, scope())).toEqual([`${POLICY}: pass`]);
      const off = mutate(
        EDGE,
        (j) =>
          (one(
            j,
            "google_compute_security_policy",
          ).adaptive_protection_config.layer_7_ddos_defense_config.enable = false),
      );
      expect(run(EDGE04AdaptiveProtection, scope(off))).toEqual([`${POLICY}: fail`]);
      const absent = mutate(
        EDGE,
        (j) => delete one(j, "google_compute_security_policy").adaptive_protection_config,
      );
      expect(messageOf(EDGE04AdaptiveProtection, absent)).toBe(
        `fail: ${POLICY}: Adaptive Protection is off (the default)`,
      );
    });
    it("is unknown when the setting is known only after apply", () => {
      const unknown = markUnknown(
        scope(),
        POLICY,
        "adaptive_protection_config.layer_7_ddos_defense_config.enable",
      );
      expect(run(EDGE04AdaptiveProtection, unknown)).toEqual([`${POLICY}: unknown`]);
    });
  });

  describe("EDGE-05 oversized bodies and bad user agents", () => {
    it("passes the edge stack", () => {
      expect(run(EDGE05RequestValidation, scope())).toEqual([`${POLICY}: pass`]);
    });
    it("fails without the body-size rule, and with user-agent rules only in preview", () => {
      const noSize = mutate(EDGE, (j) =>
        dropRules(j, (rule) => !expression(rule).includes("content-length")),
      );
      expect(messageOf(EDGE05RequestValidation, noSize)).toBe(
        `fail: ${POLICY}: nothing denies oversized bodies (Content-Length)`,
      );
      const preview = mutate(EDGE, (j) =>
        armorRules(j)
          .filter((r) => expression(r).includes("user-agent"))
          .forEach((r) => (r.preview = true)),
      );
      expect(messageOf(EDGE05RequestValidation, preview)).toContain(
        "nothing denies blocked user agents (User-Agent) (rule 1100 (deny(403)) is in preview",
      );
    });
  });

  describe("EDGE-06 SSL policy", () => {
    it("passes the edge stack (RESTRICTED, TLS 1.2) and MODERN", () => {
      expect(run(EDGE06TlsPolicy, scope())).toEqual([`${HTTPS_PROXY}: pass`]);
      const modern = mutate(EDGE, (j) => (one(j, "google_compute_ssl_policy").profile = "MODERN"));
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
      const text = messageOf(EDGE06TlsPolicy, json);
      expect(text).toMatch(/^fail: /);
      expect(text).toContain(message);
    });
    it("fails a proxy without a policy and is unknown for one declared elsewhere or known after apply", () => {
      const missing = mutate(EDGE, (j) => delete one(j, "google_compute_target_https_proxy").ssl_policy);
      expect(messageOf(EDGE06TlsPolicy, missing)).toContain(
        "no ssl_policy: the COMPATIBLE profile with TLS 1.0 applies",
      );
      const elsewhere = mutate(
        EDGE,
        (j) => (one(j, "google_compute_target_https_proxy").ssl_policy = "projects/p/global/sslPolicies/x"),
      );
      expect(run(EDGE06TlsPolicy, scope(elsewhere))).toEqual([`${HTTPS_PROXY}: unknown`]);
      const minimum = markUnknown(scope(), address("google_compute_ssl_policy"), "min_tls_version");
      expect(run(EDGE06TlsPolicy, minimum)).toEqual([`${HTTPS_PROXY}: unknown`]);
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

  describe("EDGE-07 HTTP only redirects", () => {
    it("passes the edge stack", () => {
      expect(run(EDGE07HttpRedirectOnly, scope())).toEqual([`${HTTP_PROXY}: pass`]);
    });
    it("fails an HTTP URL map that serves content instead of redirecting", () => {
      const serving = mutate(EDGE, (j) => {
        const map = findUrlMap(j, "-http-redirect");
        delete map.default_url_redirect;
        map.default_service = ref("google_compute_backend_service");
      });
      expect(messageOf(EDGE07HttpRedirectOnly, serving)).toContain(
        "default_url_redirect.https_redirect is not true; it serves content (default_service)",
      );
      const sharedMap = mutate(
        EDGE,
        (j) =>
          (one(j, "google_compute_target_http_proxy").url_map = one(
            j,
            "google_compute_target_https_proxy",
          ).url_map),
      );
      expect(messageOf(EDGE07HttpRedirectOnly, sharedMap)).toContain(
        "it serves content (host_rule, path_matcher)",
      );
    });
    it("fails a redirect that keeps the scheme", () => {
      const plain = mutate(
        EDGE,
        (j) => (findUrlMap(j, "-http-redirect").default_url_redirect.https_redirect = false),
      );
      expect(run(EDGE07HttpRedirectOnly, scope(plain))).toEqual([`${HTTP_PROXY}: fail`]);
    });
  });

  describe("EDGE-08 security headers", () => {
    const withHeaders = (change: (headers: string[]) => string[]) =>
      mutate(EDGE, (j) => {
        const service = one(j, "google_compute_backend_service");
        service.custom_response_headers = change(service.custom_response_headers);
      });
    it("passes the edge stack", () => {
      expect(run(EDGE08SecurityHeaders, scope())).toEqual([`${BACKEND}: pass`]);
    });
    it.each([
      "Strict-Transport-Security",
      "X-Content-Type-Options",
      "X-Frame-Options",
      "Content-Security-Policy",
      "Referrer-Policy",
    ])("fails when %s is missing, naming it", (name) => {
      const json = withHeaders((headers) => headers.filter((h) => !h.startsWith(`${name}:`)));
      expect(messageOf(EDGE08SecurityHeaders, json)).toBe(`fail: ${BACKEND}: ${name} missing`);
    });
    it("fails weak values: a short or subdomain-less HSTS, a wildcard CSP, an unsafe referrer policy", () => {
      const replace = (name: string, value: string) =>
        withHeaders((headers) => headers.map((h) => (h.startsWith(`${name}:`) ? `${name}: ${value}` : h)));
      expect(
        messageOf(
          EDGE08SecurityHeaders,
          replace("Strict-Transport-Security", "max-age=300; includeSubDomains"),
        ),
      ).toContain('Strict-Transport-Security is "max-age=300; includeSubDomains"');
      expect(
        run(EDGE08SecurityHeaders, scope(replace("Strict-Transport-Security", "max-age=63072000"))),
      ).toEqual([`${BACKEND}: fail`]);
      expect(run(EDGE08SecurityHeaders, scope(replace("Content-Security-Policy", "default-src *")))).toEqual([
        `${BACKEND}: fail`,
      ]);
      expect(run(EDGE08SecurityHeaders, scope(replace("Referrer-Policy", "unsafe-url")))).toEqual([
        `${BACKEND}: fail`,
      ]);
      expect(run(EDGE08SecurityHeaders, scope(replace("X-Frame-Options", "SAMEORIGIN")))).toEqual([
        `${BACKEND}: pass`,
      ]);
    });
    it("is unknown when the headers are known only after apply", () => {
      expect(run(EDGE08SecurityHeaders, markUnknown(scope(), BACKEND, "custom_response_headers"))).toEqual([
        `${BACKEND}: unknown`,
      ]);
    });
  });

  describe("EDGE-09 load balancer logging", () => {
    it("passes the edge stack and the provider's default sample rate", () => {
      expect(run(EDGE09LbLogging, scope())).toEqual([`${BACKEND}: pass`]);
      const defaultRate = mutate(
        EDGE,
        (j) => delete one(j, "google_compute_backend_service").log_config.sample_rate,
      );
      expect(run(EDGE09LbLogging, scope(defaultRate))).toEqual([`${BACKEND}: pass`]);
    });
    it("fails logging off or sampled", () => {
      const off = mutate(EDGE, (j) => delete one(j, "google_compute_backend_service").log_config);
      expect(messageOf(EDGE09LbLogging, off)).toContain("logging is off");
      const sampled = mutate(
        EDGE,
        (j) => (one(j, "google_compute_backend_service").log_config.sample_rate = 0.5),
      );
      expect(messageOf(EDGE09LbLogging, sampled)).toContain("only a 0.5 sample of requests is logged");
    });
  });

  describe("EDGE-10 managed certificates", () => {
    it("passes the edge stack", () => {
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
      expect(run(EDGE10ManagedCertificates, scope(json))).toEqual([
        `${HTTPS_PROXY}: fail`,
        "google_compute_ssl_certificate.own: fail",
      ]);
      expect(messageOf(EDGE10ManagedCertificates, json)).toContain(
        "its private key is stored in Terraform state",
      );
    });
  });
});
