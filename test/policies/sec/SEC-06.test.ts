import { SEC06InternalOnly } from "../../../policies/controls/sec/SEC-06-internal-only";
import { expectFails, expectPasses, statuses } from "../../support/control-fixtures";
import {
  type Stacks,
  after,
  failures,
  prodAddress,
  prodScope,
  resource,
  template,
  templateAddress,
} from "./fixture";

const forwardingRule = (s: Stacks) => resource(s, "google_compute_forwarding_rule", "vault_lb");
const clientsRule = (s: Stacks) => resource(s, "google_compute_firewall", "vault_firewall_clients");
const forwardingRuleAddress = () => prodAddress("google_compute_forwarding_rule", "vault_lb");
const clientsRuleAddress = () => prodAddress("google_compute_firewall", "vault_firewall_clients");

describe("SEC-06 Vault is reachable only from inside the VPC", () => {
  test("passes the baseline's nodes behind an internal load balancer, without external IP", () => {
    const [result] = expectPasses(SEC06InternalOnly, prodScope());
    expect(result.message).toContain("no external IP; reached through 1 internal forwarding rule(s)");
  });

  test("fails with an EXTERNAL forwarding rule", () => {
    const change = (s: Stacks) => (forwardingRule(s).attributes.load_balancing_scheme = "EXTERNAL");
    const results = after(SEC06InternalOnly, change);
    expect(statuses(results)).toEqual([
      expect.stringMatching(/^google_compute_forwarding_rule\.vault_lb_forwarding-rule_\w+: fail$/),
    ]);
    expect(results[0].message).toContain("exposes Vault with load-balancing scheme EXTERNAL");
    expectFails(SEC06InternalOnly, prodScope(change), forwardingRuleAddress());
  });

  test("fails with a forwarding rule left at the provider's EXTERNAL default", () => {
    const change = (s: Stacks) => delete forwardingRule(s).attributes.load_balancing_scheme;
    expect(failures(after(SEC06InternalOnly, change))).toEqual([expect.stringContaining("scheme EXTERNAL")]);
    expectFails(SEC06InternalOnly, prodScope(change), forwardingRuleAddress());
  });

  test("fails with a forwarding rule whose scheme is null (unset: the provider's EXTERNAL default)", () => {
    const scope = prodScope((s) => (forwardingRule(s).attributes.load_balancing_scheme = null));
    const [result] = expectFails(SEC06InternalOnly, scope, forwardingRuleAddress());
    expect(result.message).toContain("exposes Vault with load-balancing scheme EXTERNAL");
  });

  test("fails with an external IP on the nodes", () => {
    const change = (s: Stacks) => (template(s).attributes.network_interface[0].access_config = [{}]);
    expect(failures(after(SEC06InternalOnly, change))).toEqual([
      expect.stringContaining("network_interface.0 has an external IP (access_config)"),
    ]);
    expectFails(SEC06InternalOnly, prodScope(change), templateAddress());
  });

  test("fails when a firewall rule opens 8200 to 0.0.0.0/0 for the Vault nodes", () => {
    const change = (s: Stacks) => (clientsRule(s).attributes.source_ranges = ["0.0.0.0/0"]);
    expect(failures(after(SEC06InternalOnly, change))).toEqual([
      expect.stringContaining("allows 8200/8201 from the internet to Vault nodes"),
    ]);
    expectFails(SEC06InternalOnly, prodScope(change), clientsRuleAddress());
  });

  test("fails a rule opening 8200 that names no source (Google applies 0.0.0.0/0) or two IPv4 halves", () => {
    for (const change of [
      (a: Record<string, unknown>) => delete a.source_ranges,
      (a: Record<string, unknown>) => (a.source_ranges = ["0.0.0.0/1", "128.0.0.0/1"]),
    ]) {
      const results = after(SEC06InternalOnly, (s) => change(clientsRule(s).attributes));
      expect(failures(results)).toEqual([
        expect.stringContaining("allows 8200/8201 from the internet to Vault nodes"),
      ]);
    }
  });

  test("fails a rule opening 8200 whose source_ranges is null (unset: Google applies 0.0.0.0/0)", () => {
    const scope = prodScope((s) => (clientsRule(s).attributes.source_ranges = null));
    const [result] = expectFails(SEC06InternalOnly, scope, clientsRuleAddress());
    expect(result.message).toContain("allows 8200/8201 from the internet to Vault nodes");
  });

  test("ignores an internet rule that targets other instances", () => {
    const change = (s: Stacks) => {
      s["prod-vault"].resource!.google_compute_firewall.web = {
        name: "web",
        network: "n",
        source_ranges: ["0.0.0.0/0"],
        allow: [{ protocol: "tcp" }],
        target_tags: ["web"],
      };
    };
    expect(after(SEC06InternalOnly, change).map((r) => r.status)).toEqual(["pass"]);
    expectPasses(SEC06InternalOnly, prodScope(change));
  });
});
