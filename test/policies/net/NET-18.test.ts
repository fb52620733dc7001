import { NET18DnsQueryLogging } from "../../../policies/controls/net/NET-18-dns-query-logging";
import {
  type Attrs,
  expectFails,
  expectPasses,
  mutate,
  resourceIn,
  run,
  scopeOf,
  tf,
} from "../../support/control-fixtures";

const VPC = "google_compute_network.vpc";
const STACK = tf({
  google_compute_network: { vpc: { name: "vpc", auto_create_subnetworks: false } },
  google_dns_policy: {
    logging: {
      name: "dns-logging",
      enable_logging: true,
      enable_inbound_forwarding: false,
      networks: [{ network_url: "${google_compute_network.vpc.id}" }],
    },
  },
});
const scope = (json: Attrs = STACK) => scopeOf(json);

describe("NET-18 DNS query logging on every VPC", () => {
  it("passes a network with a logging DNS server policy", () => {
    expectPasses(NET18DnsQueryLogging, scope());
  });

  it("fails a network without a DNS server policy", () => {
    const json = mutate(STACK, (j) => delete j.resource.google_dns_policy);
    expectFails(NET18DnsQueryLogging, scope(json), VPC);
  });

  it("fails a policy with logging off or unset (the provider's default is off)", () => {
    for (const value of [false, undefined]) {
      const json = mutate(
        STACK,
        (j) => (resourceIn(j, "google_dns_policy", "logging").enable_logging = value),
      );
      expectFails(NET18DnsQueryLogging, scope(json), VPC);
    }
  });

  it("fails a network the logging policy does not list", () => {
    const json = mutate(STACK, (j) => {
      j.resource.google_compute_network.other = { name: "other", auto_create_subnetworks: false };
    });
    expect(run(NET18DnsQueryLogging, scope(json))).toEqual([
      `${VPC}: pass`,
      "google_compute_network.other: fail",
    ]);
  });

  it("reads enable_logging from an expression as unknown", () => {
    const json = mutate(
      STACK,
      (j) => (resourceIn(j, "google_dns_policy", "logging").enable_logging = "${var.x}"),
    );
    expect(run(NET18DnsQueryLogging, scope(json))).toEqual([`${VPC}: unknown`]);
  });
});
