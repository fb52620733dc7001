import { Construct } from "constructs";
import { ComputeAddress } from "@cdktf/provider-google/lib/compute-address";
import { ComputeForwardingRule } from "@cdktf/provider-google/lib/compute-forwarding-rule";
import { ComputeRegionBackendService } from "@cdktf/provider-google/lib/compute-region-backend-service";
import { DnsManagedZone } from "@cdktf/provider-google/lib/dns-managed-zone";
import { DnsRecordSet } from "@cdktf/provider-google/lib/dns-record-set";
import { VAULT_PORTS } from "../../../shared/vault";

export interface VaultLoadBalancerProps {
  readonly namePrefix: string;
  readonly region: string;
  readonly network: string;
  readonly subnetwork: string;
  /** Instance group of the Vault MIG. */
  readonly instanceGroup: string;
  readonly healthCheck: string;
  /** DNS name clients use; a private zone of the VPC answers it with the load balancer's address. */
  readonly dnsName: string;
}

/**
 * An internal passthrough TCP load balancer for the Vault API: a reserved internal address in the Vault
 * subnet, reachable from this region only (no global access), TLS end to end (the load balancer never
 * terminates it), and a private DNS name matching the certificate.
 */
export class VaultLoadBalancer extends Construct {
  readonly address: ComputeAddress;
  readonly forwardingRule: ComputeForwardingRule;

  constructor(scope: Construct, id: string, props: VaultLoadBalancerProps) {
    super(scope, id);
    const name = `${props.namePrefix}-vault`;
    this.address = new ComputeAddress(this, "address", {
      name,
      region: props.region,
      subnetwork: props.subnetwork,
      addressType: "INTERNAL",
      description: "Vault API internal load balancer",
    });
    const backendService = new ComputeRegionBackendService(this, "backend", {
      name,
      region: props.region,
      loadBalancingScheme: "INTERNAL",
      protocol: "TCP",
      healthChecks: [props.healthCheck],
      connectionDrainingTimeoutSec: 30,
      backend: [{ group: props.instanceGroup, balancingMode: "CONNECTION" }],
    });
    this.forwardingRule = new ComputeForwardingRule(this, "forwarding-rule", {
      name,
      region: props.region,
      loadBalancingScheme: "INTERNAL",
      ipProtocol: "TCP",
      ports: [String(VAULT_PORTS.api)],
      ipAddress: this.address.address,
      network: props.network,
      subnetwork: props.subnetwork,
      backendService: backendService.id,
      allowGlobalAccess: false,
    });
    const zone = new DnsManagedZone(this, "zone", {
      name,
      dnsName: `${props.dnsName}.`,
      description: "Private name of the Vault API",
      visibility: "private",
      privateVisibilityConfig: { networks: [{ networkUrl: props.network }] },
    });
    new DnsRecordSet(this, "record", {
      managedZone: zone.name,
      name: zone.dnsName,
      type: "A",
      ttl: 300,
      rrdatas: [this.address.address],
    });
  }
}
