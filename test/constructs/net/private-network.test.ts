import { PrivateNetwork } from "../../../constructs/net/private-network";
import { attributesOf, findResource, synthScope } from "../../support/synth";
import { expectUsedBarePasses } from "../used-bare";

function synthNetwork(internetRouteTags?: string[]) {
  return synthScope((stack) => {
    new PrivateNetwork(stack, "net", {
      name: "test-vpc",
      region: "europe-west2",
      subnets: {
        app: { name: "test-app", cidr: "10.0.0.0/24" },
        proxy: { name: "test-proxy", cidr: "10.0.8.0/23", proxyOnly: true },
      },
      internetRouteTags,
    });
  });
}

describe("PrivateNetwork", () => {
  const bare = synthNetwork();

  test("is a custom-mode VPC with regional routing and no default internet route", () => {
    expect(attributesOf(bare, "google_compute_network")).toEqual([
      {
        name: "test-vpc",
        auto_create_subnetworks: false,
        routing_mode: "REGIONAL",
        delete_default_routes_on_create: true,
        network_firewall_policy_enforcement_order: "BEFORE_CLASSIC_FIREWALL",
      },
    ]);
    expect(attributesOf(bare, "google_compute_route")).toEqual([]);
  });

  test("subnets for VMs have full-fidelity flow logs and Private Google Access", () => {
    expect(findResource(bare, "google_compute_subnetwork", "name", "test-app")).toMatchObject({
      ip_cidr_range: "10.0.0.0/24",
      region: "europe-west2",
      private_ip_google_access: true,
      log_config: {
        aggregation_interval: "INTERVAL_5_SEC",
        flow_sampling: 1,
        metadata: "INCLUDE_ALL_METADATA",
      },
    });
  });

  test("a proxy-only subnet is an active REGIONAL_MANAGED_PROXY subnet without flow logs or PGA", () => {
    const proxy = findResource(bare, "google_compute_subnetwork", "name", "test-proxy");
    expect(proxy).toMatchObject({
      purpose: "REGIONAL_MANAGED_PROXY",
      role: "ACTIVE",
      ip_cidr_range: "10.0.8.0/23",
    });
    expect(proxy.log_config).toBeUndefined();
    expect(proxy.private_ip_google_access).toBeUndefined();
  });

  // NET-06 and NET-07 need the default-deny firewall rules the network stack adds (FirewallRule), MON-05 the
  // Packet Mirroring of the monitoring stack (ZeekSensor): neither is part of the network itself.
  test("used bare, it passes the VPC controls: custom mode, Private Google Access and flow logs", () => {
    expectUsedBarePasses(bare, ["NET-01", "NET-02", "NET-03"]);
  });

  test("internetRouteTags adds one 0.0.0.0/0 route for instances with any of the tags only", () => {
    expect(attributesOf(synthNetwork(["egress", "packages"]), "google_compute_route")).toEqual([
      expect.objectContaining({
        dest_range: "0.0.0.0/0",
        next_hop_gateway: "default-internet-gateway",
        tags: ["egress", "packages"],
      }),
    ]);
    expect(attributesOf(bare, "google_compute_route")).toEqual([]);
  });

  test("network firewall policies are evaluated before the VPC firewall rules", () => {
    expect(attributesOf(bare, "google_compute_network")).toEqual([
      expect.objectContaining({ network_firewall_policy_enforcement_order: "BEFORE_CLASSIC_FIREWALL" }),
    ]);
  });
});
