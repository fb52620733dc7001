import { Construct } from "constructs";
import { DnsPolicy } from "@cdktf/provider-google/lib/dns-policy";

export interface DnsQueryLoggingProps {
  readonly name: string;
  /** Network id (or self link) whose queries are logged. */
  readonly network: string;
}

/**
 * A Cloud DNS server policy that logs every query the VPC's VMs send to Cloud DNS (the metadata server's
 * resolver), private zones included. Guarantees: logging on, no inbound forwarding, no alternative name
 * servers (which would bypass the private googleapis.com zone and stop Cloud NGFW FQDN objects resolving).
 * A network takes one server policy; this is it.
 */
export class DnsQueryLogging extends Construct {
  readonly policy: DnsPolicy;

  constructor(scope: Construct, id: string, props: DnsQueryLoggingProps) {
    super(scope, id);
    this.policy = new DnsPolicy(this, "policy", {
      name: `${props.name}-dns-logging`,
      description: "Logs every DNS query from the VPC to Cloud Logging",
      enableLogging: true,
      enableInboundForwarding: false,
      networks: [{ networkUrl: props.network }],
    });
  }
}
