import { NET05NoInternetIngress } from "../../../policies/controls/net/NET-05-no-internet-ingress";
import {
  expectFails,
  expectPasses,
  mutate,
  resultFor,
  run,
  scopeOf,
  tf,
} from "../../support/control-fixtures";
import { resourceWith } from "../../support/environment";
import { type Stacks, baselineScope } from "../mon/fixture";
import { DYNAMIC_BLOCKS, NETWORK_STACK, firewall, policyRuleFromInternet, scope } from "./fixture";

const HEALTH = "google_compute_firewall.health";

describe("NET-05 No firewall rule allows ingress from the whole internet", () => {
  it("passes ingress allows from named ranges", () => {
    expectPasses(NET05NoInternetIngress, scope());
    expect(run(NET05NoInternetIngress, scope())).toEqual([
      "google_compute_firewall.iap_ssh: pass",
      "google_compute_firewall.health: pass",
    ]);
  });

  it.each(["0.0.0.0/0", "::/0"])("fails an allow from %s on any port", (range) => {
    const json = mutate(NETWORK_STACK, (j) => (firewall(j, "health").source_ranges = ["10.0.0.0/8", range]));
    expectFails(NET05NoInternetIngress, scope(json), HEALTH);
    const result = resultFor(NET05NoInternetIngress, scope(json), HEALTH);
    expect(result.status).toBe("fail");
    expect(result.message).toContain(range);
  });

  it("fails an allow that names no source, and ignores deny rules from 0.0.0.0/0", () => {
    const json = mutate(NETWORK_STACK, (j) => delete firewall(j, "health").source_ranges);
    expectFails(NET05NoInternetIngress, scope(json), HEALTH);
    expect(run(NET05NoInternetIngress, scope(json))).toContain("google_compute_firewall.health: fail");
    expect(run(NET05NoInternetIngress, scope())).not.toContain("google_compute_firewall.deny_ingress: fail");
  });

  it("fails an allow whose source_ranges is null (unset: Google applies 0.0.0.0/0)", () => {
    const json = mutate(NETWORK_STACK, (j) => (firewall(j, "health").source_ranges = null));
    expectFails(NET05NoInternetIngress, scope(json), HEALTH);
  });

  it("reads a null direction as INGRESS (the provider default)", () => {
    const json = mutate(NETWORK_STACK, (j) => {
      firewall(j, "health").direction = null;
      firewall(j, "health").source_ranges = ["0.0.0.0/0"];
    });
    expectFails(NET05NoInternetIngress, scope(json), HEALTH);
  });

  it("reads a null disabled as enabled (the provider default)", () => {
    const json = mutate(NETWORK_STACK, (j) => {
      firewall(j, "health").disabled = null;
      firewall(j, "health").source_ranges = ["0.0.0.0/0"];
    });
    expectFails(NET05NoInternetIngress, scope(json), HEALTH);
  });

  it("judges firewall policy rules too", () => {
    const json = policyRuleFromInternet("open", "allow", "443");
    expectFails(NET05NoInternetIngress, scopeOf(json), "google_compute_network_firewall_policy_rule.open");
    expect(run(NET05NoInternetIngress, scopeOf(json))).toEqual([
      "google_compute_network_firewall_policy_rule.open: fail",
    ]);
  });

  it("fails a /0 written another way and IPv4 halves that together cover everything", () => {
    for (const ranges of [["0::0/0"], ["0.0.0.0/1", "128.0.0.0/1"]]) {
      const json = mutate(NETWORK_STACK, (j) => (firewall(j, "health").source_ranges = ranges));
      expect(run(NET05NoInternetIngress, scope(json))).toContain("google_compute_firewall.health: fail");
    }
    const half = mutate(NETWORK_STACK, (j) => (firewall(j, "health").source_ranges = ["0.0.0.0/1"]));
    expect(run(NET05NoInternetIngress, scope(half))).toContain("google_compute_firewall.health: pass");
  });

  it("reads source ranges set from a variable as unknown, not as named sources", () => {
    const json = mutate(NETWORK_STACK, (j) => (firewall(j, "iap_ssh").source_ranges = "${var.ssh_sources}"));
    expect(run(NET05NoInternetIngress, scope(json))).toContain("google_compute_firewall.iap_ssh: unknown");
  });

  it("follows a source range referencing a declared attribute", () => {
    const json = mutate(NETWORK_STACK, (j) => {
      j.resource.google_compute_subnetwork.app.ip_cidr_range = "0.0.0.0/0";
      firewall(j, "health").source_ranges = ["${google_compute_subnetwork.app.ip_cidr_range}"];
    });
    expect(run(NET05NoInternetIngress, scope(json))).toContain("google_compute_firewall.health: fail");
  });

  it("fails a rule from 0.0.0.0/0 whose allow block is dynamic (unknown, never absent)", () => {
    expect(run(NET05NoInternetIngress, scope(DYNAMIC_BLOCKS))).toContain(
      "google_compute_firewall.health: fail",
    );
  });

  it("reads a firewall policy's apply_security_profile_group as an allow", () => {
    const json = policyRuleFromInternet("inspected", "apply_security_profile_group", "22");
    expect(run(NET05NoInternetIngress, scopeOf(json))).toEqual([
      "google_compute_network_firewall_policy_rule.inspected: fail",
    ]);
  });

  it.each([
    ["src_region_codes", ["US"]],
    ["src_threat_intelligences", ["iplist-public-clouds"]],
    ["src_fqdns", ["example.com"]],
  ])("reads a firewall policy's %s as internet sources and fails an allow from them", (key, values) => {
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

  it("reads a firewall policy rule's null disabled as enabled (the provider default)", () => {
    const json = policyRuleFromInternet("open", "allow", "443", { disabled: null });
    expectFails(NET05NoInternetIngress, scopeOf(json), "google_compute_network_firewall_policy_rule.open");
  });

  describe("the packet-mirroring collectors' rule from 0.0.0.0/0 (mirrored copies keep their sources)", () => {
    const mirroredIngress = (stacks: Stacks) =>
      resourceWith(stacks, "google_compute_firewall", "name", "acme-prod-zeek-mirrored-ingress");
    const address = () => mirroredIngress(baselineScopeStacks()).address;
    const baselineScopeStacks = () => {
      let captured: Stacks = {};
      baselineScope((stacks) => (captured = stacks));
      return captured;
    };

    test("passes on the baseline: it targets only the collectors' tag, and they have no external address", () => {
      expectPasses(NET05NoInternetIngress, baselineScope());
      const result = resultFor(NET05NoInternetIngress, baselineScope(), address());
      expect(result.status).toBe("pass");
      expect(result.message).toMatch(
        /: admits mirrored copies \(original sources kept, so from anywhere\) only to the mirroring collectors \(zeek-sensor on google_compute_instance_template\.\S+\), which have no external address$/,
      );
    });

    test("fails once a collector has an external address", () => {
      const scope = baselineScope((stacks) => {
        const template = Object.values(
          stacks["prod-monitoring"].resource!.google_compute_instance_template,
        )[0];
        (template.network_interface as Record<string, unknown>[])[0].access_config = [{}];
      });
      const [failure] = expectFails(NET05NoInternetIngress, scope, address());
      expect(failure.message).toMatch(/mirroring collectors that have an external address/);
    });

    test("fails once its tag is also carried by a VM that is not behind the collector", () => {
      const scope = baselineScope((stacks) => {
        const manager = Object.values(stacks["prod-monitoring"].resource!.google_compute_instance)[0];
        manager.tags = [...(manager.tags as string[]), "zeek-sensor"];
      });
      const [failure] = expectFails(NET05NoInternetIngress, scope, address());
      expect(failure.message).toMatch(/zeek_fw-mirrored-ingress\S*: allows ingress from 0\.0\.0\.0\/0$/);
    });

    test("fails without target tags (every VM), or with a target service account besides the tag", () => {
      for (const change of [
        (rule: Record<string, unknown>) => delete rule.target_tags,
        (rule: Record<string, unknown>) =>
          (rule.target_service_accounts = ["someone@p.iam.gserviceaccount.com"]),
      ]) {
        const scope = baselineScope((stacks) => change(mirroredIngress(stacks).attributes));
        expectFails(NET05NoInternetIngress, scope, address());
      }
    });

    test("a rule from 0.0.0.0/0 to the collectors for some ports only (not a mirrored-copies rule) fails", () => {
      const scope = baselineScope(
        (stacks) => (mirroredIngress(stacks).attributes.allow = [{ protocol: "tcp", ports: ["22"] }]),
      );
      expectFails(NET05NoInternetIngress, scope, address());
    });

    test("any other rule from 0.0.0.0/0 in the baseline still fails, even one to the collectors' tag", () => {
      const scope = baselineScope((stacks) => {
        resourceWith(
          stacks,
          "google_compute_firewall",
          "name",
          "acme-prod-zeek-own-health",
        ).attributes.source_ranges = ["0.0.0.0/0"];
      });
      const [failure] = expectFails(NET05NoInternetIngress, scope);
      expect(failure.message).toMatch(/zeek_fw-own-health\S*: allows ingress from 0\.0\.0\.0\/0$/);
    });
  });
});
