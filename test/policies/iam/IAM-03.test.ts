import { IAM03OrgPolicies } from "../../../policies/controls/iam/IAM-03-org-policies";
import {
  type Attrs,
  expectFails,
  expectPasses,
  mutate,
  resourceIn,
  resultFor,
  run,
} from "../../support/control-fixtures";
import { ALL_CONSTRAINTS, FOUNDATION_STACK, member, policyName, scope } from "./fixture";

const orgPolicy = (j: Attrs, constraint: string) =>
  resourceIn(j, "google_org_policy_policy", policyName(constraint));
const address = (constraint: string) => `google_org_policy_policy.${policyName(constraint)}`;

describe("IAM-03 Guardrail organisation policies enforced on the project", () => {
  it("passes every required constraint", () => {
    expect(run(IAM03OrgPolicies, scope())).toEqual(ALL_CONSTRAINTS.map((c) => `${address(c)}: pass`));
    expectPasses(IAM03OrgPolicies, scope());
  });

  it.each(ALL_CONSTRAINTS)("fails at project level, naming %s, when its policy is missing", (constraint) => {
    const json = mutate(
      FOUNDATION_STACK,
      (j) => delete j.resource.google_org_policy_policy[policyName(constraint)],
    );
    const result = resultFor(IAM03OrgPolicies, scope(json));
    expect(result.status).toBe("fail");
    expect(result.message).toContain(constraint);
    expectFails(IAM03OrgPolicies, scope(json), "project");
  });

  it("fails policies that are declared but not enforced", () => {
    const json = mutate(FOUNDATION_STACK, (j) => {
      const policies = j.resource.google_org_policy_policy;
      policies[policyName("compute.requireOsLogin")].spec.rules = [{ enforce: "FALSE" }];
      policies[policyName("sql.restrictPublicIp")].spec.rules = [
        { enforce: "TRUE", condition: { expression: "resource.matchTag('env', 'prod')" } },
      ];
      policies[policyName("compute.vmExternalIpAccess")].spec.rules = [{ allow_all: "TRUE" }];
      policies[policyName("gcp.resourceLocations")].spec = { rules: [{ allow_all: "TRUE" }] };
      policies[policyName("iam.disableServiceAccountKeyCreation")].spec.reset = true;
    });
    const failing = run(IAM03OrgPolicies, scope(json)).filter((s) => s.endsWith("fail"));
    expect(failing).toEqual(
      [
        "compute.requireOsLogin",
        "sql.restrictPublicIp",
        "iam.disableServiceAccountKeyCreation",
        "compute.vmExternalIpAccess",
        "gcp.resourceLocations",
      ].map((c) => `${address(c)}: fail`),
    );
  });

  it.each<[string, string, (policy: Attrs) => void]>([
    ["enforce = null", "compute.requireOsLogin", (p) => (p.spec.rules[0].enforce = null)],
    ["deny_all = null", "compute.vmExternalIpAccess", (p) => (p.spec.rules[0].deny_all = null)],
    [
      "values.allowed_values = null",
      "gcp.resourceLocations",
      (p) => (p.spec.rules[0].values.allowed_values = null),
    ],
    ["spec = null", "storage.publicAccessPrevention", (p) => (p.spec = null)],
  ])("fails %s (unset: %s is not enforced)", (_, constraint, change) => {
    const json = mutate(FOUNDATION_STACK, (j) => change(orgPolicy(j, constraint)));
    expectFails(IAM03OrgPolicies, scope(json), address(constraint));
  });
});

describe("IAM-03 counts only policies on the environment's own project", () => {
  const moveTo = (j: Attrs, constraint: string, parent: string) => {
    orgPolicy(j, constraint).name = `${parent}/policies/${constraint}`;
    orgPolicy(j, constraint).parent = parent;
  };
  const statusOf = (json: Attrs, constraint: string) =>
    resultFor(IAM03OrgPolicies, scope(json), address(constraint)).status;

  it("fails a policy set on another project than the other required policies", () => {
    const json = mutate(FOUNDATION_STACK, (j) => moveTo(j, "compute.requireOsLogin", "projects/999999"));
    expect(run(IAM03OrgPolicies, scope(json)).filter((s) => !s.endsWith("pass"))).toEqual([
      `${address("compute.requireOsLogin")}: fail`,
    ]);
    expect(resultFor(IAM03OrgPolicies, scope(json), address("compute.requireOsLogin")).message).toContain(
      "set on projects/999999, not projects/123456",
    );
  });

  it("fails every policy set on a project other than the one the service agents name", () => {
    const json = mutate(FOUNDATION_STACK, (j) => {
      for (const c of ALL_CONSTRAINTS) moveTo(j, c, "projects/999999");
      member(j, "vault_logs").member = "serviceAccount:service-123456@gcp-sa-logging.iam.gserviceaccount.com";
    });
    expect(ALL_CONSTRAINTS.map((c) => statusOf(json, c))).toEqual(ALL_CONSTRAINTS.map(() => "fail"));
    const agreeing = mutate(json, (j) => {
      member(j, "vault_logs").member = "serviceAccount:service-999999@gcp-sa-logging.iam.gserviceaccount.com";
    });
    expect(ALL_CONSTRAINTS.map((c) => statusOf(agreeing, c))).toEqual(ALL_CONSTRAINTS.map(() => "pass"));
  });

  it("fails a policy whose parent and name name different projects", () => {
    const json = mutate(
      FOUNDATION_STACK,
      (j) => (orgPolicy(j, "sql.restrictPublicIp").parent = "projects/999999"),
    );
    expectFails(IAM03OrgPolicies, scope(json), address("sql.restrictPublicIp"));
  });

  it("is unknown for a lone policy whose project nothing confirms", () => {
    const json = mutate(FOUNDATION_STACK, (j) => {
      for (const c of ALL_CONSTRAINTS.slice(1)) delete j.resource.google_org_policy_policy[policyName(c)];
    });
    expect(statusOf(json, ALL_CONSTRAINTS[0])).toBe("unknown");
  });

  it("judges the policy on the environment's project when another project's copy is declared too", () => {
    const json = mutate(FOUNDATION_STACK, (j) => {
      j.resource.google_org_policy_policy.other = {
        ...orgPolicy(j, "compute.requireOsLogin"),
        name: "projects/999999/policies/compute.requireOsLogin",
        parent: "projects/999999",
      };
    });
    expect(statusOf(json, "compute.requireOsLogin")).toBe("pass");
  });

  it("is unknown for a policy whose count is an expression", () => {
    const json = mutate(
      FOUNDATION_STACK,
      (j) => (orgPolicy(j, "storage.publicAccessPrevention").count = "${var.guardrails ? 1 : 0}"),
    );
    expect(statusOf(json, "storage.publicAccessPrevention")).toBe("unknown");
  });
});
