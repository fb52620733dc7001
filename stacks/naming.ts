import type { Config } from "../config/schema";

/** Globally unique name of the Terraform state bucket (created by the bootstrap stack). */
export function stateBucketName(config: Pick<Config, "organization" | "stateBackend">): string {
  return `${config.organization}-${config.stateBackend.projectId}-tfstate`;
}
