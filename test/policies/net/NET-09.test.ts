import { NET09SshFromIapOnly } from "../../../policies/controls/net/NET-09-ssh-from-iap-only";
import { expectFails, expectPasses, mutate, resultFor, run, scopeOf } from "../../support/control-fixtures";
import {
  DYNAMIC_BLOCKS,
  LOGGED,
  NETWORK,
  NETWORK_STACK,
  firewall,
  policyRuleFromInternet,
  scope,
} from "./fixture";

const IAP_SSH = "google_compute_firewall.iap_ssh";
const HEALTH = "google_compute_firewall.health";

describe("NET-09 SSH only from Identity-Aware Proxy", () => {
  it("passes SSH from 35.235.240.0/20 only", () => {
    expectPasses(NET09SshFromIapOnly, scope());
    expect(run(NET09SshFromIapOnly, scope())).toEqual(["google_compute_firewall.iap_ssh: pass"]);
  });

  it("fails SSH from another range, from source tags, and a rule opening every TCP port", () => {
    const range = mutate(NETWORK_STACK, (j) => firewall(j, "iap_ssh").source_ranges.push("10.0.0.0/8"));
    expectFails(NET09SshFromIapOnly, scope(range), IAP_SSH);
    expect(resultFor(NET09SshFromIapOnly, scope(range), IAP_SSH).message).toContain("10.0.0.0/8");
    const tags = mutate(NETWORK_STACK, (j) => (firewall(j, "iap_ssh").source_tags = ["bastion"]));
    expectFails(NET09SshFromIapOnly, scope(tags), IAP_SSH);
    expect(run(NET09SshFromIapOnly, scope(tags))).toEqual(["google_compute_firewall.iap_ssh: fail"]);
    const allPorts = mutate(NETWORK_STACK, (j) => (firewall(j, "health").allow = [{ protocol: "tcp" }]));
    expectFails(NET09SshFromIapOnly, scope(allPorts), HEALTH);
    expect(run(NET09SshFromIapOnly, scope(allPorts))).toContain("google_compute_firewall.health: fail");
    const portRange = mutate(
      NETWORK_STACK,
      (j) => (firewall(j, "health").allow = [{ protocol: "tcp", ports: ["20-25"] }]),
    );
    expect(run(NET09SshFromIapOnly, scope(portRange))).toContain("google_compute_firewall.health: fail");
  });

  it("fails a TCP allow whose ports is null (unset: every port, so 22 too)", () => {
    const json = mutate(
      NETWORK_STACK,
      (j) => (firewall(j, "health").allow = [{ protocol: "tcp", ports: null }]),
    );
    expectFails(NET09SshFromIapOnly, scope(json), HEALTH);
  });

  it("fails an SSH rule whose source_ranges is null (unset: Google applies 0.0.0.0/0)", () => {
    const json = mutate(NETWORK_STACK, (j) => (firewall(j, "iap_ssh").source_ranges = null));
    expectFails(NET09SshFromIapOnly, scope(json), IAP_SSH);
  });

  it("reads a null direction as INGRESS (the provider default)", () => {
    const json = mutate(NETWORK_STACK, (j) => {
      firewall(j, "iap_ssh").direction = null;
      firewall(j, "iap_ssh").source_ranges = ["10.0.0.0/8"];
    });
    expectFails(NET09SshFromIapOnly, scope(json), IAP_SSH);
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
    expectFails(NET09SshFromIapOnly, scope(collector("iap-ssh")), "google_compute_firewall.mirrored");
    expect(run(NET09SshFromIapOnly, scope(collector("iap-ssh")))).toContain(
      "google_compute_firewall.mirrored: fail",
    );
  });

  it("passes at project level when nothing allows SSH", () => {
    const json = mutate(NETWORK_STACK, (j) => delete j.resource.google_compute_firewall.iap_ssh);
    expect(run(NET09SshFromIapOnly, scope(json))).toEqual(["project: pass"]);
  });

  it("reads source ranges set from a variable as unknown, not as named sources", () => {
    const json = mutate(NETWORK_STACK, (j) => (firewall(j, "iap_ssh").source_ranges = "${var.ssh_sources}"));
    expect(run(NET09SshFromIapOnly, scope(json))).toEqual(["google_compute_firewall.iap_ssh: unknown"]);
  });

  it("treats a dynamic allow block as unknown, never as absent", () => {
    expect(run(NET09SshFromIapOnly, scope(DYNAMIC_BLOCKS))).toContain(
      "google_compute_firewall.health: unknown",
    );
  });

  it("fails a rule naming no source (Google applies 0.0.0.0/0) and a port range written with spaces", () => {
    const unnamed = mutate(NETWORK_STACK, (j) => delete firewall(j, "iap_ssh").source_ranges);
    expect(run(NET09SshFromIapOnly, scope(unnamed))).toEqual(["google_compute_firewall.iap_ssh: fail"]);
    const spaced = mutate(
      NETWORK_STACK,
      (j) => (firewall(j, "health").allow = [{ protocol: "tcp", ports: ["20 - 30"] }]),
    );
    expect(run(NET09SshFromIapOnly, scope(spaced))).toContain("google_compute_firewall.health: fail");
  });

  it("reads a firewall policy's apply_security_profile_group as an allow", () => {
    const json = policyRuleFromInternet("inspected", "apply_security_profile_group", "22");
    expect(run(NET09SshFromIapOnly, scopeOf(json))).toEqual([
      "google_compute_network_firewall_policy_rule.inspected: fail",
    ]);
  });
});
