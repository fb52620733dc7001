import type { App } from "cdktf";
import type { Config } from "../config/schema";
import { BackupStack } from "./backup";
import { BootstrapStack } from "./bootstrap";
import { DataStack } from "./data";
import { EdgeStack } from "./edge";
import { FoundationStack } from "./foundation";
import { KmsStack } from "./kms";
import { MonitoringStack } from "./monitoring";
import { NetworkStack } from "./network";
import { VaultStack } from "./vault";

/** Declares every stack of the baseline: the bootstrap stack, then each environment's stacks in dependency order. */
export function defineBaseline(app: App, config: Config): void {
  new BootstrapStack(app, config);
  for (const env of config.environments) {
    const kms = new KmsStack(app, config, env);
    const foundation = new FoundationStack(app, config, env, kms);
    const network = new NetworkStack(app, config, env);
    // The network needs the APIs foundation enables; no value flows between them, so order them explicitly.
    network.addDependency(foundation);
    new BackupStack(app, config, env, { kms, foundation });
    if (env.database.enabled) new DataStack(app, config, env, { kms, network, foundation });
    if (env.vault.enabled) new VaultStack(app, config, env, { kms, network, foundation });
    // The load balancer needs the Compute API that foundation enables; no value flows between them.
    if (env.edge.enabled) new EdgeStack(app, config, env).addDependency(foundation);
    // Audit logs and alerts always; Wazuh, Zeek and Packet Mirroring only when monitoring.enabled.
    new MonitoringStack(app, config, env, { kms, network, foundation });
  }
}
