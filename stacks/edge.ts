import type { Construct } from "constructs";
import type { Config, EnvironmentConfig } from "../config/schema";
import { ArmorPolicy } from "../constructs/edge/armor-policy";
import { CloudRunBackend, type EdgeBackend, InstanceGroupBackend } from "../constructs/edge/backends";
import { HttpsLoadBalancer } from "../constructs/edge/https-load-balancer";
import { BaselineStack } from "./baseline-stack";
import { envPrefix } from "../shared/stack-naming";

/**
 * The internet edge of one environment: a global external Application Load Balancer for the configured
 * domains in front of the configured backend, behind a Cloud Armor policy built from the `edge` section.
 */
export class EdgeStack extends BaselineStack {
  readonly armor: ArmorPolicy;
  readonly loadBalancer: HttpsLoadBalancer;

  constructor(scope: Construct, config: Config, env: EnvironmentConfig) {
    super(scope, config, env, "edge");
    const edge = env.edge;
    const name = `${envPrefix(env)}-edge`;
    this.armor = new ArmorPolicy(this, "armor", {
      name: `${name}-armor`,
      wafSensitivity: edge.waf.sensitivity,
      perIpRateLimit: edge.rateLimits.perIp,
      perHeaderRateLimit: edge.rateLimits.perHeader,
      maxRequestBodyBytes: edge.maxRequestBodyBytes,
      blockedUserAgents: edge.blockedUserAgents,
      verboseLogging: edge.verboseLogging,
    });
    this.loadBalancer = new HttpsLoadBalancer(this, "load-balancer", {
      name,
      domains: edge.domains,
      backend: this.origin(name, env),
      securityPolicy: this.armor.policy.id,
      sslProfile: edge.sslProfile,
      contentSecurityPolicy: edge.contentSecurityPolicy,
    });
  }

  private origin(name: string, env: EnvironmentConfig): EdgeBackend {
    const backend = env.edge.backend;
    if (backend.type === "cloudRun") {
      return new CloudRunBackend(this, "origin", {
        name: `${name}-run`,
        region: backend.region ?? env.primaryRegion,
        service: backend.service,
      });
    }
    return new InstanceGroupBackend(this, "origin", {
      name,
      instanceGroup: backend.instanceGroup,
      port: backend.port,
      healthCheckPath: backend.healthCheckPath,
    });
  }
}
