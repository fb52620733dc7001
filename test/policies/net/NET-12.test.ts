import { NET12TargetedIngress } from "../../../policies/controls/net/NET-12-targeted-ingress";
import { expectFails, expectPasses, mutate, run } from "../../support/control-fixtures";
import { DYNAMIC_BLOCKS, NETWORK_STACK, firewall, scope } from "./fixture";

const HEALTH = "google_compute_firewall.health";

describe("NET-12 Ingress allow rules target specific VMs", () => {
  it("passes ingress allows with target tags", () => {
    expectPasses(NET12TargetedIngress, scope());
    expect(run(NET12TargetedIngress, scope())).toEqual([
      "google_compute_firewall.iap_ssh: pass",
      "google_compute_firewall.health: pass",
    ]);
  });

  it("fails an ingress allow that applies to every VM", () => {
    const json = mutate(NETWORK_STACK, (j) => delete firewall(j, "health").target_tags);
    expectFails(NET12TargetedIngress, scope(json), HEALTH);
    expect(run(NET12TargetedIngress, scope(json))).toContain("google_compute_firewall.health: fail");
  });

  it("fails an ingress allow whose target_tags is null (unset: it applies to every VM)", () => {
    const json = mutate(NETWORK_STACK, (j) => (firewall(j, "health").target_tags = null));
    expectFails(NET12TargetedIngress, scope(json), HEALTH);
  });

  it("judges a rule with a dynamic allow block and no target as an untargeted allow", () => {
    expect(run(NET12TargetedIngress, scope(DYNAMIC_BLOCKS))).toContain(
      "google_compute_firewall.health: fail",
    );
  });
});
