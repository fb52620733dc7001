import { GcsBackend, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { Config, EnvironmentConfig } from "../config/schema";
import { stackName } from "../shared/stack-naming";
import { stateBucketName } from "./naming";
import { addGoogleProvider } from "./provider";

/**
 * Base of every environment stack: the Google provider pinned to the environment's project and primary
 * region with the configured labels, and state in the bootstrap bucket under `<env>/<concern>`.
 */
export abstract class BaselineStack extends TerraformStack {
  constructor(
    scope: Construct,
    readonly config: Config,
    readonly env: EnvironmentConfig,
    readonly concern: string,
  ) {
    super(scope, stackName(env.name, concern));
    addGoogleProvider(this, {
      project: env.projectId,
      region: env.primaryRegion,
      labels: { ...env.labels, environment: env.name },
    });
    new GcsBackend(this, { bucket: stateBucketName(config), prefix: `${env.name}/${concern}` });
  }
}
