import type { Config, EnvironmentConfig } from "../config/schema";

/** Globally unique name of the Terraform state bucket (created by the bootstrap stack). */
export function stateBucketName(config: Pick<Config, "organization" | "stateBackend">): string {
  return `${config.organization}-${config.stateBackend.projectId}-tfstate`;
}

/** Resource name prefix for one environment: `acme-prod`. */
export function envPrefix(env: Pick<EnvironmentConfig, "organization" | "name">): string {
  return `${env.organization}-${env.name}`;
}

/** Stack names are `<env>-<concern>`; the policy layer derives the environment from them. */
export function stackName(env: Pick<EnvironmentConfig, "name">, concern: string): string {
  return `${env.name}-${concern}`;
}
