import { Construct } from "constructs";
import { ComputeNetwork } from "@cdktf/provider-google/lib/compute-network";
import { ComputeRoute } from "@cdktf/provider-google/lib/compute-route";
import { ComputeSubnetwork } from "@cdktf/provider-google/lib/compute-subnetwork";

export interface SubnetSpec {
  readonly name: string;
  readonly cidr: string;
  /** A REGIONAL_MANAGED_PROXY subnet for Envoy-based load balancers: it hosts no VMs, so no flow logs or PGA. */
  readonly proxyOnly?: boolean;
}

export interface PrivateNetworkProps<Key extends string> {
  readonly name: string;
  readonly region: string;
  readonly subnets: Record<Key, SubnetSpec>;
  /**
   * Instances with one of these network tags get a route to the internet (default internet gateway, the only
   * next hop Cloud NAT can use). Without any, no instance has a route to the internet. A route opens nothing:
   * the firewall decides what may use it.
   */
  readonly internetRouteTags?: readonly string[];
}

/**
 * A custom-mode VPC with regional routing. Guarantees: no auto-created subnets; every subnet that hosts VMs
 * has VPC flow logs (5 s aggregation, every flow sampled, all metadata) and Private Google Access; the
 * default 0.0.0.0/0 route is deleted on creation, so reaching the internet takes an explicit, tag-scoped
 * route (`internetRouteTags`); network firewall policies are evaluated before the VPC firewall rules
 * (BEFORE_CLASSIC_FIREWALL), so a policy's FQDN allow and its deny decide before the VPC's deny-all does.
 */
export class PrivateNetwork<Key extends string> extends Construct {
  readonly network: ComputeNetwork;
  readonly subnets: Record<Key, ComputeSubnetwork>;
  readonly internetRoute?: ComputeRoute;

  constructor(scope: Construct, id: string, props: PrivateNetworkProps<Key>) {
    super(scope, id);
    this.network = new ComputeNetwork(this, "vpc", {
      name: props.name,
      autoCreateSubnetworks: false,
      routingMode: "REGIONAL",
      deleteDefaultRoutesOnCreate: true,
      networkFirewallPolicyEnforcementOrder: "BEFORE_CLASSIC_FIREWALL",
    });
    const entries = Object.entries(props.subnets) as [Key, SubnetSpec][];
    this.subnets = Object.fromEntries(
      entries.map(([key, spec]) => [key, this.subnet(key, spec, props.region)]),
    ) as Record<Key, ComputeSubnetwork>;
    const tags = props.internetRouteTags ?? [];
    if (tags.length > 0) {
      this.internetRoute = new ComputeRoute(this, "internet-route", {
        name: `${props.name}-internet-egress`,
        description: `Internet access (through Cloud NAT) only for instances tagged ${tags.join(" or ")}`,
        network: this.network.id,
        destRange: "0.0.0.0/0",
        nextHopGateway: "default-internet-gateway",
        tags: [...tags],
        priority: 1000,
      });
    }
  }

  private subnet(key: string, spec: SubnetSpec, region: string): ComputeSubnetwork {
    const common = { name: spec.name, ipCidrRange: spec.cidr, region, network: this.network.id };
    if (spec.proxyOnly) {
      return new ComputeSubnetwork(this, `subnet-${key}`, {
        ...common,
        purpose: "REGIONAL_MANAGED_PROXY",
        role: "ACTIVE",
      });
    }
    return new ComputeSubnetwork(this, `subnet-${key}`, {
      ...common,
      privateIpGoogleAccess: true,
      logConfig: {
        aggregationInterval: "INTERVAL_5_SEC",
        flowSampling: 1,
        metadata: "INCLUDE_ALL_METADATA",
      },
    });
  }
}
