import { Construct } from "constructs";
import { ComputeRegionInstanceGroupManager } from "@cdktf/provider-google/lib/compute-region-instance-group-manager";
import { HardenedInstanceTemplate } from "../../cmp/hardened-instance-template";
import type { SnapshotSchedule } from "../../bak/snapshot-schedule";
import { renderVaultConfig } from "./config";
import { VaultFirewall } from "./firewall";
import { VaultHealthChecks } from "./health-checks";
import { VaultIdentity } from "./identity";
import { RAFT_DEVICE_NAME, VAULT_METADATA_KEYS, VAULT_NODE_TAG } from "../../../shared/vault";
import { VAULT_PATHS } from "./layout";
import { VaultLoadBalancer } from "./load-balancer";
import { renderVaultStartupScript } from "./startup-script";
import { VaultTlsSecrets } from "./tls-secrets";

/** The Cloud KMS key that seals Vault, as the gcpckms seal names it. */
export interface UnsealKey {
  /** Crypto key id (`projects/P/locations/L/keyRings/R/cryptoKeys/K`), for the IAM grants. */
  readonly id: string;
  readonly name: string;
  readonly keyRingName: string;
  /** Location of the key ring. */
  readonly location: string;
}

export interface VaultClusterProps {
  /** Resource name prefix, e.g. `acme-prod`. */
  readonly namePrefix: string;
  readonly project: string;
  readonly region: string;
  /** Zone names the nodes are spread over: at least 3, so one zone outage leaves a raft quorum. */
  readonly zones: readonly string[];
  /** 3 or 5: raft needs an odd quorum. */
  readonly nodes: number;
  readonly machineType: string;
  readonly version: string;
  readonly dataDiskGb: number;
  readonly network: string;
  readonly subnetwork: string;
  readonly clientCidrs: readonly string[];
  readonly healthCheckRanges: readonly string[];
  readonly unsealKey: UnsealKey;
  /** CMEK key (in `region`) for the boot and raft disks. */
  readonly diskKey: string;
  /** CMEK key (in `region`) for the TLS secrets. */
  readonly secretKey: string;
  /** Daily snapshots of the raft disk. */
  readonly snapshotSchedule: SnapshotSchedule;
  /** Name in the node certificates and the private DNS name of the API; default `vault.<prefix>.internal`. */
  readonly tlsServerName?: string;
  /** Tags for network-wide rules the nodes also need (IAP SSH, package egress through NAT). */
  readonly extraNetworkTags?: readonly string[];
  /** Bash fragment installing the Wazuh agent, from constructs/mon/wazuh/agent.ts. */
  readonly wazuhAgent?: string;
  readonly labels?: Record<string, string>;
}

/**
 * A highly available Vault cluster: a regional managed instance group of hardened VMs spread evenly over at
 * least 3 zones, raft storage on a CMEK data disk kept across instance recreation and snapshotted daily,
 * Cloud KMS auto-unseal with a key only its own service account can use, TLS everywhere (material from
 * CMEK-encrypted Secret Manager secrets, never from Terraform), an internal passthrough load balancer with a
 * private DNS name, auto-healing that never recreates a node merely sealed or uninitialized, and firewall
 * rules opening 8200 to clients and health checks and 8201 to peers only.
 */
export class VaultCluster extends Construct {
  readonly identity: VaultIdentity;
  readonly template: HardenedInstanceTemplate;
  readonly instanceGroupManager: ComputeRegionInstanceGroupManager;
  readonly loadBalancer: VaultLoadBalancer;
  /** The server configuration every node runs (also in the template's `vault-config` metadata). */
  readonly config: string;

  constructor(scope: Construct, id: string, props: VaultClusterProps) {
    super(scope, id);
    validate(props);
    const prefix = props.namePrefix;
    const tlsServerName = props.tlsServerName ?? `vault.${prefix}.internal`;
    this.identity = new VaultIdentity(this, "identity", {
      project: props.project,
      namePrefix: prefix,
      unsealKeyId: props.unsealKey.id,
    });
    const account = this.identity.serviceAccount;
    const secrets = new VaultTlsSecrets(this, "tls", {
      namePrefix: prefix,
      location: props.region,
      kmsKey: props.secretKey,
      accessor: account.member,
      labels: props.labels,
    });
    this.config = renderVaultConfig({
      seal: {
        project: props.project,
        region: props.unsealKey.location,
        keyRing: props.unsealKey.keyRingName,
        cryptoKey: props.unsealKey.name,
      },
      autoJoin: { project: props.project, region: props.region },
      tlsServerName,
    });
    this.template = new HardenedInstanceTemplate(this, "template", {
      namePrefix: `${prefix}-vault-`,
      machineType: props.machineType,
      subnetwork: props.subnetwork,
      serviceAccountEmail: account.email,
      bootDiskKmsKey: props.diskKey,
      dataDisk: {
        deviceName: RAFT_DEVICE_NAME,
        sizeGb: props.dataDiskGb,
        kmsKey: props.diskKey,
        snapshotSchedule: props.snapshotSchedule,
        type: "pd-ssd",
      },
      startupScript: renderVaultStartupScript({
        version: props.version,
        project: props.project,
        tlsSecrets: secrets.ids,
        tlsServerName,
        wazuhAgent: props.wazuhAgent,
      }),
      networkTags: [VAULT_NODE_TAG, ...(props.extraNetworkTags ?? [])],
      labels: props.labels,
      metadata: {
        [VAULT_METADATA_KEYS.config]: this.config,
        [VAULT_METADATA_KEYS.auditFile]: VAULT_PATHS.auditLog,
      },
    });
    const healthChecks = new VaultHealthChecks(this, "health", { namePrefix: prefix });
    this.instanceGroupManager = new ComputeRegionInstanceGroupManager(this, "nodes", {
      name: `${prefix}-vault`,
      baseInstanceName: `${prefix}-vault`,
      region: props.region,
      distributionPolicyZones: [...props.zones],
      distributionPolicyTargetShape: "EVEN",
      targetSize: props.nodes,
      version: [{ name: "vault", instanceTemplate: this.template.template.selfLink }],
      // Raft data lives on the data disk: the group re-attaches it when it recreates an instance.
      statefulDisk: [{ deviceName: RAFT_DEVICE_NAME, deleteRule: "NEVER" }],
      autoHealingPolicies: { healthCheck: healthChecks.alive.id, initialDelaySec: 600 },
      // Never roll the whole quorum: a new template applies to a node only when the operator replaces it
      // (README, Vault). Stateful disks need RECREATE (same names) and no proactive zone redistribution;
      // regional groups require maxUnavailable of 0 or at least the number of zones.
      updatePolicy: {
        type: "OPPORTUNISTIC",
        minimalAction: "REPLACE",
        replacementMethod: "RECREATE",
        instanceRedistributionType: "NONE",
        maxSurgeFixed: 0,
        maxUnavailableFixed: props.zones.length,
      },
      waitForInstances: false,
    });
    this.loadBalancer = new VaultLoadBalancer(this, "lb", {
      namePrefix: prefix,
      region: props.region,
      network: props.network,
      subnetwork: props.subnetwork,
      instanceGroup: this.instanceGroupManager.instanceGroup,
      healthCheck: healthChecks.serving.id,
      dnsName: tlsServerName,
    });
    new VaultFirewall(this, "firewall", {
      namePrefix: prefix,
      network: props.network,
      serviceAccountEmail: account.email,
      clientCidrs: props.clientCidrs,
      healthCheckRanges: props.healthCheckRanges,
    });
  }
}

function validate(props: VaultClusterProps): void {
  if (props.nodes !== 3 && props.nodes !== 5) {
    throw new Error(
      `VaultCluster ${props.namePrefix}: nodes must be 3 or 5 (an odd raft quorum), got ${props.nodes}`,
    );
  }
  if (new Set(props.zones).size < 3) {
    throw new Error(
      `VaultCluster ${props.namePrefix}: zones must name at least 3 different zones, got ${props.zones.join(", ")}`,
    );
  }
}
