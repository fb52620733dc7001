import { NET14NarrowIngressPorts } from "../../../policies/controls/net/NET-14-narrow-ingress-ports";
import {
  type Attrs,
  expectFails,
  expectPasses,
  mutate,
  resultFor,
  run,
} from "../../support/control-fixtures";
import { LOGGED, NETWORK, NETWORK_STACK, scope } from "./fixture";

const ingress = (extra: Attrs): Attrs => ({
  name: "app",
  network: NETWORK,
  direction: "INGRESS",
  allow: [{ protocol: "tcp", ports: ["8443"] }],
  source_ranges: ["10.0.0.0/8"],
  target_tags: ["app"],
  log_config: LOGGED,
  ...extra,
});
const withRules = (rules: Record<string, Attrs>) =>
  scope(mutate(NETWORK_STACK, (j) => Object.assign(j.resource.google_compute_firewall, rules)));
const APP = "google_compute_firewall.app";

describe("NET-14 Ingress allow rules open named ports, not wide ranges", () => {
  it("passes the network stack's named ports, and ranges of up to 100 ports", () => {
    expectPasses(NET14NarrowIngressPorts, scope());
    const scoped = withRules({
      app: ingress({ allow: [{ protocol: "tcp", ports: ["8000-8099", "443"] }, { protocol: "icmp" }] }),
    });
    expectPasses(NET14NarrowIngressPorts, scoped);
    expect(resultFor(NET14NarrowIngressPorts, scoped, APP).status).toBe("pass");
  });

  it("fails tcp:1000-65535 from a private range", () => {
    const [failed] = expectFails(
      NET14NarrowIngressPorts,
      withRules({ app: ingress({ allow: [{ protocol: "tcp", ports: ["1000-65535"] }] }) }),
      APP,
    );
    expect(failed.message).toContain("tcp:1000-65535 (64536 ports)");
  });

  it("fails a range of 101 ports", () => {
    expectFails(
      NET14NarrowIngressPorts,
      withRules({ app: ingress({ allow: [{ protocol: "udp", ports: ["5000-5100"] }] }) }),
      APP,
    );
  });

  it.each([
    ["protocol all", [{ protocol: "all" }], "every port of every protocol"],
    ["tcp without ports", [{ protocol: "tcp" }], "every tcp port"],
    ["udp by number without ports", [{ protocol: "17" }], "every udp port"],
    ["ports = null (unset: every port)", [{ protocol: "sctp", ports: null }], "every sctp port"],
  ])("fails %s", (_, allow, message) => {
    const [failed] = expectFails(NET14NarrowIngressPorts, withRules({ app: ingress({ allow }) }), APP);
    expect(failed.message).toContain(message);
  });

  it("fails wide ranges from source tags, from IAP, and on a firewall policy rule", () => {
    expectFails(
      NET14NarrowIngressPorts,
      withRules({
        app: ingress({ source_ranges: undefined, source_tags: ["web"], allow: [{ protocol: "tcp" }] }),
      }),
      APP,
    );
    expectFails(
      NET14NarrowIngressPorts,
      withRules({ app: ingress({ source_ranges: ["35.235.240.0/20"], allow: [{ protocol: "tcp" }] }) }),
      APP,
    );
    const policy = scope(
      mutate(NETWORK_STACK, (j) => {
        j.resource.google_compute_network_firewall_policy_rule = {
          wide: {
            action: "allow",
            direction: "INGRESS",
            priority: 100,
            firewall_policy: "p",
            match: {
              src_ip_ranges: ["10.0.0.0/8"],
              layer4_configs: [{ ip_protocol: "tcp", ports: ["1-2000"] }],
            },
          },
        };
      }),
    );
    expectFails(NET14NarrowIngressPorts, policy, "google_compute_network_firewall_policy_rule.wide");
  });

  it("passes every TCP port from Google's health-check ranges to targeted backends, not to every VM", () => {
    const health = (extra: Attrs) =>
      withRules({
        app: ingress({
          source_ranges: ["35.191.0.0/16", "130.211.0.0/22"],
          allow: [{ protocol: "tcp" }],
          ...extra,
        }),
      });
    expectPasses(NET14NarrowIngressPorts, health({}));
    expect(resultFor(NET14NarrowIngressPorts, health({}), APP).message).toContain(
      "health-check probers only",
    );
    expectFails(NET14NarrowIngressPorts, health({ target_tags: undefined }), APP);
    expectFails(NET14NarrowIngressPorts, health({ source_ranges: ["35.191.0.0/16", "10.0.0.0/8"] }), APP);
  });

  it("does not judge disabled rules, deny rules or egress", () => {
    const scoped = withRules({
      app: ingress({ allow: [{ protocol: "all" }], disabled: true }),
      deny: ingress({ allow: undefined, deny: [{ protocol: "tcp", ports: ["1-65535"] }] }),
      out: ingress({ direction: "EGRESS", source_ranges: undefined, destination_ranges: ["10.0.0.0/8"] }),
    });
    expectPasses(NET14NarrowIngressPorts, scoped);
    expect(run(NET14NarrowIngressPorts, scoped)).not.toContain(`${APP}: pass`);
  });

  it("does not apply to the every-port ingress of packet-mirroring collectors", () => {
    const collector = (tag: string) =>
      mutate(NETWORK_STACK, (j) => {
        j.resource.google_compute_instance_template.zeek = { tags: ["zeek"] };
        j.resource.google_compute_region_instance_group_manager = {
          zeek: { version: [{ instance_template: "${google_compute_instance_template.zeek.self_link}" }] },
        };
        j.resource.google_compute_region_backend_service = {
          zeek: {
            backend: [{ group: "${google_compute_region_instance_group_manager.zeek.instance_group}" }],
          },
        };
        j.resource.google_compute_forwarding_rule = {
          collector: {
            is_mirroring_collector: true,
            backend_service: "${google_compute_region_backend_service.zeek.id}",
          },
        };
        j.resource.google_compute_firewall.mirrored = ingress({
          allow: [{ protocol: "all" }],
          target_tags: [tag],
        });
      });
    expect(run(NET14NarrowIngressPorts, scope(collector("zeek")))).toContain(
      "google_compute_firewall.mirrored: not-applicable",
    );
    expectFails(NET14NarrowIngressPorts, scope(collector("iap-ssh")), "google_compute_firewall.mirrored");
  });

  it("is unknown when ports are known only after apply, and fails what is known to be wide", () => {
    const later = withRules({ app: ingress({ allow: [{ protocol: "tcp", ports: "${var.ports}" }] }) });
    expect(resultFor(NET14NarrowIngressPorts, later, APP).status).toBe("unknown");
    const mixed = withRules({
      app: ingress({ allow: [{ protocol: "tcp", ports: ["${var.port}"] }, { protocol: "udp" }] }),
    });
    expectFails(NET14NarrowIngressPorts, mixed, APP);
  });

  it("passes at project level when there is no ingress allow rule", () => {
    const json = mutate(NETWORK_STACK, (j) => {
      delete j.resource.google_compute_firewall.iap_ssh;
      delete j.resource.google_compute_firewall.health;
    });
    expect(run(NET14NarrowIngressPorts, scope(json))).toEqual(["project: pass"]);
  });
});
