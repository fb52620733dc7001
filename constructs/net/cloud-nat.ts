import { Construct } from "constructs";
import { ComputeRouter } from "@cdktf/provider-google/lib/compute-router";
import { ComputeRouterNat } from "@cdktf/provider-google/lib/compute-router-nat";

export interface CloudNatProps {
  readonly name: string;
  readonly region: string;
  /** Network id. */
  readonly network: string;
  /** Subnetwork ids (or self links) whose instances may use the NAT; no other subnet is translated. */
  readonly subnetworks: readonly string[];
}

/**
 * A Cloud Router with a public Cloud NAT gateway. Guarantees: only the listed subnets are translated
 * (never ALL_SUBNETWORKS), addresses are allocated by Google (no static IPs to leak or reuse), and every
 * translation and error is logged.
 */
export class CloudNat extends Construct {
  readonly router: ComputeRouter;
  readonly nat: ComputeRouterNat;

  constructor(scope: Construct, id: string, props: CloudNatProps) {
    super(scope, id);
    if (props.subnetworks.length === 0)
      throw new Error(`CloudNat ${props.name}: list at least one subnetwork`);
    this.router = new ComputeRouter(this, "router", {
      name: `${props.name}-router`,
      region: props.region,
      network: props.network,
    });
    this.nat = new ComputeRouterNat(this, "nat", {
      name: `${props.name}-nat`,
      region: props.region,
      router: this.router.name,
      natIpAllocateOption: "AUTO_ONLY",
      sourceSubnetworkIpRangesToNat: "LIST_OF_SUBNETWORKS",
      subnetwork: props.subnetworks.map((name) => ({ name, sourceIpRangesToNat: ["ALL_IP_RANGES"] })),
      logConfig: { enable: true, filter: "ALL" },
    });
  }
}
