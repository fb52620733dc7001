import { Construct } from "constructs";
import { ComputeGlobalAddress } from "@cdktf/provider-google/lib/compute-global-address";
import { ServiceNetworkingConnection } from "@cdktf/provider-google/lib/service-networking-connection";
import { parseCidr } from "../../lib/cidr";

export interface PrivateServicesAccessProps {
  readonly name: string;
  /** Network id. */
  readonly network: string;
  /** Range reserved for Google-managed services (Cloud SQL private IP), e.g. 10.11.0.0/16. */
  readonly range: string;
}

/**
 * Private services access: a reserved internal range peered to Google's service producer network, so
 * Cloud SQL gets private addresses only. Guarantees the range is INTERNAL and exactly the planned CIDR.
 */
export class PrivateServicesAccess extends Construct {
  readonly address: ComputeGlobalAddress;
  readonly connection: ServiceNetworkingConnection;

  constructor(scope: Construct, id: string, props: PrivateServicesAccessProps) {
    super(scope, id);
    const cidr = parseCidr(props.range);
    if (!cidr) throw new Error(`PrivateServicesAccess ${props.name}: invalid range ${props.range}`);
    this.address = new ComputeGlobalAddress(this, "range", {
      name: `${props.name}-private-services`,
      purpose: "VPC_PEERING",
      addressType: "INTERNAL",
      address: props.range.split("/")[0],
      prefixLength: cidr.prefix,
      network: props.network,
    });
    this.connection = new ServiceNetworkingConnection(this, "connection", {
      network: props.network,
      service: "servicenetworking.googleapis.com",
      reservedPeeringRanges: [this.address.name],
    });
  }
}
