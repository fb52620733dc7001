import { NET16PackageEgressFqdnOnly } from "../../../policies/controls/net/NET-16-package-egress-fqdn-only";
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
import { LOGGED, NETWORK } from "./fixture";

const VAULT = "google_compute_instance_template.vault";
const POLICY = "${google_compute_network_firewall_policy.egress.name}";
const ACCOUNT = "acme-prod-vault@acme-prod.iam.gserviceaccount.com";

const rule = (extra: Attrs): Attrs => ({
  firewall_policy: POLICY,
  direction: "EGRESS",
  target_service_accounts: [ACCOUNT],
  enable_logging: true,
  ...extra,
});

/** A Vault template and the network's FQDN policy, as the baseline declares them. */
const STACK = tf({
  google_compute_network: { vpc: { name: "vpc", auto_create_subnetworks: false } },
  google_service_account: { vault: { account_id: "acme-prod-vault", project: "acme-prod" } },
  google_compute_instance_template: {
    vault: {
      name_prefix: "vault-",
      tags: ["vault-server", "iap-ssh", "package-egress"],
      service_account: { email: "${google_service_account.vault.email}", scopes: ["cloud-platform"] },
    },
  },
  google_compute_firewall: {
    deny_egress: {
      name: "deny-all-egress",
      network: NETWORK,
      direction: "EGRESS",
      priority: 65534,
      deny: [{ protocol: "all" }],
      destination_ranges: ["0.0.0.0/0"],
      log_config: LOGGED,
    },
    apis: {
      name: "allow-egress-google-apis",
      network: NETWORK,
      direction: "EGRESS",
      allow: [{ protocol: "tcp", ports: ["443"] }],
      destination_ranges: ["199.36.153.4/30"],
      log_config: LOGGED,
    },
    https: {
      name: "allow-egress-internet-https",
      network: NETWORK,
      direction: "EGRESS",
      allow: [{ protocol: "tcp", ports: ["443"] }],
      destination_ranges: ["0.0.0.0/0"],
      target_tags: ["internet-egress"],
      log_config: LOGGED,
    },
  },
  google_compute_network_firewall_policy: { egress: { name: "package-egress" } },
  google_compute_network_firewall_policy_association: {
    vpc: {
      name: "package-egress-vpc",
      firewall_policy: "${google_compute_network_firewall_policy.egress.id}",
      attachment_target: NETWORK,
    },
  },
  google_compute_network_firewall_policy_rule: {
    allow: rule({
      action: "allow",
      priority: 1000,
      match: {
        dest_fqdns: ["deb.debian.org", "apt.releases.hashicorp.com"],
        layer4_configs: [{ ip_protocol: "tcp", ports: ["443"] }],
      },
    }),
    internal: rule({
      action: "goto_next",
      priority: 60000,
      enable_logging: undefined,
      match: { dest_ip_ranges: ["10.0.0.0/16"], layer4_configs: [{ ip_protocol: "all" }] },
    }),
    deny: rule({
      action: "deny",
      priority: 60100,
      match: { dest_ip_ranges: ["0.0.0.0/0"], layer4_configs: [{ ip_protocol: "all" }] },
    }),
  },
});

const scope = (json: Attrs = STACK) => scopeOf(json);
const policyRule = (j: Attrs, name: string) =>
  resourceIn(j, "google_compute_network_firewall_policy_rule", name);

describe("NET-16 Vault, Wazuh and Zeek reach the internet only by FQDN allow-list", () => {
  it("passes a Vault template with only listed FQDNs on tcp:443 and an attached deny of the rest", () => {
    const [result] = expectPasses(NET16PackageEgressFqdnOnly, scope());
    expect(result.message).toContain("HTTPS to deb.debian.org, apt.releases.hashicorp.com only");
  });

  it("is not applicable without Vault, Wazuh or Zeek VMs", () => {
    const json = mutate(STACK, (j) => delete j.resource.google_compute_instance_template);
    expect(run(NET16PackageEgressFqdnOnly, scope(json))).toEqual(["project: not-applicable"]);
  });

  it("fails a sensitive host tagged internet-egress (HTTPS to 0.0.0.0/0)", () => {
    const json = mutate(STACK, (j) =>
      resourceIn(j, "google_compute_instance_template", "vault").tags.push("internet-egress"),
    );
    const [failed] = expectFails(NET16PackageEgressFqdnOnly, scope(json), VAULT);
    expect(failed.message).toContain("google_compute_firewall.https allows it egress to the internet");
  });

  it("fails a VPC egress allow to public ranges targeting its service account", () => {
    const json = mutate(STACK, (j) => {
      const https = resourceIn(j, "google_compute_firewall", "https");
      delete https.target_tags;
      https.target_service_accounts = [ACCOUNT];
      https.destination_ranges = ["140.82.112.0/20"];
    });
    expectFails(NET16PackageEgressFqdnOnly, scope(json), VAULT);
  });

  it("fails a policy allow to internet addresses, and one to an FQDN that is not a Vault package source", () => {
    const ranges = mutate(STACK, (j) => (policyRule(j, "allow").match.dest_ip_ranges = ["0.0.0.0/0"]));
    expectFails(NET16PackageEgressFqdnOnly, scope(ranges), VAULT);
    const offList = mutate(STACK, (j) => policyRule(j, "allow").match.dest_fqdns.push("pastebin.com"));
    const [failed] = expectFails(NET16PackageEgressFqdnOnly, scope(offList), VAULT);
    expect(failed.message).toContain("pastebin.com, not a package source of vault");
  });

  it("fails an FQDN allow wider than tcp:443", () => {
    const json = mutate(
      STACK,
      (j) => (policyRule(j, "allow").match.layer4_configs = [{ ip_protocol: "all" }]),
    );
    expectFails(NET16PackageEgressFqdnOnly, scope(json), VAULT);
  });

  it("fails without the deny of other egress, or when its policy is attached to no network", () => {
    const noDeny = mutate(STACK, (j) => delete j.resource.google_compute_network_firewall_policy_rule.deny);
    const [failed] = expectFails(NET16PackageEgressFqdnOnly, scope(noDeny), VAULT);
    expect(failed.message).toContain("no attached firewall policy denies its other egress");
    const detached = mutate(
      STACK,
      (j) => delete j.resource.google_compute_network_firewall_policy_association,
    );
    expectFails(NET16PackageEgressFqdnOnly, scope(detached), VAULT);
  });

  it("fails a host running as the default service account (no rule can target it)", () => {
    const json = mutate(
      STACK,
      (j) => delete resourceIn(j, "google_compute_instance_template", "vault").service_account,
    );
    expectFails(NET16PackageEgressFqdnOnly, scope(json), VAULT);
  });

  it("ignores rules for other service accounts", () => {
    const json = mutate(STACK, (j) => {
      policyRule(j, "allow").target_service_accounts = ["other@acme-prod.iam.gserviceaccount.com"];
      policyRule(j, "allow").match.dest_fqdns = ["example.com"];
    });
    expectPasses(NET16PackageEgressFqdnOnly, scope(json));
  });
});
