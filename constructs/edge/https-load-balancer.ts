import { createHash } from "node:crypto";
import { Construct } from "constructs";
import { ComputeBackendService } from "@cdktf/provider-google/lib/compute-backend-service";
import { ComputeGlobalAddress } from "@cdktf/provider-google/lib/compute-global-address";
import { ComputeGlobalForwardingRule } from "@cdktf/provider-google/lib/compute-global-forwarding-rule";
import { ComputeManagedSslCertificate } from "@cdktf/provider-google/lib/compute-managed-ssl-certificate";
import { ComputeTargetHttpProxy } from "@cdktf/provider-google/lib/compute-target-http-proxy";
import { ComputeTargetHttpsProxy } from "@cdktf/provider-google/lib/compute-target-https-proxy";
import { ComputeUrlMap } from "@cdktf/provider-google/lib/compute-url-map";
import type { EdgeBackend } from "./backends";
import { DEFAULT_CONTENT_SECURITY_POLICY, securityHeaders } from "./security-headers";
import { type TlsProfile, TlsPolicy } from "./ssl-policy";

const SCHEME = "EXTERNAL_MANAGED";
const MAX_CERTIFICATE_DOMAINS = 100;

export interface HttpsLoadBalancerProps {
  /** Prefix of every resource name, e.g. acme-prod-edge. */
  readonly name: string;
  /** Hostnames served; the first is where requests for any other Host are redirected. */
  readonly domains: readonly string[];
  readonly backend: EdgeBackend;
  /** Id of the Cloud Armor policy attached to the backend service. */
  readonly securityPolicy: string;
  readonly sslProfile?: TlsProfile;
  readonly contentSecurityPolicy?: string;
}

/**
 * A global external Application Load Balancer (EXTERNAL_MANAGED) that guarantees: HTTPS only with a
 * Google-managed certificate and an SSL policy of TLS 1.2 or higher; port 80 answering nothing but a 301
 * to HTTPS; both on one reserved static IP; a Cloud Armor policy on the backend service; HSTS and the other
 * security headers on every response; every request logged (sample rate 1.0); 0-RTT early data refused;
 * content served only for the configured hostnames.
 */
export class HttpsLoadBalancer extends Construct {
  readonly address: ComputeGlobalAddress;
  readonly backendService: ComputeBackendService;
  readonly certificate: ComputeManagedSslCertificate;
  readonly httpsProxy: ComputeTargetHttpsProxy;
  readonly httpProxy: ComputeTargetHttpProxy;

  constructor(scope: Construct, id: string, props: HttpsLoadBalancerProps) {
    super(scope, id);
    const { name, domains } = props;
    if (domains.length === 0 || domains.length > MAX_CERTIFICATE_DOMAINS) {
      throw new Error(`HttpsLoadBalancer ${name}: needs 1 to ${MAX_CERTIFICATE_DOMAINS} domains`);
    }
    this.address = new ComputeGlobalAddress(this, "address", { name: `${name}-ip`, ipVersion: "IPV4" });

    this.backendService = new ComputeBackendService(this, "backend-service", {
      name: `${name}-backend`,
      loadBalancingScheme: SCHEME,
      backend: [{ group: props.backend.group }],
      healthChecks: props.backend.healthChecks,
      securityPolicy: props.securityPolicy,
      customResponseHeaders: securityHeaders(props.contentSecurityPolicy ?? DEFAULT_CONTENT_SECURITY_POLICY),
      logConfig: { enable: true, sampleRate: 1 },
    });

    // Unknown Host headers (scanners hitting the bare IP) get a redirect, never the application.
    const urlMap = new ComputeUrlMap(this, "url-map", {
      name: `${name}-routes`,
      defaultUrlRedirect: { hostRedirect: domains[0], stripQuery: false },
      hostRule: [{ hosts: [...domains], pathMatcher: "app" }],
      pathMatcher: [{ name: "app", defaultService: this.backendService.id }],
    });
    // The name follows the domains because a managed certificate cannot change its domains in place.
    this.certificate = new ComputeManagedSslCertificate(this, "certificate", {
      name: `${name}-cert-${digest(domains)}`,
      managed: { domains: [...domains] },
      lifecycle: { createBeforeDestroy: true },
    });
    const tls = new TlsPolicy(this, "tls", { name: `${name}-tls`, profile: props.sslProfile });
    this.httpsProxy = new ComputeTargetHttpsProxy(this, "https-proxy", {
      name: `${name}-https`,
      urlMap: urlMap.id,
      sslCertificates: [this.certificate.id],
      sslPolicy: tls.policy.id,
      // 0-RTT data can be replayed by an attacker; refusing it costs one round trip on resumption.
      tlsEarlyData: "DISABLED",
    });
    this.forward(name, "https", this.httpsProxy.id);

    const redirect = new ComputeUrlMap(this, "redirect-url-map", {
      name: `${name}-http-redirect`,
      defaultUrlRedirect: {
        httpsRedirect: true,
        stripQuery: false,
        redirectResponseCode: "MOVED_PERMANENTLY_DEFAULT",
      },
    });
    this.httpProxy = new ComputeTargetHttpProxy(this, "http-proxy", {
      name: `${name}-http`,
      urlMap: redirect.id,
    });
    this.forward(name, "http", this.httpProxy.id);
  }

  /** A forwarding rule on the shared static IP. */
  private forward(prefix: string, protocol: "https" | "http", target: string): void {
    new ComputeGlobalForwardingRule(this, `${protocol}-forwarding-rule`, {
      name: `${prefix}-${protocol}`,
      loadBalancingScheme: SCHEME,
      ipProtocol: "TCP",
      portRange: protocol === "https" ? "443" : "80",
      ipAddress: this.address.id,
      target,
    });
  }
}

function digest(domains: readonly string[]): string {
  return createHash("sha256").update(domains.join(",")).digest("hex").slice(0, 8);
}
