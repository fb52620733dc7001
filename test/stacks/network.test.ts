import { NETWORK_TAGS } from "../../shared/network-tags";
import { LB_BACKEND_PORTS } from "../../stacks/network";
import { baselineText } from "../support/baseline-text";
import {
  type Attributes,
  attributesOf,
  configFromYaml,
  findResource,
  normalise,
  resourcesOf,
  synthBaseline,
  synthStack,
} from "../support/synth";

const PREFIX = "acme-staging";

describe("network stack", () => {
  const stack = synthStack("staging-network");
  const rules = attributesOf(stack, "google_compute_firewall");
  const rule = (name: string) => findResource(stack, "google_compute_firewall", "name", `${PREFIX}-${name}`);
  const staging = configFromYaml(baselineText()).environments.find((e) => e.name === "staging")!;
  const { projectId, projectNumber } = staging;
  const ref = (type: string, attributes: Attributes) =>
    `\${${type}.${resourcesOf(stack, type).find(([, a]) => a === attributes)![0]}.id}`;
  const network = attributesOf(stack, "google_compute_network")[0];
  const subnet = (name: string) =>
    findResource(stack, "google_compute_subnetwork", "name", `${PREFIX}-${name}`);

  test("is one custom-mode VPC with regional routing and its default internet route deleted", () => {
    expect(attributesOf(stack, "google_compute_network")).toHaveLength(1);
    expect(network).toMatchObject({
      name: `${PREFIX}-vpc`,
      auto_create_subnetworks: false,
      routing_mode: "REGIONAL",
      delete_default_routes_on_create: true,
    });
  });

  test("has a subnet per role from the CIDR plan; every VM subnet has flow logs and Private Google Access", () => {
    const plan = {
      app: "10.10.0.0/20",
      vault: "10.10.16.0/24",
      monitoring: "10.10.17.0/24",
      data: "10.10.18.0/24",
    };
    for (const [role, cidr] of Object.entries(plan)) {
      expect(subnet(role)).toMatchObject({
        ip_cidr_range: cidr,
        region: "europe-west2",
        private_ip_google_access: true,
        log_config: {
          aggregation_interval: "INTERVAL_5_SEC",
          flow_sampling: 1,
          metadata: "INCLUDE_ALL_METADATA",
        },
      });
    }
    expect(subnet("proxy-only")).toMatchObject({
      ip_cidr_range: "10.10.32.0/23",
      purpose: "REGIONAL_MANAGED_PROXY",
      role: "ACTIVE",
    });
    expect(attributesOf(stack, "google_compute_subnetwork")).toHaveLength(5);
  });

  test("routes to the internet only from tagged instances; Google APIs through restricted.googleapis.com", () => {
    const routes = attributesOf(stack, "google_compute_route").map((r) => ({
      dest: r.dest_range,
      hop: r.next_hop_gateway,
      tags: r.tags,
    }));
    expect(routes.sort((a, b) => a.dest.localeCompare(b.dest))).toEqual([
      {
        dest: "0.0.0.0/0",
        hop: "default-internet-gateway",
        tags: [NETWORK_TAGS.internetEgress, NETWORK_TAGS.packageEgress],
      },
      { dest: "199.36.153.4/30", hop: "default-internet-gateway", tags: undefined },
    ]);
    expect(attributesOf(stack, "google_dns_managed_zone")).toEqual([
      expect.objectContaining({ dns_name: "googleapis.com.", visibility: "private" }),
    ]);
  });

  test("denies all ingress and all egress at priority 65534, logged", () => {
    expect(rule("deny-all-ingress")).toMatchObject({
      direction: "INGRESS",
      priority: 65534,
      deny: [{ protocol: "all" }],
      source_ranges: ["0.0.0.0/0"],
      log_config: { metadata: "INCLUDE_ALL_METADATA" },
    });
    expect(rule("deny-all-egress")).toMatchObject({
      direction: "EGRESS",
      priority: 65534,
      deny: [{ protocol: "all" }],
      destination_ranges: ["0.0.0.0/0"],
      log_config: { metadata: "INCLUDE_ALL_METADATA" },
    });
  });

  test("every rule is logged, and every allow outranks the default deny", () => {
    for (const r of rules) {
      expect(r.log_config).toEqual({ metadata: "INCLUDE_ALL_METADATA" });
      if (r.allow) expect(r.priority).toBeLessThan(65534);
    }
  });

  test("no ingress is allowed from the internet", () => {
    const open = rules.filter(
      (r) => r.direction === "INGRESS" && r.allow && r.source_ranges?.includes("0.0.0.0/0"),
    );
    expect(open).toEqual([]);
  });

  test("SSH is allowed only from IAP's range, only to tagged instances", () => {
    const reaches22 = (r: Attributes) =>
      r.direction === "INGRESS" &&
      r.allow?.some(
        (a: Attributes) => ["tcp", "all"].includes(a.protocol) && (!a.ports || a.ports.includes("22")),
      );
    expect(rules.filter(reaches22).map((r) => r.name)).toEqual([`${PREFIX}-allow-iap-ssh`]);
    expect(rule("allow-iap-ssh")).toMatchObject({
      allow: [{ protocol: "tcp", ports: ["22"] }],
      source_ranges: ["35.235.240.0/20"],
      target_tags: [NETWORK_TAGS.iapSsh],
    });
  });

  test("health checks and load balancer proxies reach tagged backends on backend ports only", () => {
    expect(rule("allow-health-checks")).toMatchObject({
      allow: [{ protocol: "tcp", ports: LB_BACKEND_PORTS }],
      source_ranges: ["35.191.0.0/16", "130.211.0.0/22"],
      target_tags: [NETWORK_TAGS.lbBackend],
    });
    expect(rule("allow-proxy-only")).toMatchObject({
      allow: [{ protocol: "tcp", ports: LB_BACKEND_PORTS }],
      source_ranges: ["10.10.32.0/23"],
      target_tags: [NETWORK_TAGS.lbBackend],
    });
  });

  test("egress is allowed only to Google APIs, the services inside the VPC, and HTTPS via NAT for tagged hosts", () => {
    const egress = rules
      .filter((r) => r.direction === "EGRESS" && r.allow)
      .map((r) => ({ to: r.destination_ranges, allow: r.allow, tags: r.target_tags }));
    expect(egress).toEqual(
      expect.arrayContaining([
        { to: ["199.36.153.4/30"], allow: [{ protocol: "tcp", ports: ["443"] }], tags: undefined },
        {
          to: ["0.0.0.0/0"],
          allow: [{ protocol: "tcp", ports: ["443"] }],
          tags: [NETWORK_TAGS.internetEgress],
        },
        { to: ["10.10.16.0/24"], allow: [{ protocol: "tcp", ports: ["8200", "8201"] }], tags: undefined },
        { to: ["10.10.17.0/24"], allow: [{ protocol: "tcp", ports: ["1514", "1515"] }], tags: undefined },
        { to: ["10.11.0.0/16"], allow: [{ protocol: "tcp", ports: ["5432", "3307"] }], tags: undefined },
      ]),
    );
    expect(egress).toHaveLength(5);
  });

  test("Cloud NAT translates only the subnets that install packages, and logs everything", () => {
    const [nat] = attributesOf(stack, "google_compute_router_nat");
    expect(nat).toMatchObject({
      region: "europe-west2",
      source_subnetwork_ip_ranges_to_nat: "LIST_OF_SUBNETWORKS",
      log_config: { enable: true, filter: "ALL" },
    });
    expect(nat.subnetwork.map((s: Attributes) => s.name)).toEqual(
      ["app", "vault", "monitoring"].map((role) => ref("google_compute_subnetwork", subnet(role))),
    );
    expect(attributesOf(stack, "google_compute_router")).toEqual([
      expect.objectContaining({ region: "europe-west2", network: ref("google_compute_network", network) }),
    ]);
  });

  test("reserves the private services range and peers it for Cloud SQL", () => {
    expect(attributesOf(stack, "google_compute_global_address")).toEqual([
      expect.objectContaining({
        purpose: "VPC_PEERING",
        address_type: "INTERNAL",
        address: "10.11.0.0",
        prefix_length: 16,
      }),
    ]);
    expect(attributesOf(stack, "google_service_networking_connection")).toEqual([
      expect.objectContaining({
        network: ref("google_compute_network", network),
        service: "servicenetworking.googleapis.com",
      }),
    ]);
  });

  test("allows egress to a component's ports only when the component is enabled", () => {
    const text = baselineText().replace("\nvault:\n  enabled: true", "\nvault:\n  enabled: false");
    const names = attributesOf(
      synthBaseline(configFromYaml(text))["staging-network"],
      "google_compute_firewall",
    ).map((r) => r.name);
    expect(names).not.toContain(`${PREFIX}-allow-egress-vault`);
    expect(names).toContain(`${PREFIX}-allow-egress-wazuh`);
  });

  test("limits Vault, Wazuh and Zeek to HTTPS to their package sources, before the VPC rules, the rest denied", () => {
    const [policy] = attributesOf(stack, "google_compute_network_firewall_policy");
    expect(policy.name).toBe(`${PREFIX}-package-egress`);
    expect(attributesOf(stack, "google_compute_network_firewall_policy_association")).toEqual([
      expect.objectContaining({
        attachment_target: expect.stringMatching(/^\$\{google_compute_network\./),
        firewall_policy: expect.stringMatching(/^\$\{google_compute_network_firewall_policy\./),
      }),
    ]);
    const [network] = attributesOf(stack, "google_compute_network");
    expect(network.network_firewall_policy_enforcement_order).toBe("BEFORE_CLASSIC_FIREWALL");
    const policyRules = attributesOf(stack, "google_compute_network_firewall_policy_rule");
    const accounts = [
      "acme-staging-vault@acme-staging-sec.iam.gserviceaccount.com",
      "wazuh-manager@acme-staging-sec.iam.gserviceaccount.com",
      "zeek-sensor@acme-staging-sec.iam.gserviceaccount.com",
    ].map((email) => email.replace("acme-staging-sec", projectId));
    const allows = policyRules.filter((r) => r.action === "allow");
    expect(allows.map((r) => r.target_service_accounts)).toEqual(accounts.map((a) => [a]));
    for (const allow of allows) {
      expect(allow).toMatchObject({
        direction: "EGRESS",
        enable_logging: true,
        match: { layer4_configs: [{ ip_protocol: "tcp", ports: ["443"] }] },
      });
      expect(allow.match.dest_ip_ranges).toBeUndefined();
      expect(allow.match.dest_fqdns.length).toBeGreaterThan(0);
    }
    expect(allows[0].match.dest_fqdns).toContain("apt.releases.hashicorp.com");
    expect(allows[1].match.dest_fqdns).not.toContain("apt.releases.hashicorp.com");
    const deny = policyRules.find((r) => r.action === "deny")!;
    expect(deny).toMatchObject({
      direction: "EGRESS",
      enable_logging: true,
      target_service_accounts: accounts,
      match: { dest_ip_ranges: ["0.0.0.0/0"], layer4_configs: [{ ip_protocol: "all" }] },
    });
    expect(allows.every((a) => a.priority < deny.priority)).toBe(true);
    const internal = policyRules.find((r) => r.action === "goto_next")!;
    expect(internal.priority).toBeLessThan(deny.priority);
    expect(internal.match.dest_ip_ranges).toEqual([
      "10.10.0.0/20",
      "10.10.16.0/24",
      "10.10.17.0/24",
      "10.10.18.0/24",
      "10.10.32.0/23",
      "10.11.0.0/16",
      "199.36.153.4/30",
    ]);
  });

  test("logs every DNS query of the VPC", () => {
    expect(attributesOf(stack, "google_dns_policy")).toEqual([
      expect.objectContaining({
        enable_logging: true,
        enable_inbound_forwarding: false,
        networks: [{ network_url: expect.stringMatching(/^\$\{google_compute_network\./) }],
      }),
    ]);
    expect(attributesOf(stack, "google_dns_policy")[0].alternative_name_server_config).toBeUndefined();
  });

  test("declares no service perimeter unless network.serviceControls names an access policy", () => {
    expect(attributesOf(stack, "google_access_context_manager_service_perimeter")).toEqual([]);
    const text = baselineText().replace(
      "      privateServicesRange: 10.11.0.0/16\n",
      '      privateServicesRange: 10.11.0.0/16\n      serviceControls:\n        accessPolicy: "123456"\n' +
        "        ingressIdentities: [serviceAccount:deployer@seed.iam.gserviceaccount.com]\n",
    );
    const [perimeter] = attributesOf(
      synthBaseline(configFromYaml(text))["staging-network"],
      "google_access_context_manager_service_perimeter",
    );
    expect(perimeter).toMatchObject({
      parent: "accessPolicies/123456",
      name: "accessPolicies/123456/servicePerimeters/acme_staging_perimeter",
      status: {
        resources: [`projects/${projectNumber}`],
        restricted_services: expect.arrayContaining([
          "cloudkms.googleapis.com",
          "secretmanager.googleapis.com",
        ]),
        vpc_accessible_services: { enable_restriction: true, allowed_services: ["RESTRICTED-SERVICES"] },
        ingress_policies: [
          expect.objectContaining({
            ingress_from: expect.objectContaining({
              identities: ["serviceAccount:deployer@seed.iam.gserviceaccount.com"],
            }),
          }),
        ],
      },
    });
    expect(perimeter.spec).toBeUndefined();
  });

  test("network.googleApis: private (an explicit loosening) switches the zone, route and egress rule", () => {
    const text = baselineText().replace(
      "      privateServicesRange: 10.11.0.0/16\n",
      "      privateServicesRange: 10.11.0.0/16\n      googleApis: private\n",
    );
    const loose = synthBaseline(configFromYaml(text))["staging-network"];
    expect(findResource(loose, "google_dns_record_set", "name", "*.googleapis.com.").rrdatas).toEqual([
      "private.googleapis.com.",
    ]);
    expect(
      findResource(loose, "google_compute_firewall", "name", `${PREFIX}-allow-egress-google-apis`),
    ).toMatchObject({ destination_ranges: ["199.36.153.8/30"] });
  });

  test("snapshot", () => {
    expect(normalise(stack)).toMatchSnapshot();
  });
});
