import { NET_CONTROLS } from "../../policies/controls/net";
import { NET01CustomModeVpc } from "../../policies/controls/net/NET-01-custom-mode-vpc";
import { NET07DefaultDenyEgress } from "../../policies/controls/net/NET-07-default-deny-egress";
import { NET06DefaultDenyIngress } from "../../policies/controls/net/NET-06-default-deny-ingress";
import { NET08FirewallLogging } from "../../policies/controls/net/NET-08-firewall-logging";
import { NET10NatLogging } from "../../policies/controls/net/NET-10-nat-logging";
import { NET04NoExternalIp } from "../../policies/controls/net/NET-04-no-external-ip";
import { NET05NoInternetIngress } from "../../policies/controls/net/NET-05-no-internet-ingress";
import { NET11NoIpForwarding } from "../../policies/controls/net/NET-11-no-ip-forwarding";
import { NET02PrivateGoogleAccess } from "../../policies/controls/net/NET-02-private-google-access";
import { NET09SshFromIapOnly } from "../../policies/controls/net/NET-09-ssh-from-iap-only";
import { NET03SubnetFlowLogs } from "../../policies/controls/net/NET-03-subnet-flow-logs";
import { NET12TargetedIngress } from "../../policies/controls/net/NET-12-targeted-ingress";
import {
  type Attrs,
  expectWellFormed,
  markUnknown,
  mutate,
  resourceIn,
  resultFor,
  run,
  scopeFor,
  scopeOf,
  tf,
  verdictWithUnknown,
} from "../support/control-fixtures";

const NETWORK = "${google_compute_network.vpc.id}";
const LOGGED = { metadata: "INCLUDE_ALL_METADATA" };

/** A compliant network stack: custom VPC, a VM subnet and a proxy-only subnet, default-deny both ways, IAP SSH, NAT. */
const NETWORK_STACK = tf({
  google_compute_network: { vpc: { name: "vpc", auto_create_subnetworks: false } },
  google_compute_subnetwork: {
    app: {
      name: "app",
      network: NETWORK,
      region: "europe-west2",
      ip_cidr_range: "10.0.0.0/24",
      private_ip_google_access: true,
      log_config: {
        aggregation_interval: "INTERVAL_5_SEC",
        flow_sampling: 1,
        metadata: "INCLUDE_ALL_METADATA",
      },
    },
    proxy: {
      name: "proxy",
      network: NETWORK,
      ip_cidr_range: "10.0.9.0/24",
      purpose: "REGIONAL_MANAGED_PROXY",
      role: "ACTIVE",
    },
  },
  google_compute_firewall: {
    deny_ingress: {
      name: "deny-all-ingress",
      network: NETWORK,
      direction: "INGRESS",
      priority: 65534,
      deny: [{ protocol: "all" }],
      source_ranges: ["0.0.0.0/0"],
      log_config: LOGGED,
    },
    deny_egress: {
      name: "deny-all-egress",
      network: NETWORK,
      direction: "EGRESS",
      priority: 65534,
      deny: [{ protocol: "all" }],
      destination_ranges: ["0.0.0.0/0"],
      log_config: LOGGED,
    },
    iap_ssh: {
      name: "allow-iap-ssh",
      network: NETWORK,
      direction: "INGRESS",
      allow: [{ protocol: "tcp", ports: ["22"] }],
      source_ranges: ["35.235.240.0/20"],
      target_tags: ["iap-ssh"],
      log_config: LOGGED,
    },
    health: {
      name: "allow-health-checks",
      network: NETWORK,
      direction: "INGRESS",
      allow: [{ protocol: "tcp", ports: ["443", "8200"] }],
      source_ranges: ["35.191.0.0/16", "130.211.0.0/22"],
      target_tags: ["lb-backend"],
      log_config: LOGGED,
    },
  },
  google_compute_router_nat: {
    nat: { name: "nat", router: "r", region: "europe-west2", log_config: { enable: true, filter: "ALL" } },
  },
  google_compute_instance_template: {
    app: {
      name_prefix: "app-",
      tags: ["iap-ssh"],
      can_ip_forward: false,
      network_interface: [{ subnetwork: "${google_compute_subnetwork.app.id}" }],
    },
  },
  google_compute_instance: {
    bastion: {
      name: "bastion",
      zone: "europe-west2-a",
      network_interface: [{ subnetwork: "${google_compute_subnetwork.app.id}" }],
    },
  },
});

const scope = scopeFor(NETWORK_STACK);
const firewall = (json: Attrs, name: string) => resourceIn(json, "google_compute_firewall", name);

describe("NET controls", () => {
  it("are well formed, numbered NET-01.. in order", () => expectWellFormed(NET_CONTROLS, "NET"));

  describe("NET-01 custom-mode VPC", () => {
    it("passes a network with auto_create_subnetworks false", () => {
      expect(run(NET01CustomModeVpc, scope())).toEqual(["google_compute_network.vpc: pass"]);
    });
    it("fails when the attribute is absent, since the provider default is auto mode", () => {
      const json = mutate(
        NETWORK_STACK,
        (j) => delete j.resource.google_compute_network.vpc.auto_create_subnetworks,
      );
      const result = resultFor(NET01CustomModeVpc, scope(json), "google_compute_network.vpc");
      expect(result.status).toBe("fail");
      expect(result.message).toContain("provider default is true");
      expect(result.evidence).toEqual([{ path: "auto_create_subnetworks", value: "(not set)" }]);
    });
    it("fails auto mode and is unknown when the value is known only after apply", () => {
      const json = mutate(
        NETWORK_STACK,
        (j) => (j.resource.google_compute_network.vpc.auto_create_subnetworks = true),
      );
      expect(run(NET01CustomModeVpc, scope(json))).toEqual(["google_compute_network.vpc: fail"]);
      const unknown = markUnknown(scope(), "google_compute_network.vpc", "auto_create_subnetworks");
      expect(run(NET01CustomModeVpc, unknown)).toEqual(["google_compute_network.vpc: unknown"]);
    });
    it("is not applicable at project level when no network exists", () => {
      expect(run(NET01CustomModeVpc, scopeOf(tf({ google_storage_bucket: { b: { name: "b" } } })))).toEqual([
        "project: not-applicable",
      ]);
    });
  });

  describe("NET-02 Private Google Access", () => {
    it("passes VM subnets and leaves proxy-only subnets not applicable", () => {
      expect(run(NET02PrivateGoogleAccess, scope())).toEqual([
        "google_compute_subnetwork.app: pass",
        "google_compute_subnetwork.proxy: not-applicable",
      ]);
    });
    it("fails a subnet without it", () => {
      const json = mutate(
        NETWORK_STACK,
        (j) => delete j.resource.google_compute_subnetwork.app.private_ip_google_access,
      );
      expect(run(NET02PrivateGoogleAccess, scope(json))).toContain("google_compute_subnetwork.app: fail");
    });
  });

  describe("NET-03 flow logs", () => {
    it("passes a subnet with log_config and skips proxy-only subnets", () => {
      expect(run(NET03SubnetFlowLogs, scope())).toEqual([
        "google_compute_subnetwork.app: pass",
        "google_compute_subnetwork.proxy: not-applicable",
      ]);
    });
    it("fails a subnet without log_config or with zero sampling", () => {
      const none = mutate(NETWORK_STACK, (j) => delete j.resource.google_compute_subnetwork.app.log_config);
      expect(run(NET03SubnetFlowLogs, scope(none))).toContain("google_compute_subnetwork.app: fail");
      const zero = mutate(
        NETWORK_STACK,
        (j) => (j.resource.google_compute_subnetwork.app.log_config.flow_sampling = 0),
      );
      expect(resultFor(NET03SubnetFlowLogs, scope(zero), "google_compute_subnetwork.app").message).toContain(
        "flow_sampling is 0",
      );
    });
    it("is unknown when log_config is known only after apply", () => {
      const address = "google_compute_subnetwork.app";
      expect(verdictWithUnknown(NET03SubnetFlowLogs, scope(), address, "log_config").status).toBe("unknown");
    });
  });

  describe("NET-04 no external IP", () => {
    it("passes VMs without access_config", () => {
      expect(run(NET04NoExternalIp, scope())).toEqual([
        "google_compute_instance.bastion: pass",
        "google_compute_instance_template.app: pass",
      ]);
    });
    it("fails an access_config on an instance and an IPv6 access config on a template", () => {
      const json = mutate(NETWORK_STACK, (j) => {
        j.resource.google_compute_instance.bastion.network_interface[0].access_config = [{}];
        j.resource.google_compute_instance_template.app.network_interface[0].ipv6_access_config = [
          { network_tier: "PREMIUM" },
        ];
      });
      expect(run(NET04NoExternalIp, scope(json))).toEqual([
        "google_compute_instance.bastion: fail",
        "google_compute_instance_template.app: fail",
      ]);
      expect(
        resultFor(NET04NoExternalIp, scope(json), "google_compute_instance.bastion").evidence[0].path,
      ).toBe("network_interface.0.access_config");
    });
  });

  describe("NET-05 no ingress from the internet", () => {
    it("passes ingress allows from named ranges", () => {
      expect(run(NET05NoInternetIngress, scope())).toEqual([
        "google_compute_firewall.iap_ssh: pass",
        "google_compute_firewall.health: pass",
      ]);
    });
    it.each(["0.0.0.0/0", "::/0"])("fails an allow from %s on any port", (range) => {
      const json = mutate(
        NETWORK_STACK,
        (j) => (firewall(j, "health").source_ranges = ["10.0.0.0/8", range]),
      );
      const result = resultFor(NET05NoInternetIngress, scope(json), "google_compute_firewall.health");
      expect(result.status).toBe("fail");
      expect(result.message).toContain(range);
    });
    it("fails an allow that names no source, and ignores deny rules from 0.0.0.0/0", () => {
      const json = mutate(NETWORK_STACK, (j) => delete firewall(j, "health").source_ranges);
      expect(run(NET05NoInternetIngress, scope(json))).toContain("google_compute_firewall.health: fail");
      expect(run(NET05NoInternetIngress, scope())).not.toContain(
        "google_compute_firewall.deny_ingress: fail",
      );
    });
    it("judges firewall policy rules too", () => {
      const json = tf({
        google_compute_network_firewall_policy_rule: {
          open: {
            action: "allow",
            direction: "INGRESS",
            priority: 100,
            firewall_policy: "p",
            match: { src_ip_ranges: ["0.0.0.0/0"], layer4_configs: [{ ip_protocol: "tcp", ports: ["443"] }] },
          },
        },
      });
      expect(run(NET05NoInternetIngress, scopeOf(json))).toEqual([
        "google_compute_network_firewall_policy_rule.open: fail",
      ]);
    });
  });

  describe("NET-06 / NET-07 default deny", () => {
    it("passes a network with logged deny-all rules in both directions", () => {
      expect(run(NET06DefaultDenyIngress, scope())).toEqual(["google_compute_network.vpc: pass"]);
      expect(run(NET07DefaultDenyEgress, scope())).toEqual(["google_compute_network.vpc: pass"]);
    });
    it("fails when the deny-all rule is missing", () => {
      const json = mutate(NETWORK_STACK, (j) => delete j.resource.google_compute_firewall.deny_egress);
      expect(run(NET07DefaultDenyEgress, scope(json))).toEqual(["google_compute_network.vpc: fail"]);
      expect(run(NET06DefaultDenyIngress, scope(json))).toEqual(["google_compute_network.vpc: pass"]);
    });
    it("fails a deny-all rule without logging, with targets, or covering only some ports", () => {
      const unlogged = mutate(NETWORK_STACK, (j) => delete firewall(j, "deny_ingress").log_config);
      expect(
        resultFor(NET06DefaultDenyIngress, scope(unlogged), "google_compute_network.vpc").message,
      ).toContain("does not log");
      const targeted = mutate(NETWORK_STACK, (j) => (firewall(j, "deny_ingress").target_tags = ["web"]));
      expect(run(NET06DefaultDenyIngress, scope(targeted))).toEqual(["google_compute_network.vpc: fail"]);
      const partial = mutate(NETWORK_STACK, (j) => (firewall(j, "deny_egress").deny = [{ protocol: "tcp" }]));
      expect(run(NET07DefaultDenyEgress, scope(partial))).toEqual(["google_compute_network.vpc: fail"]);
    });
    it("only counts rules of the same network", () => {
      const json = mutate(NETWORK_STACK, (j) => {
        j.resource.google_compute_network.other = { name: "other", auto_create_subnetworks: false };
      });
      expect(run(NET06DefaultDenyIngress, scope(json))).toEqual([
        "google_compute_network.vpc: pass",
        "google_compute_network.other: fail",
      ]);
    });
  });

  describe("NET-08 firewall logging", () => {
    it("passes rules with log_config", () => {
      expect(run(NET08FirewallLogging, scope()).every((s) => s.endsWith(": pass"))).toBe(true);
    });
    it("reads an empty log_config list (as plan JSON writes an absent block) as no logging", () => {
      const json = mutate(NETWORK_STACK, (j) => (firewall(j, "health").log_config = []));
      expect(run(NET08FirewallLogging, scope(json))).toContain("google_compute_firewall.health: fail");
    });
    it("fails a rule without log_config", () => {
      const json = mutate(NETWORK_STACK, (j) => delete firewall(j, "health").log_config);
      expect(run(NET08FirewallLogging, scope(json))).toContain("google_compute_firewall.health: fail");
    });
  });

  describe("NET-09 SSH only from IAP", () => {
    it("passes SSH from 35.235.240.0/20 only", () => {
      expect(run(NET09SshFromIapOnly, scope())).toEqual(["google_compute_firewall.iap_ssh: pass"]);
    });
    it("fails SSH from another range, from source tags, and a rule opening every TCP port", () => {
      const range = mutate(NETWORK_STACK, (j) => firewall(j, "iap_ssh").source_ranges.push("10.0.0.0/8"));
      expect(
        resultFor(NET09SshFromIapOnly, scope(range), "google_compute_firewall.iap_ssh").message,
      ).toContain("10.0.0.0/8");
      const tags = mutate(NETWORK_STACK, (j) => (firewall(j, "iap_ssh").source_tags = ["bastion"]));
      expect(run(NET09SshFromIapOnly, scope(tags))).toEqual(["google_compute_firewall.iap_ssh: fail"]);
      const allPorts = mutate(NETWORK_STACK, (j) => (firewall(j, "health").allow = [{ protocol: "tcp" }]));
      expect(run(NET09SshFromIapOnly, scope(allPorts))).toContain("google_compute_firewall.health: fail");
      const portRange = mutate(
        NETWORK_STACK,
        (j) => (firewall(j, "health").allow = [{ protocol: "tcp", ports: ["20-25"] }]),
      );
      expect(run(NET09SshFromIapOnly, scope(portRange))).toContain("google_compute_firewall.health: fail");
    });
    it("does not apply to the all-ports ingress of packet-mirroring collectors, only to theirs", () => {
      const collector = (tag: string) =>
        mutate(NETWORK_STACK, (j) => {
          j.resource.google_compute_instance_template.zeek = { tags: ["zeek", "iap-ssh"] };
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
          j.resource.google_compute_firewall.mirrored = {
            network: NETWORK,
            allow: [{ protocol: "all" }],
            source_ranges: ["10.0.0.0/24"],
            target_tags: [tag],
            log_config: LOGGED,
          };
        });
      expect(run(NET09SshFromIapOnly, scope(collector("zeek")))).toEqual([
        "google_compute_firewall.iap_ssh: pass",
        "google_compute_firewall.mirrored: not-applicable",
      ]);
      // iap-ssh is also carried by other VMs: a rule targeting it is not a collector-only rule.
      expect(run(NET09SshFromIapOnly, scope(collector("iap-ssh")))).toContain(
        "google_compute_firewall.mirrored: fail",
      );
    });
    it("passes at project level when nothing allows SSH", () => {
      const json = mutate(NETWORK_STACK, (j) => delete j.resource.google_compute_firewall.iap_ssh);
      expect(run(NET09SshFromIapOnly, scope(json))).toEqual(["project: pass"]);
    });
  });

  describe("NET-10 NAT logging", () => {
    it("passes log_config enable with filter ALL", () => {
      expect(run(NET10NatLogging, scope())).toEqual(["google_compute_router_nat.nat: pass"]);
    });
    it.each([
      ["ERRORS_ONLY", true],
      ["TRANSLATIONS_ONLY", true],
      ["ALL", false],
    ])("fails filter %s with enable %s", (filter, enable) => {
      const json = mutate(
        NETWORK_STACK,
        (j) => (j.resource.google_compute_router_nat.nat.log_config = { enable, filter }),
      );
      expect(run(NET10NatLogging, scope(json))).toEqual(["google_compute_router_nat.nat: fail"]);
    });
    it("fails a NAT without log_config", () => {
      const json = mutate(NETWORK_STACK, (j) => delete j.resource.google_compute_router_nat.nat.log_config);
      expect(run(NET10NatLogging, scope(json))).toEqual(["google_compute_router_nat.nat: fail"]);
    });
  });

  describe("NET-11 IP forwarding", () => {
    it("passes can_ip_forward false or absent", () => {
      expect(run(NET11NoIpForwarding, scope())).toEqual([
        "google_compute_instance.bastion: pass",
        "google_compute_instance_template.app: pass",
      ]);
    });
    it("fails can_ip_forward true", () => {
      const json = mutate(
        NETWORK_STACK,
        (j) => (j.resource.google_compute_instance.bastion.can_ip_forward = true),
      );
      expect(run(NET11NoIpForwarding, scope(json))).toContain("google_compute_instance.bastion: fail");
    });
  });

  describe("NET-12 targeted ingress", () => {
    it("passes ingress allows with target tags", () => {
      expect(run(NET12TargetedIngress, scope())).toEqual([
        "google_compute_firewall.iap_ssh: pass",
        "google_compute_firewall.health: pass",
      ]);
    });
    it("fails an ingress allow that applies to every VM", () => {
      const json = mutate(NETWORK_STACK, (j) => delete firewall(j, "health").target_tags);
      expect(run(NET12TargetedIngress, scope(json))).toContain("google_compute_firewall.health: fail");
    });
  });
});

describe("NET firewall controls read rules as Google applies them", () => {
  it("NET-05 fails a /0 written another way and IPv4 halves that together cover everything", () => {
    for (const ranges of [["0::0/0"], ["0.0.0.0/1", "128.0.0.0/1"]]) {
      const json = mutate(NETWORK_STACK, (j) => (firewall(j, "health").source_ranges = ranges));
      expect(run(NET05NoInternetIngress, scope(json))).toContain("google_compute_firewall.health: fail");
    }
    const half = mutate(NETWORK_STACK, (j) => (firewall(j, "health").source_ranges = ["0.0.0.0/1"]));
    expect(run(NET05NoInternetIngress, scope(half))).toContain("google_compute_firewall.health: pass");
  });

  it("NET-05 / NET-09 read source ranges set from a variable as unknown, not as named sources", () => {
    const json = mutate(NETWORK_STACK, (j) => (firewall(j, "iap_ssh").source_ranges = "${var.ssh_sources}"));
    expect(run(NET05NoInternetIngress, scope(json))).toContain("google_compute_firewall.iap_ssh: unknown");
    expect(run(NET09SshFromIapOnly, scope(json))).toEqual(["google_compute_firewall.iap_ssh: unknown"]);
  });

  it("NET-05 follows a source range referencing a declared attribute", () => {
    const json = mutate(NETWORK_STACK, (j) => {
      j.resource.google_compute_subnetwork.app.ip_cidr_range = "0.0.0.0/0";
      firewall(j, "health").source_ranges = ["${google_compute_subnetwork.app.ip_cidr_range}"];
    });
    expect(run(NET05NoInternetIngress, scope(json))).toContain("google_compute_firewall.health: fail");
  });

  it("NET-04 / NET-05 / NET-09 / NET-12 treat dynamic blocks as unknown, never as absent", () => {
    const json = mutate(NETWORK_STACK, (j) => {
      const rule = firewall(j, "health");
      delete rule.allow;
      delete rule.target_tags;
      rule.dynamic = {
        allow: { for_each: "${var.ports}", content: { protocol: "tcp", ports: ["${allow.value}"] } },
      };
      rule.source_ranges = ["0.0.0.0/0"];
      j.resource.google_compute_instance.bastion.network_interface[0].dynamic = {
        access_config: { for_each: "${var.public ? [1] : []}", content: {} },
      };
    });
    expect(run(NET05NoInternetIngress, scope(json))).toContain("google_compute_firewall.health: fail");
    expect(run(NET12TargetedIngress, scope(json))).toContain("google_compute_firewall.health: fail");
    expect(run(NET09SshFromIapOnly, scope(json))).toContain("google_compute_firewall.health: unknown");
    expect(run(NET04NoExternalIp, scope(json))).toContain("google_compute_instance.bastion: unknown");
  });

  it("NET-09 fails a rule naming no source (Google applies 0.0.0.0/0) and a port range written with spaces", () => {
    const unnamed = mutate(NETWORK_STACK, (j) => delete firewall(j, "iap_ssh").source_ranges);
    expect(run(NET09SshFromIapOnly, scope(unnamed))).toEqual(["google_compute_firewall.iap_ssh: fail"]);
    const spaced = mutate(
      NETWORK_STACK,
      (j) => (firewall(j, "health").allow = [{ protocol: "tcp", ports: ["20 - 30"] }]),
    );
    expect(run(NET09SshFromIapOnly, scope(spaced))).toContain("google_compute_firewall.health: fail");
  });

  it("NET-05 / NET-09 read a firewall policy's apply_security_profile_group as an allow", () => {
    const json = tf({
      google_compute_network_firewall_policy_rule: {
        inspected: {
          action: "apply_security_profile_group",
          direction: "INGRESS",
          priority: 100,
          firewall_policy: "p",
          match: { src_ip_ranges: ["0.0.0.0/0"], layer4_configs: [{ ip_protocol: "tcp", ports: ["22"] }] },
        },
      },
    });
    expect(run(NET05NoInternetIngress, scopeOf(json))).toEqual([
      "google_compute_network_firewall_policy_rule.inspected: fail",
    ]);
    expect(run(NET09SshFromIapOnly, scopeOf(json))).toEqual([
      "google_compute_network_firewall_policy_rule.inspected: fail",
    ]);
  });
});

describe("NET-06 / NET-07 default deny that something evaluated first makes moot", () => {
  it("fails a deny-all egress rule shadowed by an allow-all egress rule at a higher priority", () => {
    const json = mutate(NETWORK_STACK, (j) => {
      j.resource.google_compute_firewall.open_egress = {
        name: "allow-all-egress",
        network: NETWORK,
        direction: "EGRESS",
        priority: 1000,
        allow: [{ protocol: "all" }],
        log_config: LOGGED,
      };
    });
    expect(run(NET07DefaultDenyEgress, scope(json))).toEqual(["google_compute_network.vpc: fail"]);
    const below = mutate(json, (j) => (firewall(j, "open_egress").priority = 65535));
    expect(run(NET07DefaultDenyEgress, scope(below))).toEqual(["google_compute_network.vpc: pass"]);
  });
});

describe("NET-06 / NET-07 count the rules that exist", () => {
  it("fails when the deny-all rule is declared with count = 0 or an empty for_each", () => {
    const none = mutate(NETWORK_STACK, (j) => (firewall(j, "deny_ingress").count = 0));
    expect(run(NET06DefaultDenyIngress, scope(none))).toEqual(["google_compute_network.vpc: fail"]);
    const empty = mutate(NETWORK_STACK, (j) => (firewall(j, "deny_egress").for_each = {}));
    expect(run(NET07DefaultDenyEgress, scope(empty))).toEqual(["google_compute_network.vpc: fail"]);
    const one = mutate(NETWORK_STACK, (j) => (firewall(j, "deny_egress").count = 1));
    expect(run(NET07DefaultDenyEgress, scope(one))).toEqual(["google_compute_network.vpc: pass"]);
  });
});

describe("NET-05 reads a firewall policy's countries, threat lists and FQDNs as internet sources", () => {
  it.each([
    ["src_region_codes", ["US"]],
    ["src_threat_intelligences", ["iplist-public-clouds"]],
    ["src_fqdns", ["example.com"]],
  ])("fails an allow from %s", (key, values) => {
    const json = tf({
      google_compute_network_firewall_policy_rule: {
        country: {
          action: "allow",
          direction: "INGRESS",
          priority: 100,
          firewall_policy: "p",
          match: { [key]: values, layer4_configs: [{ ip_protocol: "tcp", ports: ["443"] }] },
        },
      },
    });
    expect(run(NET05NoInternetIngress, scopeOf(json))).toEqual([
      "google_compute_network_firewall_policy_rule.country: fail",
    ]);
  });
});

describe("NET-11 reads can_ip_forward set from an expression as unknown", () => {
  it("is unknown, not passed", () => {
    const json = mutate(NETWORK_STACK, (j) => {
      j.resource.google_compute_instance.bastion.can_ip_forward = "${var.router}";
    });
    expect(run(NET11NoIpForwarding, scope(json))).toContain("google_compute_instance.bastion: unknown");
  });
});

describe("NET-06 does not count on a deny-all rule switched by an expression", () => {
  it("fails when disabled is set from a variable", () => {
    const json = mutate(NETWORK_STACK, (j) => (firewall(j, "deny_ingress").disabled = "${var.off}"));
    expect(run(NET06DefaultDenyIngress, scope(json))).toEqual(["google_compute_network.vpc: fail"]);
  });
});

describe("NET-06 / NET-07 do not count on a deny-all rule that may not be created", () => {
  it("is unknown when the only deny-all rule's count or for_each is an expression", () => {
    const counted = mutate(NETWORK_STACK, (j) => (firewall(j, "deny_ingress").count = "${var.on ? 1 : 0}"));
    expect(run(NET06DefaultDenyIngress, scope(counted))).toEqual(["google_compute_network.vpc: unknown"]);
    expect(
      resultFor(NET06DefaultDenyIngress, scope(counted), "google_compute_network.vpc").message,
    ).toContain("exists only if its count");
    const each = mutate(NETWORK_STACK, (j) => (firewall(j, "deny_egress").for_each = "${var.rules}"));
    expect(run(NET07DefaultDenyEgress, scope(each))).toEqual(["google_compute_network.vpc: unknown"]);
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
