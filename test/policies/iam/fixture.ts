import { type Attrs, resourceIn, scopeFor, tf } from "../../support/control-fixtures";

export const PARENT = "projects/123456";

export const policy = (constraint: string, rule: Attrs) => ({
  name: `${PARENT}/policies/${constraint}`,
  parent: PARENT,
  spec: { rules: [rule] },
});

/**
 * The boolean constraints IAM-03 requires enforced, restated here rather than imported from the control, so the
 * test states the requirement and a constraint dropped from the control shows.
 */
export const BOOLEAN_CONSTRAINTS = [
  "compute.requireOsLogin",
  "compute.requireShieldedVm",
  "compute.skipDefaultNetworkCreation",
  "compute.disableSerialPortAccess",
  "storage.uniformBucketLevelAccess",
  "storage.publicAccessPrevention",
  "sql.restrictPublicIp",
  "iam.disableServiceAccountKeyCreation",
];

/** Every constraint IAM-03 requires, in the order it reports them. */
export const ALL_CONSTRAINTS = [
  ...BOOLEAN_CONSTRAINTS,
  "compute.vmExternalIpAccess",
  "gcp.resourceLocations",
];

/** The Terraform resource name of the policy for a constraint. */
export const policyName = (constraint: string) => constraint.replace(/\W/g, "_");

/** A compliant foundation: every guardrail, narrow workload roles, and a PAM entitlement for admins. */
export const FOUNDATION_STACK = tf({
  google_org_policy_policy: {
    ...Object.fromEntries(BOOLEAN_CONSTRAINTS.map((c) => [policyName(c), policy(c, { enforce: "TRUE" })])),
    [policyName("compute.vmExternalIpAccess")]: policy("compute.vmExternalIpAccess", { deny_all: "TRUE" }),
    [policyName("gcp.resourceLocations")]: policy("gcp.resourceLocations", {
      values: { allowed_values: ["in:europe-west2-locations", "in:europe-west1-locations"] },
    }),
  },
  google_service_account: { vault: { account_id: "vault" } },
  google_project_iam_member: {
    vault_logs: {
      project: "p",
      role: "roles/logging.logWriter",
      member: "${google_service_account.vault.member}",
    },
    breakglass: {
      project: "p",
      role: "roles/resourcemanager.projectIamAdmin",
      member: "group:breakglass@example.com",
      condition: { title: "until", expression: 'request.time < timestamp("2026-12-31T00:00:00Z")' },
    },
  },
  google_privileged_access_manager_entitlement: {
    admins: { entitlement_id: "admins", location: "global", max_request_duration: "3600s" },
  },
});

export const scope = scopeFor(FOUNDATION_STACK);

/** The (mutable) `google_project_iam_member.<name>` of a foundation stack. */
export const member = (json: Attrs, name: string) => resourceIn(json, "google_project_iam_member", name);
