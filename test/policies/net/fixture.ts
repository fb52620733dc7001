import { type Attrs, mutate, resourceIn, scopeFor, tf } from "../../support/control-fixtures";

/** The VPC, as the subnets and firewall rules of the fixture reference it. */
export const NETWORK = "${google_compute_network.vpc.id}";
/** A firewall rule's log_config as the FirewallRule construct renders it. */
export const LOGGED = { metadata: "INCLUDE_ALL_METADATA" };

/** A compliant network stack: custom VPC, a VM subnet and a proxy-only subnet, default-deny both ways, IAP SSH, NAT. */
export const NETWORK_STACK = tf({
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

/** `scope()`: the compliant stack's scope; `scope(json)`: a changed copy's. */
export const scope = scopeFor(NETWORK_STACK);

/** The attributes (mutable) of `google_compute_firewall.<name>` in a fixture copy. */
export const firewall = (json: Attrs, name: string): Attrs =>
  resourceIn(json, "google_compute_firewall", name);

/**
 * The health-check rule's allow block and target tags, and the bastion's access_config, written as dynamic
 * blocks (rendered only at plan time), with the health-check rule open to 0.0.0.0/0.
 */
export const DYNAMIC_BLOCKS = mutate(NETWORK_STACK, (j) => {
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

/** A network firewall policy rule of action `action` admitting tcp `port` from 0.0.0.0/0. */
export function policyRuleFromInternet(name: string, action: string, port: string, extra: Attrs = {}): Attrs {
  return tf({
    google_compute_network_firewall_policy_rule: {
      [name]: {
        action,
        direction: "INGRESS",
        priority: 100,
        firewall_policy: "p",
        match: { src_ip_ranges: ["0.0.0.0/0"], layer4_configs: [{ ip_protocol: "tcp", ports: [port] }] },
        ...extra,
      },
    },
  });
}
