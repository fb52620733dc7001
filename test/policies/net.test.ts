import { NET_CONTROLS } from "../../policies/controls/net";
import { customModeVpc } from "../../policies/controls/net/custom-mode-vpc";
import { defaultDenyEgress } from "../../policies/controls/net/default-deny-egress";
import { defaultDenyIngress } from "../../policies/controls/net/default-deny-ingress";
import { firewallLogging } from "../../policies/controls/net/firewall-logging";
import { natLogging } from "../../policies/controls/net/nat-logging";
import { noExternalIp } from "../../policies/controls/net/no-external-ip";
import { noInternetIngress } from "../../policies/controls/net/no-internet-ingress";
import { noIpForwarding } from "../../policies/controls/net/no-ip-forwarding";
import { privateGoogleAccess } from "../../policies/controls/net/private-google-access";
import { sshFromIapOnly } from "../../policies/controls/net/ssh-from-iap-only";
import { subnetFlowLogs } from "../../policies/controls/net/subnet-flow-logs";
import { targetedIngress } from "../../policies/controls/net/targeted-ingress";
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
      expect(run(customModeVpc, scope())).toEqual(["google_compute_network.vpc: pass"]);
    });
    it("fails when the attribute is absent, since the provider default is auto mode", () => {
      const json = mutate(
        NETWORK_STACK,
        (j) => delete j.resource.google_compute_network.vpc.auto_create_subnetworks,
      );
      const result = resultFor(customModeVpc, scope(json), "google_compute_network.vpc");
      expect(result.status).toBe("fail");
      expect(result.message).toContain("provider default is true");
      expect(result.evidence).toEqual([{ path: "auto_create_subnetworks", value: "(not set)" }]);
    });
    it("fails auto mode and is unknown when the value is known only after apply", () => {
      const json = mutate(
        NETWORK_STACK,
        (j) => (j.resource.google_compute_network.vpc.auto_create_subnetworks = true),
      );
      expect(run(customModeVpc, scope(json))).toEqual(["google_compute_network.vpc: fail"]);
      const unknown = markUnknown(scope(), "google_compute_network.vpc", "auto_create_subnetworks");
      expect(run(customModeVpc, unknown)).toEqual(["google_compute_network.vpc: unknown"]);
    });
    it("is not applicable at project level when no network exists", () => {
      expect(run(customModeVpc, scopeOf(tf({ google_storage_bucket: { b: { name: "b" } } })))).toEqual([
        "project: not-applicable",
      ]);
    });
  });

  describe("NET-02 Private Google Access", () => {
    it("passes VM subnets and leaves proxy-only subnets not applicable", () => {
      expect(run(privateGoogleAccess, scope())).toEqual([
        "google_compute_subnetwork.app: pass",
        "google_compute_subnetwork.proxy: not-applicable",
      ]);
    });
    it("fails a subnet without it", () => {
      const json = mutate(
        NETWORK_STACK,
        (j) => delete j.resource.google_compute_subnetwork.app.private_ip_google_access,
      );
      expect(run(privateGoogleAccess, scope(json))).toContain("google_compute_subnetwork.app: fail");
    });
  });

  describe("NET-03 flow logs", () => {
    it("passes a subnet with log_config and skips proxy-only subnets", () => {
      expect(run(subnetFlowLogs, scope())).toEqual([
        "google_compute_subnetwork.app: pass",
        "google_compute_subnetwork.proxy: not-applicable",
      ]);
    });
    it("fails a subnet without log_config or with zero sampling", () => {
      const none = mutate(NETWORK_STACK, (j) => delete j.resource.google_compute_subnetwork.app.log_config);
      expect(run(subnetFlowLogs, scope(none))).toContain("google_compute_subnetwork.app: fail");
      const zero = mutate(
        NETWORK_STACK,
        (j) => (j.resource.google_compute_subnetwork.app.log_config.flow_sampling = 0),
      );
      expect(resultFor(subnetFlowLogs, scope(zero), "google_compute_subnetwork.app").message).toContain(
        "flow_sampling is 0",
      );
    });
    it("is unknown when log_config is known only after apply", () => {
      const address = "google_compute_subnetwork.app";
      expect(verdictWithUnknown(subnetFlowLogs, scope(), address, "log_config").status).toBe("unknown");
    });
  });

  describe("NET-04 no external IP", () => {
    it("passes VMs without access_config", () => {
      expect(run(noExternalIp, scope())).toEqual([
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
      expect(run(noExternalIp, scope(json))).toEqual([
        "google_compute_instance.bastion: fail",
        "google_compute_instance_template.app: fail",
      ]);
      expect(resultFor(noExternalIp, scope(json), "google_compute_instance.bastion").evidence[0].path).toBe(
        "network_interface.0.access_config",
      );
    });
  });

  describe("NET-05 no ingress from the internet", () => {
    it("passes ingress allows from named ranges", () => {
      expect(run(noInternetIngress, scope())).toEqual([
        "google_compute_firewall.iap_ssh: pass",
        "google_compute_firewall.health: pass",
      ]);
    });
    it.each(["0.0.0.0/0", "::/0"])("fails an allow from %s on any port", (range) => {
      const json = mutate(
        NETWORK_STACK,
        (j) => (firewall(j, "health").source_ranges = ["10.0.0.0/8", range]),
      );
      const result = resultFor(noInternetIngress, scope(json), "google_compute_firewall.health");
      expect(result.status).toBe("fail");
      expect(result.message).toContain(range);
    });
    it("fails an allow that names no source, and ignores deny rules from 0.0.0.0/0", () => {
      const json = mutate(NETWORK_STACK, (j) => delete firewall(j, "health").source_ranges);
      expect(run(noInternetIngress, scope(json))).toContain("google_compute_firewall.health: fail");
      expect(run(noInternetIngress, scope())).not.toContain("google_compute_firewall.deny_ingress: fail");
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
      expect(run(noInternetIngress, scopeOf(json))).toEqual([
        "google_compute_network_firewall_policy_rule.open: fail",
      ]);
    });
  });

  describe("NET-06 / NET-07 default deny", () => {
    it("passes a network with logged deny-all rules in both directions", () => {
      expect(run(defaultDenyIngress, scope())).toEqual(["google_compute_network.vpc: pass"]);
      expect(run(defaultDenyEgress, scope())).toEqual(["google_compute_network.vpc: pass"]);
    });
    it("fails when the deny-all rule is missing", () => {
      const json = mutate(NETWORK_STACK, (j) => delete j.resource.google_compute_firewall.deny_egress);
      expect(run(defaultDenyEgress, scope(json))).toEqual(["google_compute_network.vpc: fail"]);
      expect(run(defaultDenyIngress, scope(json))).toEqual(["google_compute_network.vpc: pass"]);
    });
    it("fails a deny-all rule without logging, with targets, or covering only some ports", () => {
      const unlogged = mutate(NETWORK_STACK, (j) => delete firewall(j, "deny_ingress").log_config);
      expect(resultFor(defaultDenyIngress, scope(unlogged), "google_compute_network.vpc").message).toContain(
        "does not log",
      );
      const targeted = mutate(NETWORK_STACK, (j) => (firewall(j, "deny_ingress").target_tags = ["web"]));
      expect(run(defaultDenyIngress, scope(targeted))).toEqual(["google_compute_network.vpc: fail"]);
      const partial = mutate(NETWORK_STACK, (j) => (firewall(j, "deny_egress").deny = [{ protocol: "tcp" }]));
      expect(run(defaultDenyEgress, scope(partial))).toEqual(["google_compute_network.vpc: fail"]);
    });
    it("only counts rules of the same network", () => {
      const json = mutate(NETWORK_STACK, (j) => {
        j.resource.google_compute_network.other = { name: "other", auto_create_subnetworks: false };
      });
      expect(run(defaultDenyIngress, scope(json))).toEqual([
        "google_compute_network.vpc: pass",
        "google_compute_network.other: fail",
      ]);
    });
  });

  describe("NET-08 firewall logging", () => {
    it("passes rules with log_config", () => {
      expect(run(firewallLogging, scope()).every((s) => s.endsWith(": pass"))).toBe(true);
    });
    it("reads an empty log_config list (as plan JSON writes an absent block) as no logging", () => {
      const json = mutate(NETWORK_STACK, (j) => (firewall(j, "health").log_config = []));
      expect(run(firewallLogging, scope(json))).toContain("google_compute_firewall.health: fail");
    });
    it("fails a rule without log_config", () => {
      const json = mutate(NETWORK_STACK, (j) => delete firewall(j, "health").log_config);
      expect(run(firewallLogging, scope(json))).toContain("google_compute_firewall.health: fail");
    });
  });

  describe("NET-09 SSH only from IAP", () => {
    it("passes SSH from 35.235.240.0/20 only", () => {
      expect(run(sshFromIapOnly, scope())).toEqual(["google_compute_firewall.iap_ssh: pass"]);
    });
    it("fails SSH from another range, from source tags, and a rule opening every TCP port", () => {
      const range = mutate(NETWORK_STACK, (j) => firewall(j, "iap_ssh").source_ranges.push("10.0.0.0/8"));
      expect(resultFor(sshFromIapOnly, scope(range), "google_compute_firewall.iap_ssh").message).toContain(
        "10.0.0.0/8",
      );
      const tags = mutate(NETWORK_STACK, (j) => (firewall(j, "iap_ssh").source_tags = ["bastion"]));
      expect(run(sshFromIapOnly, scope(tags))).toEqual(["google_compute_firewall.iap_ssh: fail"]);
      const allPorts = mutate(NETWORK_STACK, (j) => (firewall(j, "health").allow = [{ protocol: "tcp" }]));
      expect(run(sshFromIapOnly, scope(allPorts))).toContain("google_compute_firewall.health: fail");
      const portRange = mutate(
        NETWORK_STACK,
        (j) => (firewall(j, "health").allow = [{ protocol: "tcp", ports: ["20-25"] }]),
      );
      expect(run(sshFromIapOnly, scope(portRange))).toContain("google_compute_firewall.health: fail");
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
      expect(run(sshFromIapOnly, scope(collector("zeek")))).toEqual([
        "google_compute_firewall.iap_ssh: pass",
        "google_compute_firewall.mirrored: not-applicable",
      ]);
      // iap-ssh is also carried by other VMs: a rule targeting it is not a collector-only rule.
      expect(run(sshFromIapOnly, scope(collector("iap-ssh")))).toContain(
        "google_compute_firewall.mirrored: fail",
      );
    });
    it("passes at project level when nothing allows SSH", () => {
      const json = mutate(NETWORK_STACK, (j) => delete j.resource.google_compute_firewall.iap_ssh);
      expect(run(sshFromIapOnly, scope(json))).toEqual(["project: pass"]);
    });
  });

  describe("NET-10 NAT logging", () => {
    it("passes log_config enable with filter ALL", () => {
      expect(run(natLogging, scope())).toEqual(["google_compute_router_nat.nat: pass"]);
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
      expect(run(natLogging, scope(json))).toEqual(["google_compute_router_nat.nat: fail"]);
    });
    it("fails a NAT without log_config", () => {
      const json = mutate(NETWORK_STACK, (j) => delete j.resource.google_compute_router_nat.nat.log_config);
      expect(run(natLogging, scope(json))).toEqual(["google_compute_router_nat.nat: fail"]);
    });
  });

  describe("NET-11 IP forwarding", () => {
    it("passes can_ip_forward false or absent", () => {
      expect(run(noIpForwarding, scope())).toEqual([
        "google_compute_instance.bastion: pass",
        "google_compute_instance_template.app: pass",
      ]);
    });
    it("fails can_ip_forward true", () => {
      const json = mutate(
        NETWORK_STACK,
        (j) => (j.resource.google_compute_instance.bastion.can_ip_forward = true),
      );
      expect(run(noIpForwarding, scope(json))).toContain("google_compute_instance.bastion: fail");
    });
  });

  describe("NET-12 targeted ingress", () => {
    it("passes ingress allows with target tags", () => {
      expect(run(targetedIngress, scope())).toEqual([
        "google_compute_firewall.iap_ssh: pass",
        "google_compute_firewall.health: pass",
      ]);
    });
    it("fails an ingress allow that applies to every VM", () => {
      const json = mutate(NETWORK_STACK, (j) => delete firewall(j, "health").target_tags);
      expect(run(targetedIngress, scope(json))).toContain("google_compute_firewall.health: fail");
    });
  });
});

describe("NET firewall controls read rules as Google applies them", () => {
  it("NET-05 fails a /0 written another way and IPv4 halves that together cover everything", () => {
    for (const ranges of [["0::0/0"], ["0.0.0.0/1", "128.0.0.0/1"]]) {
      const json = mutate(NETWORK_STACK, (j) => (firewall(j, "health").source_ranges = ranges));
      expect(run(noInternetIngress, scope(json))).toContain("google_compute_firewall.health: fail");
    }
    const half = mutate(NETWORK_STACK, (j) => (firewall(j, "health").source_ranges = ["0.0.0.0/1"]));
    expect(run(noInternetIngress, scope(half))).toContain("google_compute_firewall.health: pass");
  });

  it("NET-05 / NET-09 read source ranges set from a variable as unknown, not as named sources", () => {
    const json = mutate(NETWORK_STACK, (j) => (firewall(j, "iap_ssh").source_ranges = "${var.ssh_sources}"));
    expect(run(noInternetIngress, scope(json))).toContain("google_compute_firewall.iap_ssh: unknown");
    expect(run(sshFromIapOnly, scope(json))).toEqual(["google_compute_firewall.iap_ssh: unknown"]);
  });

  it("NET-05 follows a source range referencing a declared attribute", () => {
    const json = mutate(NETWORK_STACK, (j) => {
      j.resource.google_compute_subnetwork.app.ip_cidr_range = "0.0.0.0/0";
      firewall(j, "health").source_ranges = ["${google_compute_subnetwork.app.ip_cidr_range}"];
    });
    expect(run(noInternetIngress, scope(json))).toContain("google_compute_firewall.health: fail");
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
    expect(run(noInternetIngress, scope(json))).toContain("google_compute_firewall.health: fail");
    expect(run(targetedIngress, scope(json))).toContain("google_compute_firewall.health: fail");
    expect(run(sshFromIapOnly, scope(json))).toContain("google_compute_firewall.health: unknown");
    expect(run(noExternalIp, scope(json))).toContain("google_compute_instance.bastion: unknown");
  });

  it("NET-09 fails a rule naming no source (Google applies 0.0.0.0/0) and a port range written with spaces", () => {
    const unnamed = mutate(NETWORK_STACK, (j) => delete firewall(j, "iap_ssh").source_ranges);
    expect(run(sshFromIapOnly, scope(unnamed))).toEqual(["google_compute_firewall.iap_ssh: fail"]);
    const spaced = mutate(
      NETWORK_STACK,
      (j) => (firewall(j, "health").allow = [{ protocol: "tcp", ports: ["20 - 30"] }]),
    );
    expect(run(sshFromIapOnly, scope(spaced))).toContain("google_compute_firewall.health: fail");
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
    expect(run(noInternetIngress, scopeOf(json))).toEqual([
      "google_compute_network_firewall_policy_rule.inspected: fail",
    ]);
    expect(run(sshFromIapOnly, scopeOf(json))).toEqual([
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
    expect(run(defaultDenyEgress, scope(json))).toEqual(["google_compute_network.vpc: fail"]);
    const below = mutate(json, (j) => (firewall(j, "open_egress").priority = 65535));
    expect(run(defaultDenyEgress, scope(below))).toEqual(["google_compute_network.vpc: pass"]);
  });
});

describe("NET-06 / NET-07 count the rules that exist", () => {
  it("fails when the deny-all rule is declared with count = 0 or an empty for_each", () => {
    const none = mutate(NETWORK_STACK, (j) => (firewall(j, "deny_ingress").count = 0));
    expect(run(defaultDenyIngress, scope(none))).toEqual(["google_compute_network.vpc: fail"]);
    const empty = mutate(NETWORK_STACK, (j) => (firewall(j, "deny_egress").for_each = {}));
    expect(run(defaultDenyEgress, scope(empty))).toEqual(["google_compute_network.vpc: fail"]);
    const one = mutate(NETWORK_STACK, (j) => (firewall(j, "deny_egress").count = 1));
    expect(run(defaultDenyEgress, scope(one))).toEqual(["google_compute_network.vpc: pass"]);
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
    expect(run(noInternetIngress, scopeOf(json))).toEqual([
      "google_compute_network_firewall_policy_rule.country: fail",
    ]);
  });
});

describe("NET-11 reads can_ip_forward set from an expression as unknown", () => {
  it("is unknown, not passed", () => {
    const json = mutate(NETWORK_STACK, (j) => {
      j.resource.google_compute_instance.bastion.can_ip_forward = "${var.router}";
    });
    expect(run(noIpForwarding, scope(json))).toContain("google_compute_instance.bastion: unknown");
  });
});

describe("NET-06 does not count on a deny-all rule switched by an expression", () => {
  it("fails when disabled is set from a variable", () => {
    const json = mutate(NETWORK_STACK, (j) => (firewall(j, "deny_ingress").disabled = "${var.off}"));
    expect(run(defaultDenyIngress, scope(json))).toEqual(["google_compute_network.vpc: fail"]);
  });
});

describe("NET-06 / NET-07 do not count on a deny-all rule that may not be created", () => {
  it("is unknown when the only deny-all rule's count or for_each is an expression", () => {
    const counted = mutate(NETWORK_STACK, (j) => (firewall(j, "deny_ingress").count = "${var.on ? 1 : 0}"));
    expect(run(defaultDenyIngress, scope(counted))).toEqual(["google_compute_network.vpc: unknown"]);
    expect(resultFor(defaultDenyIngress, scope(counted), "google_compute_network.vpc").message).toContain(
      "exists only if its count",
    );
    const each = mutate(NETWORK_STACK, (j) => (firewall(j, "deny_egress").for_each = "${var.rules}"));
    expect(run(defaultDenyEgress, scope(each))).toEqual(["google_compute_network.vpc: unknown"]);
  });
  it("passes on another deny-all rule that is always created", () => {
    const json = mutate(NETWORK_STACK, (j) => {
      j.resource.google_compute_firewall.maybe = {
        ...firewall(j, "deny_ingress"),
        count: "${var.on ? 1 : 0}",
      };
      firewall(j, "maybe").name = "maybe-deny";
    });
    expect(run(defaultDenyIngress, scope(json))).toEqual(["google_compute_network.vpc: pass"]);
  });
});
