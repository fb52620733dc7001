import type { App } from "cdktf";
import type { Config } from "../config/schema";
import { BackupStack } from "./backup";
import type { BaselineStack } from "./baseline-stack";
import { BootstrapStack } from "./bootstrap";
import { DataStack } from "./data";
import { EdgeStack } from "./edge";
import { FoundationStack } from "./foundation";
import { KmsStack } from "./kms";
import { MonitoringStack } from "./monitoring";
import { NetworkStack } from "./network";
import { VaultStack } from "./vault";
import { VaultConfigStack } from "./vault-config";

/**
 * Declares every stack of the baseline: the bootstrap stack, then each environment's stacks, and the deploy
 * order between them. Every explicit dependency is declared here; cdktf adds the others itself wherever a stack
 * reads another's value (foundation, backup, data, vault, monitoring read kms; data, vault, monitoring read
 * network). Per environment: kms -> foundation -> network -> backup, data, vault, edge, monitoring;
 * vault-config after vault (and data); monitoring after vault and backup.
 */
export function defineBaseline(app: App, config: Config): void {
  new BootstrapStack(app, config);
  for (const env of config.environments) {
    const kms = new KmsStack(app, config, env);
    const foundation = new FoundationStack(app, config, env, kms);
    const network = new NetworkStack(app, config, env);
    const backup = new BackupStack(app, config, env, { kms });
    const dependents: BaselineStack[] = [network, backup];
    const data = env.database.enabled ? new DataStack(app, config, env, { kms, network }) : undefined;
    if (data) dependents.push(data);
    const vault = env.vault.enabled ? new VaultStack(app, config, env, { kms, network }) : undefined;
    if (vault) dependents.push(vault);
    // Vault's own configuration, applied once the cluster is initialised (README, Vault configuration).
    if (vault && env.vault.config) {
      const vaultConfig = new VaultConfigStack(app, config, env, env.vault.config, { vault, data });
      vaultConfig.addDependency(vault);
      if (data) vaultConfig.addDependency(data);
      dependents.push(vaultConfig);
    }
    if (env.edge.enabled) dependents.push(new EdgeStack(app, config, env));
    // Audit logs and alerts always; Wazuh, Zeek and Packet Mirroring only when monitoring.enabled.
    const monitoring = new MonitoringStack(app, config, env, { kms, network, backup });
    dependents.push(monitoring);
    // The Wazuh archive writes into the backup bucket as the backup stack's Wazuh writer, on which the manager is
    // granted token creation (names only cross over: cdktf cannot infer the order).
    if (env.monitoring.enabled) monitoring.addDependency(backup);
    // The Wazuh enrolment secret is readable by the Vault nodes' service account, which must exist first.
    if (vault && env.monitoring.enabled) monitoring.addDependency(vault);
    // Foundation enables the APIs every other stack uses and grants the service agents their keys (for disks,
    // buckets, SQL, secrets, logs). No value flows from it to these stacks, so cdktf cannot infer the order.
    for (const stack of dependents) stack.addDependency(foundation);
  }
}
