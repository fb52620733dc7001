import type { Construct } from "constructs";
import type { Config, EnvironmentConfig } from "../config/schema";
import { NETWORK_TAGS } from "../shared/network-tags";
import { SnapshotSchedule } from "../constructs/bak/snapshot-schedule";
import { VaultCluster } from "../constructs/sec/vault/cluster";
import { VAULT_PATHS } from "../constructs/sec/vault/layout";
import { renderWazuhAgentInstall, wazuhManagerDnsName } from "../constructs/mon/wazuh/agent";
import { BaselineStack } from "./baseline-stack";
import type { KmsStack } from "./kms";
import { envPrefix } from "../shared/stack-naming";
import { HEALTH_CHECK_RANGES } from "../shared/google-ranges";
import type { NetworkStack } from "./network";
import { BackupStack } from "./backup";

export interface VaultStackDependencies {
  readonly kms: KmsStack;
  readonly network: NetworkStack;
  /** The backup stack (its Vault snapshot writer reads the CA certificate); found in the app when not given. */
  readonly backup?: BackupStack;
}

/** `<env>-vault`: the environment's Vault cluster in the primary region, sealed by the kms stack's HSM key. */
export class VaultStack extends BaselineStack {
  readonly cluster: VaultCluster;

  constructor(scope: Construct, config: Config, env: EnvironmentConfig, deps: VaultStackDependencies) {
    super(scope, config, env, "vault");
    const prefix = envPrefix(env);
    const region = env.primaryRegion;
    const ring = deps.kms.keyRing("primary");
    const unsealKey = deps.kms.key("vaultUnseal", "primary");
    // The raft snapshot job's account reads the CA certificate the nodes publish (a reference to the backup
    // stack: it is applied first).
    const snapshotWriter = (deps.backup ?? BackupStack.declaredIn(scope, env)).writers.vault;
    const snapshots = new SnapshotSchedule(this, "raft-snapshots", {
      name: `${prefix}-vault-raft-daily`,
      region,
      storageRegion: env.backupRegion,
      retentionDays: env.backups.retentionDays,
      startTime: env.backups.snapshotStartTime,
    });
    this.cluster = new VaultCluster(this, "vault", {
      namePrefix: prefix,
      project: env.projectId,
      region,
      zones: env.vault.zoneSuffixes.map((zone) => `${region}-${zone}`),
      nodes: env.vault.nodes,
      machineType: env.vault.machineType,
      version: env.vault.version,
      dataDiskGb: env.vault.dataDiskGb,
      network: deps.network.network.id,
      subnetwork: deps.network.subnets.vault.id,
      nodeRange: env.network.subnets.vault,
      clientCidrs: env.vault.clientCidrs,
      healthCheckRanges: HEALTH_CHECK_RANGES,
      unsealKey: { id: unsealKey.id, name: unsealKey.name, keyRingName: ring.name, location: ring.location },
      diskKey: deps.kms.key("disks", "primary").id,
      secretKey: deps.kms.key("storage", "primary").id,
      snapshotSchedule: snapshots,
      // Vault administrators are the environment's IAP members until the configuration names them apart.
      adminMembers: env.vault.adminMembers ?? env.adminAccess.iapMembers,
      extraNetworkTags: [NETWORK_TAGS.iapSsh, NETWORK_TAGS.packageEgress],
      wazuhAgent: env.monitoring.enabled
        ? renderWazuhAgentInstall({
            version: env.monitoring.wazuh.version,
            managerAddress: wazuhManagerDnsName(env),
            localfiles: [{ location: VAULT_PATHS.auditLog, logFormat: "json" }],
          })
        : undefined,
      caCertificateReader: snapshotWriter?.account.member,
      labels: { component: "vault" },
    });
  }
}
