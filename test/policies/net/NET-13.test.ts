import { NET13InternetEgressTargeted } from "../../../policies/controls/net/NET-13-internet-egress-targeted";
import {
  type Attrs,
  expectFails,
  expectPasses,
  mutate,
  resultFor,
  run,
} from "../../support/control-fixtures";
import { LOGGED, NETWORK, NETWORK_STACK, scope } from "./fixture";

const egress = (extra: Attrs): Attrs => ({
  name: "egress",
  network: NETWORK,
  direction: "EGRESS",
  allow: [{ protocol: "tcp", ports: ["443"] }],
  destination_ranges: ["0.0.0.0/0"],
  target_tags: ["internet-egress"],
  log_config: LOGGED,
  ...extra,
});
const withEgress = (rules: Record<string, Attrs>) =>
  scope(mutate(NETWORK_STACK, (j) => Object.assign(j.resource.google_compute_firewall, rules)));

describe("NET-13 Internet egress only from named VMs, on named ports", () => {
  it("passes HTTPS to the internet for tagged VMs, and egress to private ranges and Google's API VIPs", () => {
    const scoped = withEgress({
      https: egress({}),
      apis: egress({ destination_ranges: ["199.36.153.8/30"], target_tags: undefined }),
      sql: egress({
        destination_ranges: ["10.11.0.0/16"],
        allow: [{ protocol: "all" }],
        target_tags: undefined,
      }),
    });
    expectPasses(NET13InternetEgressTargeted, scoped);
    expect(run(NET13InternetEgressTargeted, scoped)).toEqual(["google_compute_firewall.https: pass"]);
  });

  it("passes a network whose only egress rule is the deny-all", () => {
    expectPasses(NET13InternetEgressTargeted, scope());
  });

  it("fails an internet egress allow without targets: it applies to every VM", () => {
    expectFails(
      NET13InternetEgressTargeted,
      withEgress({ open: egress({ target_tags: undefined }) }),
      "google_compute_firewall.open",
    );
  });

  it("fails all TCP/UDP ports (or protocol all) to the internet, even for tagged VMs", () => {
    const rule = egress({ allow: [{ protocol: "tcp" }, { protocol: "udp" }] });
    const [failed] = expectFails(
      NET13InternetEgressTargeted,
      withEgress({ wide: rule }),
      "google_compute_firewall.wide",
    );
    expect(failed.message).toContain("on every port (tcp, udp without ports)");
    expectFails(NET13InternetEgressTargeted, withEgress({ all: egress({ allow: [{ protocol: "all" }] }) }));
  });

  it("fails port ranges that together cover every port, and passes a narrower range", () => {
    const [failed] = expectFails(
      NET13InternetEgressTargeted,
      withEgress({ ranges: egress({ allow: [{ protocol: "tcp", ports: ["1-65535"] }] }) }),
      "google_compute_firewall.ranges",
    );
    expect(failed.message).toContain("on every port (tcp:1-65535)");
    expectFails(
      NET13InternetEgressTargeted,
      withEgress({ split: egress({ allow: [{ protocol: "udp", ports: ["0-40000", "40001-65535"] }] }) }),
      "google_compute_firewall.split",
    );
    expectPasses(
      NET13InternetEgressTargeted,
      withEgress({ narrow: egress({ allow: [{ protocol: "tcp", ports: ["443", "8000-8100"] }] }) }),
    );
  });

  it("reads ::/0 and public IPv6 destinations as the internet, unique-local IPv6 as private", () => {
    expectFails(
      NET13InternetEgressTargeted,
      withEgress({ v6: egress({ destination_ranges: ["::/0"], target_tags: undefined }) }),
      "google_compute_firewall.v6",
    );
    expectFails(
      NET13InternetEgressTargeted,
      withEgress({ gua: egress({ destination_ranges: ["2001:db8::/32"], allow: [{ protocol: "all" }] }) }),
      "google_compute_firewall.gua",
    );
    const ula = withEgress({
      ula: egress({
        destination_ranges: ["fd20:1234::/48"],
        allow: [{ protocol: "all" }],
        target_tags: undefined,
      }),
    });
    expectPasses(NET13InternetEgressTargeted, ula);
    expect(run(NET13InternetEgressTargeted, ula)).toEqual(["project: pass"]);
  });

  it("reads a rule without destination_ranges as egress to everywhere", () => {
    expectFails(
      NET13InternetEgressTargeted,
      withEgress({ nowhere: egress({ destination_ranges: undefined, target_tags: undefined }) }),
    );
  });

  it("fails a public destination that is not 0.0.0.0/0", () => {
    expectFails(
      NET13InternetEgressTargeted,
      withEgress({ public: egress({ destination_ranges: ["8.8.8.0/24"], target_tags: null }) }),
      "google_compute_firewall.public",
    );
  });

  it("judges a destination set from an expression as unknown, unless it names an internal address", () => {
    const unknown = withEgress({
      expr: egress({ destination_ranges: ["${var.ranges}"], target_tags: undefined }),
    });
    expect(resultFor(NET13InternetEgressTargeted, unknown, "google_compute_firewall.expr").status).toBe(
      "unknown",
    );
    const internal = scope(
      mutate(NETWORK_STACK, (j) => {
        j.resource.google_compute_address = { collector: { name: "c", address_type: "INTERNAL" } };
        j.resource.google_compute_firewall.to_collector = egress({
          destination_ranges: ["${google_compute_address.collector.address}/32"],
          allow: [{ protocol: "all" }],
          target_tags: undefined,
        });
      }),
    );
    expectPasses(NET13InternetEgressTargeted, internal);
  });
});
