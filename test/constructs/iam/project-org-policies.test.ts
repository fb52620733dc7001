import {
  CLOUD_RUN_INGRESS,
  ENFORCED_CONSTRAINTS,
  ProjectOrgPolicies,
} from "../../../constructs/iam/project-org-policies";
import { attributesOf, findResource, synthScope } from "../../support/synth";
import { expectUsedBarePasses } from "../used-bare";

describe("ProjectOrgPolicies", () => {
  const json = synthScope((stack) => {
    new ProjectOrgPolicies(stack, "guardrails", {
      projectNumber: "123456789012",
      allowedRegions: ["europe-west2", "europe-west1"],
    });
  });
  const policy = (constraint: string) =>
    findResource(json, "google_org_policy_policy", "name", `projects/123456789012/policies/${constraint}`);

  test("sets every guardrail on the project, and nothing else", () => {
    expect(
      attributesOf(json, "google_org_policy_policy")
        .map((p) => p.name.split("/").pop())
        .sort(),
    ).toEqual(
      [
        ...ENFORCED_CONSTRAINTS,
        "compute.vmExternalIpAccess",
        "gcp.resourceLocations",
        "run.allowedIngress",
      ].sort(),
    );
    for (const p of attributesOf(json, "google_org_policy_policy"))
      expect(p.parent).toBe("projects/123456789012");
  });

  test.each(ENFORCED_CONSTRAINTS)("enforces %s", (constraint) => {
    expect(policy(constraint).spec).toEqual({ rules: [{ enforce: "TRUE" }] });
  });

  test("denies external IPs on every VM", () => {
    expect(policy("compute.vmExternalIpAccess").spec).toEqual({ rules: [{ deny_all: "TRUE" }] });
  });

  test("allows Cloud Run only internal and load-balancer ingress", () => {
    expect(CLOUD_RUN_INGRESS).toBe("is:internal-and-cloud-load-balancing");
    expect(policy("run.allowedIngress").spec).toEqual({
      rules: [{ values: { allowed_values: ["is:internal-and-cloud-load-balancing"] } }],
    });
  });

  test("stops automatic Editor grants to default service accounts", () => {
    expect(ENFORCED_CONSTRAINTS).toContain("iam.automaticIamGrantsForDefaultServiceAccounts");
  });

  test("limits resource locations to the allowed regions' value groups", () => {
    expect(policy("gcp.resourceLocations").spec).toEqual({
      rules: [{ values: { allowed_values: ["in:europe-west2-locations", "in:europe-west1-locations"] } }],
    });
  });

  // RES-01 reads the allowed regions from gcp.resourceLocations but judges located resources, none of them here.
  test("used bare, it passes the org policy control", () => {
    expectUsedBarePasses(json, ["IAM-03"]);
  });

  test("refuses an empty region list (which would allow nothing, or everything if dropped)", () => {
    expect(() =>
      synthScope((stack) => {
        new ProjectOrgPolicies(stack, "guardrails", { projectNumber: "123456789012", allowedRegions: [] });
      }),
    ).toThrow("ProjectOrgPolicies: allowedRegions must not be empty");
  });
});
