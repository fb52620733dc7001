import { Construct } from "constructs";
import { ComputeRegionInstanceGroupManager } from "@cdktf/provider-google/lib/compute-region-instance-group-manager";
import { HardenedInstanceTemplate } from "../../cmp/hardened-instance-template";
import type { SnapshotSchedule } from "../../bak/snapshot-schedule";
import { renderVaultConfig } from "./config";
import { VaultFirewall } from "./firewall";
import { VaultHealthChecks } from "./health-checks";
import { VaultIdentity } from "./identity";
import {
  RAFT_DEVICE_NAME,
  VAULT_METADATA_KEYS,
  VAULT_NODE_TAG,
  vaultServiceName,
} from "../../../shared/vault";
import { VAULT_PATHS } from "./layout";
import { VaultLoadBalancer } from "./load-balancer";
import { renderVaultStartupScript } from "./startup-script";
import { VaultAdminAccess } from "./admin-access";
import { VaultCaSecret } from "./ca-secret";
import { renderVaultNodeTlsScript } from "./node-tls";

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
  /** The Vault subnet's range: the only addresses the deployment's Vault CA may certify. */
  readonly nodeRange: string;
  readonly clientCidrs: readonly string[];
  readonly healthCheckRanges: readonly string[];
  readonly unsealKey: UnsealKey;
  /** CMEK key (in `region`) for the boot and raft disks. */
  readonly diskKey: string;
  /** CMEK key (in `region`) for the CA secret. */
  readonly secretKey: string;
  /** Vault administrators: SSH through IAP and OS Login (no sudo) on the nodes, for the runbooks. */
  readonly adminMembers: readonly string[];
  /** Daily snapshots of the raft disk. */
  readonly snapshotSchedule: SnapshotSchedule;
  /** Name in the node certificates and the private DNS name of the API; default `vault.<prefix>.internal`. */
  readonly tlsServerName?: string;
  /** Tags for network-wide rules the nodes also need (IAP SSH, package egress through NAT). */
  readonly extraNetworkTags?: readonly string[];
  /** Bash fragment installing the Wazuh agent, from constructs/mon/wazuh/agent.ts. */
  readonly wazuhAgent?: string;
  /**
   * The principal (`serviceAccount:…`) that may read the CA certificate the nodes publish (the raft snapshot
   * job's account); it gets nothing on the CA bundle that holds the key.
   */
  readonly caCertificateReader?: string;
  readonly labels?: Record<string, string>;
}

/**
 * A highly available Vault cluster: a regional managed instance group of hardened VMs spread evenly over at
 * least 3 zones, each node keeping its raft identity (name, internal IP, raft disk) when the group recreates
 * it, raft storage on a CMEK data disk snapshotted daily, Cloud KMS auto-unseal with a key only its own
 * service account can use, TLS everywhere (a certificate per node from the deployment's own name-constrained
 * CA, kept in a CMEK-encrypted secret, never in Terraform), an internal passthrough load balancer with a
 * private DNS name, auto-healing that never recreates a node merely sealed or uninitialized, firewall rules
 * opening 8200 to clients and health checks and 8201 to peers only, and SSH for Vault administrators through
 * IAP and OS Login.
 */
export class VaultCluster extends Construct {
  readonly identity: VaultIdentity;
  readonly template: HardenedInstanceTemplate;
  readonly instanceGroupManager: ComputeRegionInstanceGroupManager;
  readonly loadBalancer: VaultLoadBalancer;
  /** The server configuration every node runs (also in the template's `vault-config` metadata). */
  readonly config: string;
  /** The script that gives each node its certificate from the deployment's Vault CA (in the boot script). */
  readonly nodeTlsScript: string;
  /** The CA bundle's secret (nodes only) and the certificate-only secret the nodes publish to. */
  readonly caSecret: VaultCaSecret;

  constructor(scope: Construct, id: string, props: VaultClusterProps) {
    super(scope, id);
    validate(props);
    const prefix = props.namePrefix;
    const tlsServerName = props.tlsServerName ?? vaultServiceName(prefix);
    this.identity = new VaultIdentity(this, "identity", {
      project: props.project,
      namePrefix: prefix,
      unsealKeyId: props.unsealKey.id,
    });
    const account = this.identity.serviceAccount;
    this.caSecret = new VaultCaSecret(this, "tls", {
      namePrefix: prefix,
      location: props.region,
      kmsKey: props.secretKey,
      nodes: account.member,
      certificateReader: props.caCertificateReader,
      labels: props.labels,
    });
    const caSecret = this.caSecret;
    this.nodeTlsScript = renderVaultNodeTlsScript({
      project: props.project,
      caSecret: caSecret.secretId,
      caCertificateSecret: caSecret.certificateSecretId,
      serviceName: tlsServerName,
      caName: `${prefix} Vault CA`,
      // The service name, and the names Compute Engine's internal DNS gives the nodes (zonal or global).
      permittedDns: [tlsServerName, `c.${props.project}.internal`],
      permittedRanges: [props.nodeRange],
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
        nodeTlsScript: this.nodeTlsScript,
        tlsServerName,
        nodes: props.nodes,
        wazuhAgent: props.wazuhAgent,
      }),
      networkTags: [VAULT_NODE_TAG, ...(props.extraNetworkTags ?? [])],
      labels: props.labels,
      metadata: {
        [VAULT_METADATA_KEYS.config]: this.config,
        [VAULT_METADATA_KEYS.auditFile]: VAULT_PATHS.auditLog,
        [VAULT_METADATA_KEYS.auditFallbackFile]: VAULT_PATHS.auditFallbackLog,
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
      // A node's raft identity is its instance name (node id), its address and its data. The group keeps all
      // three when it recreates an instance (auto-healing, recreate-instances, updates): RECREATE keeps the
      // name, the stateful disk the data, and the stateful internal IP the address the node advertises
      // (nic0). Raft never learns a new address of an existing peer: a node back at a new address is shut
      // out of replication while looking healthy (test/runtime/vault), so the address must not change.
      statefulDisk: [{ deviceName: RAFT_DEVICE_NAME, deleteRule: "NEVER" }],
      statefulInternalIp: [{ interfaceName: "nic0", deleteRule: "ON_PERMANENT_INSTANCE_DELETION" }],
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
    new VaultAdminAccess(this, "admins", {
      project: props.project,
      members: props.adminMembers,
      zones: props.zones,
      instanceNamePrefix: `${prefix}-vault`,
      nodeServiceAccount: account.account.name,
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
