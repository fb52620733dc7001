import { NET06DefaultDenyIngress } from "../../../policies/controls/net/NET-06-default-deny-ingress";
import { expectFails, expectPasses, mutate, resultFor, run } from "../../support/control-fixtures";
import { NETWORK, LOGGED, NETWORK_STACK, firewall, scope } from "./fixture";

const VPC = "google_compute_network.vpc";

describe("NET-06 Explicit, logged default-deny ingress rule", () => {
  it("passes a network with a logged deny-all ingress rule", () => {
    expectPasses(NET06DefaultDenyIngress, scope());
    expect(run(NET06DefaultDenyIngress, scope())).toEqual(["google_compute_network.vpc: pass"]);
  });

  it("fails when the deny-all ingress rule is missing", () => {
    const json = mutate(NETWORK_STACK, (j) => delete j.resource.google_compute_firewall.deny_ingress);
    expectFails(NET06DefaultDenyIngress, scope(json), VPC);
  });

  it("still passes when only the egress deny-all rule is missing", () => {
    const json = mutate(NETWORK_STACK, (j) => delete j.resource.google_compute_firewall.deny_egress);
    expect(run(NET06DefaultDenyIngress, scope(json))).toEqual(["google_compute_network.vpc: pass"]);
  });

  it("fails a deny-all rule without logging or with targets", () => {
    const unlogged = mutate(NETWORK_STACK, (j) => delete firewall(j, "deny_ingress").log_config);
    expectFails(NET06DefaultDenyIngress, scope(unlogged), VPC);
    expect(resultFor(NET06DefaultDenyIngress, scope(unlogged), VPC).message).toContain("does not log");
    const targeted = mutate(NETWORK_STACK, (j) => (firewall(j, "deny_ingress").target_tags = ["web"]));
    expect(run(NET06DefaultDenyIngress, scope(targeted))).toEqual(["google_compute_network.vpc: fail"]);
  });

  it("fails a deny-all rule whose log_config is null (unset: the rule does not log)", () => {
    const json = mutate(NETWORK_STACK, (j) => (firewall(j, "deny_ingress").log_config = null));
    expectFails(NET06DefaultDenyIngress, scope(json), VPC);
    expect(resultFor(NET06DefaultDenyIngress, scope(json), VPC).message).toContain("does not log");
  });

  it("reads a null priority as 1000 (the provider default), shadowed by an allow-all at a higher priority", () => {
    const json = mutate(NETWORK_STACK, (j) => {
      firewall(j, "deny_ingress").priority = null;
      j.resource.google_compute_firewall.open_ingress = {
        name: "allow-all-ingress",
        network: NETWORK,
        direction: "INGRESS",
        priority: 500,
        allow: [{ protocol: "all" }],
        source_ranges: ["0.0.0.0/0"],
        log_config: LOGGED,
      };
    });
    expectFails(NET06DefaultDenyIngress, scope(json), VPC);
  });

  it("only counts rules of the same network", () => {
    const json = mutate(NETWORK_STACK, (j) => {
      j.resource.google_compute_network.other = { name: "other", auto_create_subnetworks: false };
    });
    expectFails(NET06DefaultDenyIngress, scope(json), "google_compute_network.other");
    expect(run(NET06DefaultDenyIngress, scope(json))).toEqual([
      "google_compute_network.vpc: pass",
      "google_compute_network.other: fail",
    ]);
  });

  it("fails when the deny-all rule is declared with count = 0", () => {
    const none = mutate(NETWORK_STACK, (j) => (firewall(j, "deny_ingress").count = 0));
    expect(run(NET06DefaultDenyIngress, scope(none))).toEqual(["google_compute_network.vpc: fail"]);
  });

  it("does not count on a deny-all rule switched by an expression: fails when disabled is set from a variable", () => {
    const json = mutate(NETWORK_STACK, (j) => (firewall(j, "deny_ingress").disabled = "${var.off}"));
    expect(run(NET06DefaultDenyIngress, scope(json))).toEqual(["google_compute_network.vpc: fail"]);
  });

  it("is unknown when the only deny-all rule's count is an expression", () => {
    const counted = mutate(NETWORK_STACK, (j) => (firewall(j, "deny_ingress").count = "${var.on ? 1 : 0}"));
    expect(run(NET06DefaultDenyIngress, scope(counted))).toEqual(["google_compute_network.vpc: unknown"]);
    expect(resultFor(NET06DefaultDenyIngress, scope(counted), VPC).message).toContain(
      "exists only if its count",
    );
  });

  it("passes on another deny-all rule that is always created", () => {
    const json = mutate(NETWORK_STACK, (j) => {
      j.resource.google_compute_firewall.maybe = {
        ...firewall(j, "deny_ingress"),
        count: "${var.on ? 1 : 0}",
      };
      firewall(j, "maybe").name = "maybe-deny";
    });
    expect(run(NET06DefaultDenyIngress, scope(json))).toEqual(["google_compute_network.vpc: pass"]);
  });
});
