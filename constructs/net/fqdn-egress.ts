import { Construct } from "constructs";
import { ComputeNetworkFirewallPolicy } from "@cdktf/provider-google/lib/compute-network-firewall-policy";
import { ComputeNetworkFirewallPolicyAssociation } from "@cdktf/provider-google/lib/compute-network-firewall-policy-association";
import { ComputeNetworkFirewallPolicyRule } from "@cdktf/provider-google/lib/compute-network-firewall-policy-rule";

/** One VM role whose internet egress is an FQDN allow-list. */
export interface FqdnEgressHost {
  /** Short name for rule names and descriptions, e.g. `vault`. */
  readonly name: string;
  /** The service account e-mail the VMs run as: the rules target it (policy rules cannot target network tags). */
  readonly serviceAccount: string;
  /** Host names reachable on tcp:443; nothing else on the internet is. */
  readonly fqdns: readonly string[];
}

export interface FqdnEgressPolicyProps {
  readonly name: string;
  /** Network id; its `network_firewall_policy_enforcement_order` must be BEFORE_CLASSIC_FIREWALL. */
  readonly network: string;
  readonly hosts: readonly FqdnEgressHost[];
  /**
   * Destinations the policy leaves to the VPC firewall rules (goto_next) for these hosts: the VPC's own
   * ranges, private services access, the Google API VIP. Everything else is denied for them.
   */
  readonly internalRanges: readonly string[];
}

/** First priority of the per-host allow rules (one per host, 10 apart). */
export const FQDN_ALLOW_PRIORITY = 1000;
/** The goto_next rule for internal destinations, below every allow. */
export const FQDN_INTERNAL_PRIORITY = 60000;
/** The deny of every other egress of those hosts, below everything else of the policy. */
export const FQDN_DENY_PRIORITY = 60100;

/**
 * A global network firewall policy, evaluated before the VPC firewall rules, that limits the listed hosts'
 * internet egress to HTTPS to named hosts (Cloud NGFW Standard FQDN objects): per host one allow of tcp:443 to
 * its FQDNs; then, for all of them, goto_next for internal destinations (the VPC rules decide those) and a
 * logged deny of everything else. Guarantees: no IP range on the internet is allowed to them, every FQDN rule
 * is logged, and the policy is attached to the network.
 */
export class FqdnEgressPolicy extends Construct {
  readonly policy: ComputeNetworkFirewallPolicy;
  readonly rules: ComputeNetworkFirewallPolicyRule[] = [];

  constructor(scope: Construct, id: string, props: FqdnEgressPolicyProps) {
    super(scope, id);
    if (props.hosts.length === 0) throw new Error(`FqdnEgressPolicy ${props.name}: list at least one host`);
    for (const host of props.hosts) {
      if (host.fqdns.length === 0)
        throw new Error(`FqdnEgressPolicy ${props.name}: host ${host.name} has no FQDN`);
      const bad = host.fqdns.filter((fqdn) => !/^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/.test(fqdn));
      if (bad.length > 0)
        throw new Error(
          `FqdnEgressPolicy ${props.name}: ${bad.join(", ")} is not a host name (no wildcards)`,
        );
    }
    this.policy = new ComputeNetworkFirewallPolicy(this, "policy", {
      name: props.name,
      description: "Internet egress of the most sensitive VMs: HTTPS to their package sources only",
    });
    new ComputeNetworkFirewallPolicyAssociation(this, "association", {
      name: `${props.name}-vpc`,
      firewallPolicy: this.policy.id,
      attachmentTarget: props.network,
    });
    const accounts = props.hosts.map((host) => host.serviceAccount);
    props.hosts.forEach((host, i) => {
      this.rules.push(
        new ComputeNetworkFirewallPolicyRule(this, `allow-${host.name}`, {
          firewallPolicy: this.policy.name,
          ruleName: `${host.name}-package-sources`,
          description: `${host.name}: HTTPS to its package sources (${host.fqdns.join(", ")}) through Cloud NAT`,
          priority: FQDN_ALLOW_PRIORITY + 10 * i,
          direction: "EGRESS",
          action: "allow",
          enableLogging: true,
          targetServiceAccounts: [host.serviceAccount],
          match: {
            destFqdns: [...host.fqdns],
            layer4Configs: [{ ipProtocol: "tcp", ports: ["443"] }],
          },
        }),
      );
    });
    this.rules.push(
      new ComputeNetworkFirewallPolicyRule(this, "internal", {
        firewallPolicy: this.policy.name,
        ruleName: "internal-to-vpc-rules",
        description: "Internal destinations of these hosts are decided by the VPC firewall rules",
        priority: FQDN_INTERNAL_PRIORITY,
        direction: "EGRESS",
        action: "goto_next",
        targetServiceAccounts: accounts,
        match: { destIpRanges: [...props.internalRanges], layer4Configs: [{ ipProtocol: "all" }] },
      }),
      new ComputeNetworkFirewallPolicyRule(this, "deny", {
        firewallPolicy: this.policy.name,
        ruleName: "deny-other-egress",
        description: "Every other egress of these hosts is dropped and logged",
        priority: FQDN_DENY_PRIORITY,
        direction: "EGRESS",
        action: "deny",
        enableLogging: true,
        targetServiceAccounts: accounts,
        match: { destIpRanges: ["0.0.0.0/0"], layer4Configs: [{ ipProtocol: "all" }] },
      }),
    );
  }
}
