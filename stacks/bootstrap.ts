import { LocalBackend, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { KmsKeyRing } from "@cdktf/provider-google/lib/kms-key-ring";
import { ProjectService } from "@cdktf/provider-google/lib/project-service";
import type { Config } from "../config/schema";
import { DefaultServiceAccountGrants } from "../constructs/iam/default-service-account-grants";
import { ProjectOrgPolicies } from "../constructs/iam/project-org-policies";
import { StateBucket } from "../constructs/state/state-bucket";
import { stateBucketName } from "./naming";
import { addGoogleProvider } from "./provider";

export const BOOTSTRAP_STACK = "bootstrap";
/**
 * Terraform runs in `cdktf.out/stacks/bootstrap/`, which every synth replaces; the state file must live
 * outside it, in the project root (`terraform.bootstrap.tfstate`). Relative, so no machine path is synthesized.
 */
export const BOOTSTRAP_STATE_FILE = "../../../terraform.bootstrap.tfstate";

/**
 * The one stack with local state: it creates the bucket every other stack keeps its state in, in the state
 * project and region, with the bucket's own key ring and key, its access log bucket and the state project's
 * Data Access audit logs for Cloud Storage (every read and write of the state is recorded), and sets the
 * baseline's org policies on the state project (resource locations limited to the state region). Deployed
 * once, before anything else.
 */
export class BootstrapStack extends TerraformStack {
  readonly stateBucket: StateBucket;

  constructor(scope: Construct, config: Config) {
    super(scope, BOOTSTRAP_STACK);
    const { projectId, projectNumber, region } = config.stateBackend;
    addGoogleProvider(this, { project: projectId, region, labels: config.labels });
    new LocalBackend(this, { path: BOOTSTRAP_STATE_FILE });
    const apis = [
      "cloudkms.googleapis.com",
      "storage.googleapis.com",
      "orgpolicy.googleapis.com",
      "cloudresourcemanager.googleapis.com",
    ].map((service) => new ProjectService(this, service.split(".")[0], { service, disableOnDestroy: false }));
    // The state project gets the same guardrails as every environment, confined to the state region.
    // The deployer lacks Organization Policy Administrator only organization-wide: when no environment may set
    // org policies, the state project does not either.
    if (config.environments.some((env) => env.orgPolicies !== false))
      new ProjectOrgPolicies(this, "org-policies", { projectNumber, allowedRegions: [region], after: apis });
    // Editor granted to a default service account before the constraint above held (a no-op when there is none).
    new DefaultServiceAccountGrants(this, "default-service-accounts", {
      projectId,
      projectNumber,
      after: apis,
    });
    const ring = new KmsKeyRing(this, "state-ring", {
      name: `${config.organization}-terraform-state`,
      location: region,
      lifecycle: { preventDestroy: true },
      dependsOn: apis,
    });
    this.stateBucket = new StateBucket(this, "state", {
      name: stateBucketName(config),
      location: region,
      keyRing: ring.id,
      projectId,
      projectNumber,
      after: apis,
      // The state key rotates as often as the most demanding environment asks for.
      keyRotationDays: Math.min(...config.environments.map((env) => env.kms.rotationDays)),
    });
  }
}
