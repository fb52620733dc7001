import { Construct } from "constructs";
import type { ITerraformDependable } from "cdktf";
import { OrgPolicyPolicy, type OrgPolicyPolicySpecRules } from "@cdktf/provider-google/lib/org-policy-policy";

/** Boolean constraints the baseline enforces on every project. */
export const ENFORCED_CONSTRAINTS = [
  "compute.requireOsLogin",
  "compute.requireShieldedVm",
  "compute.skipDefaultNetworkCreation",
  "compute.disableSerialPortAccess",
  "storage.uniformBucketLevelAccess",
  "storage.publicAccessPrevention",
  "sql.restrictPublicIp",
  "iam.disableServiceAccountKeyCreation",
  // Without it Google grants Editor to the default Compute Engine and App Engine service accounts when they are
  // created; it prevents only future grants (see DefaultServiceAccountEditorRemoval for existing ones).
  "iam.automaticIamGrantsForDefaultServiceAccounts",
] as const;

/**
 * The only Cloud Run ingress the project allows: requests from the VPC and from Google Cloud load balancers,
 * never straight from the internet to the service's run.app URL (which would bypass Cloud Armor). The `is:`
 * prefix marks a literal value of a list constraint.
 */
export const CLOUD_RUN_INGRESS = "is:internal-and-cloud-load-balancing";

export interface ProjectOrgPoliciesProps {
  readonly projectNumber: string;
  /** Regions resources may be created in (data residency); each becomes the `in:<region>-locations` group. */
  readonly allowedRegions: readonly string[];
  /** What must exist first (the Organization Policy API). */
  readonly after?: ITerraformDependable[];
}

/**
 * Organization policy guardrails set on one project, so the API itself refuses what the baseline forbids
 * even outside Terraform: no external IPs on VMs, the boolean constraints in ENFORCED_CONSTRAINTS, Cloud Run
 * ingress limited to internal and load-balancer traffic, and resource locations limited to the allowed
 * regions. Guarantees every constraint is set; none is optional.
 *
 * `run.allowedIngress` is set on every project, not only where the edge has a Cloud Run backend: it costs
 * nothing where no Cloud Run service exists, a service added later outside this code is covered from its first
 * deploy, and the baseline's own Cloud Run workloads are jobs, which have no ingress. Google checks the
 * constraint when a service is created or its ingress changed; a service already serving with ingress `all`
 * keeps it until redeployed with a compliant ingress.
 */
export class ProjectOrgPolicies extends Construct {
  readonly policies: OrgPolicyPolicy[];

  constructor(scope: Construct, id: string, props: ProjectOrgPoliciesProps) {
    super(scope, id);
    if (props.allowedRegions.length === 0)
      throw new Error("ProjectOrgPolicies: allowedRegions must not be empty");
    const parent = `projects/${props.projectNumber}`;
    const policy = (constraint: string, rule: OrgPolicyPolicySpecRules) =>
      new OrgPolicyPolicy(this, constraint, {
        name: `${parent}/policies/${constraint}`,
        parent,
        spec: { rules: [rule] },
        dependsOn: props.after,
      });
    this.policies = [
      policy("compute.vmExternalIpAccess", { denyAll: "TRUE" }),
      ...ENFORCED_CONSTRAINTS.map((constraint) => policy(constraint, { enforce: "TRUE" })),
      policy("run.allowedIngress", { values: { allowedValues: [CLOUD_RUN_INGRESS] } }),
      // Value groups (`in:europe-west2-locations`) cover the region and its zones; a bare region would not.
      policy("gcp.resourceLocations", {
        values: { allowedValues: props.allowedRegions.map((region) => `in:${region}-locations`) },
      }),
    ];
  }
}
