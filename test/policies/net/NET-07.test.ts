import { NET07DefaultDenyEgress } from "../../../policies/controls/net/NET-07-default-deny-egress";
import { expectFails, expectPasses, mutate, resultFor, run } from "../../support/control-fixtures";
import { LOGGED, NETWORK, NETWORK_STACK, firewall, scope } from "./fixture";

const VPC = "google_compute_network.vpc";

describe("NET-07 Explicit, logged default-deny egress rule", () => {
  it("passes a network with a logged deny-all egress rule", () => {
    expectPasses(NET07DefaultDenyEgress, scope());
    expect(run(NET07DefaultDenyEgress, scope())).toEqual(["google_compute_network.vpc: pass"]);
  });

  it("fails when the deny-all rule is missing", () => {
    const json = mutate(NETWORK_STACK, (j) => delete j.resource.google_compute_firewall.deny_egress);
    expectFails(NET07DefaultDenyEgress, scope(json), VPC);
    expect(run(NET07DefaultDenyEgress, scope(json))).toEqual(["google_compute_network.vpc: fail"]);
  });

  it("fails a deny-all rule covering only some ports", () => {
    const partial = mutate(NETWORK_STACK, (j) => (firewall(j, "deny_egress").deny = [{ protocol: "tcp" }]));
    expectFails(NET07DefaultDenyEgress, scope(partial), VPC);
    expect(run(NET07DefaultDenyEgress, scope(partial))).toEqual(["google_compute_network.vpc: fail"]);
  });

  it("fails a deny-all rule whose log_config is null (unset: the rule does not log)", () => {
    const json = mutate(NETWORK_STACK, (j) => (firewall(j, "deny_egress").log_config = null));
    expectFails(NET07DefaultDenyEgress, scope(json), VPC);
    expect(resultFor(NET07DefaultDenyEgress, scope(json), VPC).message).toContain("does not log");
  });

  it("fails a deny-all rule whose direction is null (unset: the provider default is INGRESS)", () => {
    const json = mutate(NETWORK_STACK, (j) => (firewall(j, "deny_egress").direction = null));
    expectFails(NET07DefaultDenyEgress, scope(json), VPC);
  });

  describe("a default deny that something evaluated first makes moot", () => {
    const withAllowAll = (priority: number | null) =>
      mutate(NETWORK_STACK, (j) => {
        j.resource.google_compute_firewall.open_egress = {
          name: "allow-all-egress",
          network: NETWORK,
          direction: "EGRESS",
          priority,
          allow: [{ protocol: "all" }],
          log_config: LOGGED,
        };
      });

    it("fails a deny-all egress rule shadowed by an allow-all egress rule at a higher priority", () => {
      const json = withAllowAll(1000);
      expectFails(NET07DefaultDenyEgress, scope(json), VPC);
      expect(run(NET07DefaultDenyEgress, scope(json))).toEqual(["google_compute_network.vpc: fail"]);
      const below = mutate(json, (j) => (firewall(j, "open_egress").priority = 65535));
      expect(run(NET07DefaultDenyEgress, scope(below))).toEqual(["google_compute_network.vpc: pass"]);
    });

    it("fails a deny-all egress rule shadowed by an allow of every TCP and UDP port to 0.0.0.0/0", () => {
      const withAllow = (allow: unknown[], extra: Record<string, unknown> = {}) =>
        mutate(NETWORK_STACK, (j) => {
          j.resource.google_compute_firewall.open_egress = {
            name: "allow-tcp-udp-egress",
            network: NETWORK,
            direction: "EGRESS",
            allow,
            destination_ranges: ["0.0.0.0/0"],
            log_config: LOGGED,
            ...extra,
          };
        });
      const tcpUdp = withAllow([{ protocol: "tcp" }, { protocol: "udp" }]);
      expectFails(NET07DefaultDenyEgress, scope(tcpUdp), VPC);
      expect(resultFor(NET07DefaultDenyEgress, scope(tcpUdp), VPC).message).toContain(
        "is shadowed by google_compute_firewall.open_egress",
      );
      // Ranges covering every port, and protocol numbers, count the same.
      const ranges = withAllow([
        { protocol: "6", ports: ["1-32767", "32768-65535"] },
        { protocol: "udp", ports: ["0-65535"] },
      ]);
      expectFails(NET07DefaultDenyEgress, scope(ranges), VPC);
      // TCP alone, a port missing, or an allow for tagged VMs only, leaves the deny-all something to deny.
      expectPasses(NET07DefaultDenyEgress, scope(withAllow([{ protocol: "tcp" }])));
      expectPasses(
        NET07DefaultDenyEgress,
        scope(withAllow([{ protocol: "tcp" }, { protocol: "udp", ports: ["1-65534"] }])),
      );
      expectPasses(
        NET07DefaultDenyEgress,
        scope(withAllow([{ protocol: "tcp" }, { protocol: "udp" }], { target_tags: ["proxy"] })),
      );
      expectPasses(
        NET07DefaultDenyEgress,
        scope(withAllow([{ protocol: "tcp" }, { protocol: "udp" }], { priority: 65535 })),
      );
    });

    it("reads an allow-all's null priority as 1000 (the provider default), above the deny-all", () => {
      expectFails(NET07DefaultDenyEgress, scope(withAllowAll(null)), VPC);
    });

    it("reads a deny-all's null priority as 1000 (the provider default), below an allow-all at 500", () => {
      const json = mutate(withAllowAll(500), (j) => (firewall(j, "deny_egress").priority = null));
      expectFails(NET07DefaultDenyEgress, scope(json), VPC);
    });
  });

  it("counts the rules that exist: fails on an empty for_each, passes on count = 1", () => {
    const empty = mutate(NETWORK_STACK, (j) => (firewall(j, "deny_egress").for_each = {}));
    expect(run(NET07DefaultDenyEgress, scope(empty))).toEqual(["google_compute_network.vpc: fail"]);
    const one = mutate(NETWORK_STACK, (j) => (firewall(j, "deny_egress").count = 1));
    expect(run(NET07DefaultDenyEgress, scope(one))).toEqual(["google_compute_network.vpc: pass"]);
  });

  it("is unknown when the only deny-all rule's for_each is an expression", () => {
    const each = mutate(NETWORK_STACK, (j) => (firewall(j, "deny_egress").for_each = "${var.rules}"));
    expect(run(NET07DefaultDenyEgress, scope(each))).toEqual(["google_compute_network.vpc: unknown"]);
  });
});
