import { Construct } from "constructs";
import { ComputeRoute } from "@cdktf/provider-google/lib/compute-route";
import { DnsManagedZone } from "@cdktf/provider-google/lib/dns-managed-zone";
import { DnsRecordSet } from "@cdktf/provider-google/lib/dns-record-set";
import {
  PRIVATE_GOOGLE_APIS_ADDRESSES,
  PRIVATE_GOOGLE_APIS_RANGE,
  RESTRICTED_GOOGLE_APIS_ADDRESSES,
  RESTRICTED_GOOGLE_APIS_RANGE,
} from "../../shared/google-ranges";

/**
 * Which Google API VIP the VPC uses: `restricted` (restricted.googleapis.com, 199.36.153.4/30) serves only
 * the APIs VPC Service Controls supports and enforces a perimeter on them; `private` (199.36.153.8/30) serves
 * almost every Google API, so data can leave through any of them.
 */
export type GoogleApisVip = "restricted" | "private";

/** The VIP's name, range and addresses. */
export const GOOGLE_APIS_VIPS: Readonly<
  Record<GoogleApisVip, { name: string; range: string; addresses: readonly string[] }>
> = {
  restricted: {
    name: "restricted.googleapis.com",
    range: RESTRICTED_GOOGLE_APIS_RANGE,
    addresses: RESTRICTED_GOOGLE_APIS_ADDRESSES,
  },
  private: {
    name: "private.googleapis.com",
    range: PRIVATE_GOOGLE_APIS_RANGE,
    addresses: PRIVATE_GOOGLE_APIS_ADDRESSES,
  },
};

export interface PrivateGoogleApisProps {
  readonly name: string;
  /** Network id (the VPC whose instances resolve and reach Google APIs privately). */
  readonly network: string;
  /** Defaults to `restricted`; `private` is a loosening for APIs VPC Service Controls does not support. */
  readonly vip?: GoogleApisVip;
}

/**
 * Google APIs reachable from a VPC without a route to the internet: a private DNS zone answers every
 * *.googleapis.com name with the VIP (restricted.googleapis.com unless told otherwise), and one route sends
 * its /30 to Google's edge. Guarantees instances need neither an internet route nor a firewall opening beyond
 * the VIP's /30 on 443, and (restricted) that an API VPC Service Controls does not support is not reachable.
 */
export class PrivateGoogleApis extends Construct {
  readonly route: ComputeRoute;
  readonly zone: DnsManagedZone;
  /** The /30 the VIP answers on (the firewall opens 443 to it). */
  readonly range: string;

  constructor(scope: Construct, id: string, props: PrivateGoogleApisProps) {
    super(scope, id);
    const vip = GOOGLE_APIS_VIPS[props.vip ?? "restricted"];
    this.range = vip.range;
    this.route = new ComputeRoute(this, "route", {
      name: `${props.name}-${props.vip ?? "restricted"}-google-apis`,
      description: `Private Google Access to ${vip.name}`,
      network: props.network,
      destRange: vip.range,
      nextHopGateway: "default-internet-gateway",
      priority: 1000,
    });
    this.zone = new DnsManagedZone(this, "zone", {
      name: `${props.name}-googleapis`,
      dnsName: "googleapis.com.",
      description: `Resolves Google APIs to ${vip.name} inside the VPC`,
      visibility: "private",
      privateVisibilityConfig: { networks: [{ networkUrl: props.network }] },
    });
    new DnsRecordSet(this, "vips", {
      managedZone: this.zone.name,
      name: `${vip.name}.`,
      type: "A",
      ttl: 300,
      rrdatas: [...vip.addresses],
    });
    new DnsRecordSet(this, "wildcard", {
      managedZone: this.zone.name,
      name: "*.googleapis.com.",
      type: "CNAME",
      ttl: 300,
      rrdatas: [`${vip.name}.`],
    });
  }
}
