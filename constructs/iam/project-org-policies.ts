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
] as const;

export interface ProjectOrgPoliciesProps {
  readonly projectNumber: string;
  /** Regions resources may be created in (data residency); each becomes the `in:<region>-locations` group. */
  readonly allowedRegions: readonly string[];
  /** What must exist first (the Organization Policy API). */
  readonly after?: ITerraformDependable[];
}

/**
 * Organization policy guardrails set on one project, so the API itself refuses what the baseline forbids
 * even outside Terraform: no external IPs on VMs, the boolean constraints in ENFORCED_CONSTRAINTS, and
 * resource locations limited to the allowed regions. Guarantees every constraint is set; none is optional.
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
      // Value groups (`in:europe-west2-locations`) cover the region and its zones; a bare region would not.
      policy("gcp.resourceLocations", {
        values: { allowedValues: props.allowedRegions.map((region) => `in:${region}-locations`) },
      }),
    ];
  }
}
