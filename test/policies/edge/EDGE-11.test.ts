import { EDGE11CloudRunIngress } from "../../../policies/controls/edge/EDGE-11-cloud-run-ingress";
import {
  type Attrs,
  expectFails,
  expectPasses,
  markUnknown,
  mutate,
  run,
} from "../../support/control-fixtures";
import { environmentScope, environmentStacks, resourceWith } from "../../support/environment";
import type { TerraformJson } from "../../support/synth";
import { EDGE, scope as edgeOnly } from "./fixture";

const PROD = environmentStacks("prod");
const scopeOf = (stacks: Record<string, TerraformJson> = PROD) => environmentScope(stacks, "prod");
const NEG = `google_compute_region_network_endpoint_group.${
  Object.keys(EDGE.resource.google_compute_region_network_endpoint_group)[0]
}`;
const ingressPolicy = (stacks: Record<string, TerraformJson>) =>
  resourceWith(
    stacks,
    "google_org_policy_policy",
    "name",
    "projects/100000000003/policies/run.allowedIngress",
  );

/** The prod stacks with the run.allowedIngress policy changed by `change`. */
function withPolicy(change: (policy: Attrs) => void): Record<string, TerraformJson> {
  return mutate(PROD, (stacks) => change(ingressPolicy(stacks).attributes));
}

describe("EDGE-11 Cloud Run behind the load balancer accepts no direct internet traffic", () => {
  it("passes the prod environment: the foundation's run.allowedIngress allows only internal-and-cloud-load-balancing", () => {
    expect(ingressPolicy(PROD).attributes.spec).toEqual({
      rules: [{ values: { allowed_values: ["is:internal-and-cloud-load-balancing"] } }],
    });
    expectPasses(EDGE11CloudRunIngress, scopeOf());
    expect(run(EDGE11CloudRunIngress, scopeOf())).toEqual([`${NEG}: pass`]);
  });

  it("fails the edge stack alone: nothing restricts the service's ingress", () => {
    expectFails(EDGE11CloudRunIngress, edgeOnly(), NEG);
  });

  it.each([
    ["allows `all` among its values", (p: Attrs) => p.spec.rules[0].values.allowed_values.push("is:all")],
    ["allows all", (p: Attrs) => (p.spec.rules = [{ allow_all: "TRUE" }])],
    ["resets to the parent's policy", (p: Attrs) => (p.spec = { reset: true })],
    [
      "lists only denied values",
      (p: Attrs) => (p.spec.rules = [{ values: { denied_values: ["is:internal"] } }]),
    ],
    [
      "adds a conditional rule that allows all",
      (p: Attrs) => p.spec.rules.push({ allow_all: "TRUE", condition: { expression: "true" } }),
    ],
  ])("fails a policy that %s", (_, change) => {
    expectFails(EDGE11CloudRunIngress, scopeOf(withPolicy(change)), NEG);
  });

  it("fails a policy set on another project", () => {
    const elsewhere = withPolicy((p) => {
      p.name = "projects/999999999999/policies/run.allowedIngress";
      p.parent = "projects/999999999999";
    });
    const [result] = EDGE11CloudRunIngress.evaluate(scopeOf(elsewhere));
    expect(result.status).toBe("fail");
    expect(result.message).toContain("is set on projects/999999999999, not this environment's project");
  });

  it("accepts internal-only ingress, with or without the is: prefix", () => {
    const internal = withPolicy((p) => (p.spec.rules[0].values.allowed_values = ["internal"]));
    expectPasses(EDGE11CloudRunIngress, scopeOf(internal));
  });

  it("passes a service declared here with load-balancer ingress, and fails one declared with ingress all", () => {
    const service = (ingress: string) =>
      mutate(EDGE, (j) => {
        j.resource.google_cloud_run_v2_service = {
          web: { name: "web", location: "europe-west2", ingress, template: [{}] },
        };
      });
    expectPasses(EDGE11CloudRunIngress, edgeOnly(service("INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER")));
    const open = EDGE11CloudRunIngress.evaluate(edgeOnly(service("INGRESS_TRAFFIC_ALL")));
    expect(open.map((r) => r.status)).toEqual(["fail"]);
    expect(open[0].message).toContain("service web is declared with ingress INGRESS_TRAFFIC_ALL");
  });

  it("is unknown when the policy's spec is known only after apply", () => {
    const address = ingressPolicy(PROD).address;
    expect(run(EDGE11CloudRunIngress, markUnknown(scopeOf(), address, "spec"))).toEqual([`${NEG}: unknown`]);
  });

  it("is not applicable without a Cloud Run NEG", () => {
    const none = mutate(EDGE, (j) => delete j.resource.google_compute_region_network_endpoint_group);
    expect(run(EDGE11CloudRunIngress, edgeOnly(none))).toEqual(["project: not-applicable"]);
  });
});
