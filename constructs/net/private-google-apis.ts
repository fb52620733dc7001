import { Construct } from "constructs";
import { ComputeRoute } from "@cdktf/provider-google/lib/compute-route";
import { DnsManagedZone } from "@cdktf/provider-google/lib/dns-managed-zone";
import { DnsRecordSet } from "@cdktf/provider-google/lib/dns-record-set";

/** The private.googleapis.com virtual IPs: Google APIs over Private Google Access, not internet-routable. */
export const PRIVATE_GOOGLE_APIS_RANGE = "199.36.153.8/30";
const PRIVATE_GOOGLE_APIS_ADDRESSES = ["199.36.153.8", "199.36.153.9", "199.36.153.10", "199.36.153.11"];

export interface PrivateGoogleApisProps {
  readonly name: string;
  /** Network id (the VPC whose instances resolve and reach Google APIs privately). */
  readonly network: string;
}

/**
 * Google APIs reachable from a VPC without a route to the internet: a private DNS zone answers every
 * *.googleapis.com name with private.googleapis.com, and one route sends that /30 to Google's edge.
 * Guarantees instances need neither an internet route nor a firewall opening beyond 199.36.153.8/30:443.
 */
export class PrivateGoogleApis extends Construct {
  readonly route: ComputeRoute;
  readonly zone: DnsManagedZone;

  constructor(scope: Construct, id: string, props: PrivateGoogleApisProps) {
    super(scope, id);
    this.route = new ComputeRoute(this, "route", {
      name: `${props.name}-private-google-apis`,
      description: "Private Google Access to private.googleapis.com",
      network: props.network,
      destRange: PRIVATE_GOOGLE_APIS_RANGE,
      nextHopGateway: "default-internet-gateway",
      priority: 1000,
    });
    this.zone = new DnsManagedZone(this, "zone", {
      name: `${props.name}-googleapis`,
      dnsName: "googleapis.com.",
      description: "Resolves Google APIs to private.googleapis.com inside the VPC",
      visibility: "private",
      privateVisibilityConfig: { networks: [{ networkUrl: props.network }] },
    });
    new DnsRecordSet(this, "vips", {
      managedZone: this.zone.name,
      name: "private.googleapis.com.",
      type: "A",
      ttl: 300,
      rrdatas: PRIVATE_GOOGLE_APIS_ADDRESSES,
    });
    new DnsRecordSet(this, "wildcard", {
      managedZone: this.zone.name,
      name: "*.googleapis.com.",
      type: "CNAME",
      ttl: 300,
      rrdatas: ["private.googleapis.com."],
    });
  }
}
