import type { Construct } from "constructs";
import type { ComputeNetwork } from "@cdktf/provider-google/lib/compute-network";
import type { ComputeSubnetwork } from "@cdktf/provider-google/lib/compute-subnetwork";
import type { ServiceNetworkingConnection } from "@cdktf/provider-google/lib/service-networking-connection";
import type { Config, EnvironmentConfig } from "../config/schema";
import { SUBNET_ROLES, type SubnetRole } from "../config/sections/network";
import { CloudNat } from "../constructs/net/cloud-nat";
import { FirewallRule, type FirewallRuleProps } from "../constructs/net/firewall-rule";
import { NETWORK_TAGS } from "../shared/network-tags";
import { HEALTH_CHECK_RANGES, IAP_TCP_FORWARDING_RANGE } from "../shared/google-ranges";
import { GOOGLE_APIS_VIPS, PrivateGoogleApis } from "../constructs/net/private-google-apis";
import { PrivateNetwork } from "../constructs/net/private-network";
import { PrivateServicesAccess } from "../constructs/net/private-services-access";
import { FqdnEgressPolicy, type FqdnEgressHost } from "../constructs/net/fqdn-egress";
import { DnsQueryLogging } from "../constructs/net/dns-query-logging";
import { ServicePerimeter } from "../constructs/net/service-perimeter";
import { PACKAGE_EGRESS_ACCOUNT_IDS, packageSources } from "../shared/package-sources";
import { RESTRICTED_SERVICES } from "../shared/google-ranges";
import { vaultServiceAccountEmail } from "../constructs/mon/wazuh/agent";
import { BaselineStack } from "./baseline-stack";
import { envPrefix } from "../shared/stack-naming";

/**
 * Ports load-balanced backends serve and are health-checked on (HTTP, HTTPS, alternative HTTP, Vault's API).
 * Listing them keeps port 22 out of reach of everything but the IAP rule; a component serving another port
 * adds it here.
 */
export const LB_BACKEND_PORTS: readonly string[] = ["80", "443", "8080", "8200"];
/** Lowest usable priority: the explicit deny-all rules sit just above GCP's implied rules (65535). */
export const DEFAULT_DENY_PRIORITY = 65534;
/** Subnets whose instances install vendor packages at boot (Vault, Wazuh, Zeek, app instance groups). */
export const NAT_SUBNETS: readonly SubnetRole[] = ["app", "vault", "monitoring"];

const SUBNET_NAMES: Record<SubnetRole, string> = {
  app: "app",
  vault: "vault",
  monitoring: "monitoring",
  data: "data",
  proxyOnly: "proxy-only",
};

/** Services inside the VPC every host may call: egress is opened to their range and ports only. */
const INTERNAL_SERVICES: readonly {
  name: string;
  description: string;
  ports: string[];
  enabled: (env: EnvironmentConfig) => boolean;
  destination: (env: EnvironmentConfig) => string;
}[] = [
  {
    name: "allow-egress-vault",
    description: "Vault API (8200) and raft cluster traffic (8201) to the Vault subnet",
    ports: ["8200", "8201"],
    enabled: (env) => env.vault.enabled,
    destination: (env) => env.network.subnets.vault,
  },
  {
    name: "allow-egress-wazuh",
    description: "Wazuh agent connection (1514) and enrollment (1515) to the monitoring subnet",
    ports: ["1514", "1515"],
    enabled: (env) => env.monitoring.enabled,
    destination: (env) => env.network.subnets.monitoring,
  },
  {
    name: "allow-egress-sql",
    // The Cloud SQL Auth Proxy and connectors (the documented way the IAM database user logs in) use 3307.
    description: "PostgreSQL (5432) and Cloud SQL Auth Proxy/connectors (3307) to Cloud SQL private IPs",
    ports: ["5432", "3307"],
    enabled: (env) => env.database.enabled,
    destination: (env) => env.network.privateServicesRange,
  },
];

type RuleSpec = Omit<FirewallRuleProps, "network" | "name"> & { readonly name: string };

/**
 * The environment's private VPC: subnets per role, explicit default-deny firewall in both directions with
 * narrow allows, private Google APIs, Cloud NAT for package installs, and private services access for
 * Cloud SQL.
 */
export class NetworkStack extends BaselineStack {
  readonly network: ComputeNetwork;
  readonly subnets: Record<SubnetRole, ComputeSubnetwork>;
  readonly privateServicesConnection: ServiceNetworkingConnection;

  constructor(scope: Construct, config: Config, env: EnvironmentConfig) {
    super(scope, config, env, "network");
    const prefix = envPrefix(env);
    const vpc = new PrivateNetwork(this, "vpc", {
      name: `${prefix}-vpc`,
      region: env.primaryRegion,
      subnets: Object.fromEntries(
        SUBNET_ROLES.map((role) => [
          role,
          {
            name: `${prefix}-${SUBNET_NAMES[role]}`,
            cidr: env.network.subnets[role],
            proxyOnly: role === "proxyOnly",
          },
        ]),
      ) as Record<SubnetRole, { name: string; cidr: string; proxyOnly: boolean }>,
      internetRouteTags: [NETWORK_TAGS.internetEgress, NETWORK_TAGS.packageEgress],
    });
    this.network = vpc.network;
    this.subnets = vpc.subnets;
    const googleApis = googleApisVip(env);
    new PrivateGoogleApis(this, "google-apis", { name: prefix, network: this.network.id, vip: googleApis });
    new DnsQueryLogging(this, "dns-logging", { name: prefix, network: this.network.id });
    const hosts = packageEgressHosts(env);
    if (hosts.length > 0) {
      new FqdnEgressPolicy(this, "package-egress", {
        name: `${prefix}-package-egress`,
        network: this.network.id,
        hosts,
        internalRanges: [
          ...SUBNET_ROLES.map((role) => env.network.subnets[role]),
          env.network.privateServicesRange,
          GOOGLE_APIS_VIPS[googleApis].range,
        ],
      });
    }
    const controls = env.network.serviceControls;
    if (controls) {
      new ServicePerimeter(this, "perimeter", {
        accessPolicy: controls.accessPolicy,
        name: `${prefix}_perimeter`.replace(/-/g, "_"),
        title: `${prefix} baseline perimeter`,
        projectNumbers: [env.projectNumber],
        restrictedServices: RESTRICTED_SERVICES,
        ingressIdentities: controls.ingressIdentities ?? [],
        dryRun: controls.dryRun ?? false,
      });
    }
    new CloudNat(this, "nat", {
      name: prefix,
      region: env.primaryRegion,
      network: this.network.id,
      subnetworks: NAT_SUBNETS.map((role) => this.subnets[role].id),
    });
    this.privateServicesConnection = new PrivateServicesAccess(this, "private-services", {
      name: prefix,
      network: this.network.id,
      range: env.network.privateServicesRange,
    }).connection;
    for (const rule of firewallRules(env, GOOGLE_APIS_VIPS[googleApis].range)) {
      new FirewallRule(this, `fw-${rule.name}`, {
        ...rule,
        name: `${prefix}-${rule.name}`,
        network: this.network.id,
      });
    }
  }
}

/** Every firewall rule of the VPC: deny-all both ways at the bottom, then one allow per need. */
function firewallRules(env: EnvironmentConfig, googleApisRange: string): RuleSpec[] {
  const { subnets } = env.network;
  const backendPorts = lbBackendPorts(env);
  const rules: RuleSpec[] = [
    {
      name: "deny-all-ingress",
      description: "Default deny: ingress not allowed by a higher-priority rule is dropped and logged",
      direction: "INGRESS",
      action: "deny",
      protocols: [{ protocol: "all" }],
      sourceRanges: ["0.0.0.0/0"],
      priority: DEFAULT_DENY_PRIORITY,
    },
    {
      name: "deny-all-egress",
      description: "Default deny: egress not allowed by a higher-priority rule is dropped and logged",
      direction: "EGRESS",
      action: "deny",
      protocols: [{ protocol: "all" }],
      destinationRanges: ["0.0.0.0/0"],
      priority: DEFAULT_DENY_PRIORITY,
    },
    {
      name: "allow-iap-ssh",
      description: "SSH only through Identity-Aware Proxy TCP forwarding, only to instances tagged for it",
      direction: "INGRESS",
      action: "allow",
      protocols: [{ protocol: "tcp", ports: ["22"] }],
      sourceRanges: [IAP_TCP_FORWARDING_RANGE],
      targetTags: [NETWORK_TAGS.iapSsh],
    },
    {
      name: "allow-health-checks",
      description: "Google load balancer health checks to tagged backends, on backend ports only",
      direction: "INGRESS",
      action: "allow",
      protocols: [{ protocol: "tcp", ports: backendPorts }],
      sourceRanges: HEALTH_CHECK_RANGES,
      targetTags: [NETWORK_TAGS.lbBackend],
    },
    {
      name: "allow-proxy-only",
      description: "Regional Envoy load balancer proxies to tagged backends, on backend ports only",
      direction: "INGRESS",
      action: "allow",
      protocols: [{ protocol: "tcp", ports: backendPorts }],
      sourceRanges: [subnets.proxyOnly],
      targetTags: [NETWORK_TAGS.lbBackend],
    },
    {
      name: "allow-egress-google-apis",
      description: "HTTPS to Google APIs through the Private Google Access VIP",
      direction: "EGRESS",
      action: "allow",
      protocols: [{ protocol: "tcp", ports: ["443"] }],
      destinationRanges: [googleApisRange],
    },
    {
      name: "allow-egress-internet-https",
      description: "HTTPS to vendor package repositories through Cloud NAT, only for tagged instances",
      direction: "EGRESS",
      action: "allow",
      protocols: [{ protocol: "tcp", ports: ["443"] }],
      destinationRanges: ["0.0.0.0/0"],
      targetTags: [NETWORK_TAGS.internetEgress],
    },
  ];
  const internal = INTERNAL_SERVICES.filter((service) => service.enabled(env)).map((service): RuleSpec => ({
    name: service.name,
    description: service.description,
    direction: "EGRESS",
    action: "allow",
    protocols: [{ protocol: "tcp", ports: service.ports }],
    destinationRanges: [service.destination(env)],
  }));
  return [...rules, ...internal];
}

/** The Google API VIP of the environment: restricted.googleapis.com unless the configuration loosens it. */
export function googleApisVip(env: EnvironmentConfig): "restricted" | "private" {
  return env.network.googleApis ?? "restricted";
}

/**
 * Vault, the Wazuh manager and the Zeek sensors, when deployed: their service accounts (the FQDN rules target
 * them; the host stacks create them with these ids) and the package sources their boot scripts fetch.
 */
export function packageEgressHosts(env: EnvironmentConfig): FqdnEgressHost[] {
  const account = (id: string) => `${id}@${env.projectId}.iam.gserviceaccount.com`;
  const fqdns = (host: Parameters<typeof packageSources>[0]) =>
    packageSources(host, { wazuhAgent: env.monitoring.enabled }).map((source) => source.host);
  return [
    ...(env.vault.enabled
      ? [{ name: "vault", serviceAccount: vaultServiceAccountEmail(env), fqdns: fqdns("vault") }]
      : []),
    ...(env.monitoring.enabled
      ? [
          {
            name: "wazuh-manager",
            serviceAccount: account(PACKAGE_EGRESS_ACCOUNT_IDS.wazuhManager),
            fqdns: fqdns("wazuhManager"),
          },
          {
            name: "zeek-sensor",
            serviceAccount: account(PACKAGE_EGRESS_ACCOUNT_IDS.zeekSensor),
            fqdns: fqdns("zeekSensor"),
          },
        ]
      : []),
  ];
}

/** LB_BACKEND_PORTS plus the port of an instance-group edge backend, when one is configured. */
function lbBackendPorts(env: EnvironmentConfig): string[] {
  const backend = env.edge.backend;
  const extra = env.edge.enabled && backend.type === "instanceGroup" ? [String(backend.port)] : [];
  return [...new Set([...LB_BACKEND_PORTS, ...extra])];
}
