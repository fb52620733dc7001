import { Construct } from "constructs";
import { ComputeFirewall } from "@cdktf/provider-google/lib/compute-firewall";

export interface FirewallProtocol {
  readonly protocol: "tcp" | "udp" | "icmp" | "all" | "esp" | "ah" | "sctp" | "ipip";
  readonly ports?: readonly string[];
}

export interface FirewallRuleProps {
  readonly network: string;
  readonly name: string;
  /** Why the rule exists; shown in the console and in flow logs. */
  readonly description: string;
  readonly direction: "INGRESS" | "EGRESS";
  readonly action: "allow" | "deny";
  readonly protocols: readonly FirewallProtocol[];
  /** 0 (highest) to 65535; the baseline's default-deny rules sit at 65534. */
  readonly priority?: number;
  readonly sourceRanges?: readonly string[];
  readonly destinationRanges?: readonly string[];
  readonly sourceTags?: readonly string[];
  readonly targetTags?: readonly string[];
  readonly sourceServiceAccounts?: readonly string[];
  readonly targetServiceAccounts?: readonly string[];
  /** Required to allow ingress from 0.0.0.0/0 or ::/0; the baseline never sets it. */
  readonly allowInternetSource?: boolean;
}

const INTERNET = ["0.0.0.0/0", "::/0"];

/**
 * A VPC firewall rule that guarantees logging with full metadata, an explicit description, and no ingress
 * allow from the whole internet unless `allowInternetSource` says so.
 */
export class FirewallRule extends Construct {
  readonly rule: ComputeFirewall;

  constructor(scope: Construct, id: string, props: FirewallRuleProps) {
    super(scope, id);
    const opensToInternet =
      props.direction === "INGRESS" &&
      props.action === "allow" &&
      (props.sourceRanges ?? []).some((range) => INTERNET.includes(range));
    if (opensToInternet && !props.allowInternetSource) {
      throw new Error(
        `FirewallRule ${props.name}: ingress allow from ${INTERNET.join(" or ")} needs allowInternetSource: true`,
      );
    }
    const protocols = props.protocols.map((p) => ({
      protocol: p.protocol,
      ports: p.ports ? [...p.ports] : undefined,
    }));
    this.rule = new ComputeFirewall(this, "rule", {
      network: props.network,
      name: props.name,
      description: props.description,
      direction: props.direction,
      priority: props.priority ?? 1000,
      allow: props.action === "allow" ? protocols : undefined,
      deny: props.action === "deny" ? protocols : undefined,
      sourceRanges: copy(props.sourceRanges),
      destinationRanges: copy(props.destinationRanges),
      sourceTags: copy(props.sourceTags),
      targetTags: copy(props.targetTags),
      sourceServiceAccounts: copy(props.sourceServiceAccounts),
      targetServiceAccounts: copy(props.targetServiceAccounts),
      logConfig: { metadata: "INCLUDE_ALL_METADATA" },
    });
  }
}

function copy(values: readonly string[] | undefined): string[] | undefined {
  return values ? [...values] : undefined;
}
