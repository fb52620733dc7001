import { Construct } from "constructs";
import { FirewallRule } from "../../net/firewall-rule";
import { VAULT_PORTS } from "../../../shared/vault";

export interface VaultFirewallProps {
  readonly namePrefix: string;
  readonly network: string;
  /** The Vault nodes' service account: rules select nodes by it, which only IAM can change, not by tag. */
  readonly serviceAccountEmail: string;
  /** Client networks allowed to the API. */
  readonly clientCidrs: readonly string[];
  /** Google's health-check probe ranges. */
  readonly healthCheckRanges: readonly string[];
}

/**
 * Ingress to Vault nodes: the API (8200) from the configured client networks and Google's health checks,
 * and the API plus cluster port (8201, raft and request forwarding) only from other Vault nodes.
 */
export class VaultFirewall extends Construct {
  constructor(scope: Construct, id: string, props: VaultFirewallProps) {
    super(scope, id);
    const nodes = [props.serviceAccountEmail];
    const api = String(VAULT_PORTS.api);
    const common = { network: props.network, direction: "INGRESS", action: "allow" } as const;
    new FirewallRule(this, "clients", {
      ...common,
      name: `${props.namePrefix}-vault-api-clients`,
      description: "Vault API (8200) from the configured client networks",
      protocols: [{ protocol: "tcp", ports: [api] }],
      sourceRanges: props.clientCidrs,
      targetServiceAccounts: nodes,
    });
    new FirewallRule(this, "health-checks", {
      ...common,
      name: `${props.namePrefix}-vault-api-health-checks`,
      description: "Vault health endpoint (8200) from Google's health-check probes",
      protocols: [{ protocol: "tcp", ports: [api] }],
      sourceRanges: props.healthCheckRanges,
      targetServiceAccounts: nodes,
    });
    new FirewallRule(this, "peers", {
      ...common,
      name: `${props.namePrefix}-vault-cluster`,
      description: "Raft join (8200) and cluster traffic (8201) only between Vault nodes",
      protocols: [{ protocol: "tcp", ports: [api, String(VAULT_PORTS.cluster)] }],
      sourceServiceAccounts: nodes,
      targetServiceAccounts: nodes,
    });
  }
}
