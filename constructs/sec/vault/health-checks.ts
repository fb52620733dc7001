import { Construct } from "constructs";
import { ComputeHealthCheck } from "@cdktf/provider-google/lib/compute-health-check";
import { VAULT_PORTS } from "../../../shared/vault";

/** Active or standby, initialized and unsealed: the nodes that can serve clients. */
export const SERVING_PATH = "/v1/sys/health?standbyok=true&perfstandbyok=true";
/**
 * Any node whose Vault process answers, sealed or not yet initialized included: recreating a node cannot
 * initialise or unseal it, and before `vault operator init` every node is uninitialized.
 */
export const ALIVE_PATH = `${SERVING_PATH}&sealedcode=200&uninitcode=200`;

/** HTTPS health checks on the Vault API port: `serving` for the load balancer, `alive` for auto-healing. */
export class VaultHealthChecks extends Construct {
  readonly serving: ComputeHealthCheck;
  readonly alive: ComputeHealthCheck;

  constructor(scope: Construct, id: string, props: { readonly namePrefix: string }) {
    super(scope, id);
    const check = (name: string, requestPath: string, unhealthyThreshold: number) =>
      new ComputeHealthCheck(this, name, {
        name: `${props.namePrefix}-vault-${name}`,
        checkIntervalSec: 10,
        timeoutSec: 5,
        healthyThreshold: 2,
        unhealthyThreshold,
        httpsHealthCheck: { port: VAULT_PORTS.api, requestPath },
      });
    this.serving = check("serving", SERVING_PATH, 2);
    this.alive = check("alive", ALIVE_PATH, 6);
  }
}
