import {
  ZEEK_HEALTH_SCRIPT,
  ZEEK_WATCH_SCRIPT,
  renderSensorNftables,
  renderZeekSensorScript,
} from "../../../constructs/mon/zeek/sensor-script";
import { ZeekSensor, type ZeekSensorProps } from "../../../constructs/mon/zeek/sensor";
import { App, TerraformStack } from "cdktf";
import { ComputeSubnetwork } from "@cdktf/provider-google/lib/compute-subnetwork";
import { shellcheck } from "../../support/shellcheck";
import { type Attributes, attributesOf, synthScope } from "../../support/synth";
import { declaredKey, expectUsedBarePasses } from "../used-bare";

const WAZUH = {
  version: "4.12.0",
  managerAddress: "acme-prod-wazuh.europe-west2-b.c.acme-sec-prod.internal",
};

describe("Zeek sensor boot script", () => {
  const script = renderZeekSensorScript({
    zeekPackage: "zeek-8.0",
    collectorCidr: "10.20.17.0/24",
    wazuh: WAZUH,
  });

  test("passes shellcheck, and so do the health responder and crash watcher it installs", () => {
    expect(shellcheck(script)).toEqual([]);
    expect(shellcheck(ZEEK_HEALTH_SCRIPT)).toEqual([]);
    expect(shellcheck(ZEEK_WATCH_SCRIPT)).toEqual([]);
    expect(script).toContain(`cat > /usr/local/sbin/zeek-health <<'HEALTH'\n${ZEEK_HEALTH_SCRIPT}\nHEALTH`);
    expect(script).toContain(`cat > /usr/local/sbin/zeek-watch <<'WATCH'\n${ZEEK_WATCH_SCRIPT}\nWATCH`);
    expect(script).not.toMatch(/[$%]\{/);
  });

  test("installs and holds the pinned Zeek series from the OBS repository, trusted through its own keyring", () => {
    const repo = "https://downloadcontent.opensuse.org/repositories/security:/zeek/Debian_12";
    expect(script).toContain(
      `curl -fsSL ${repo}/Release.key | gpg --batch --yes --dearmor -o /usr/share/keyrings/zeek.gpg`,
    );
    expect(script).toContain(`deb [signed-by=/usr/share/keyrings/zeek.gpg] ${repo}/ /`);
    expect(script).toContain("apt-get install -y zeek-8.0\nfi");
  });

  test("holds every installed package of the Zeek repository, not only the series meta-package", () => {
    expect(script).toContain(
      "<(cat /var/lib/apt/lists/*zeek*_Packages | sed -n 's/^Package: //p' | sort -u)",
    );
    expect(script).toContain('xargs apt-mark hold < "$held"');
    expect(script).not.toContain("apt-mark hold zeek-8.0");
  });

  test("expires archived logs (never, by zeekctl's default) and ignores offloaded checksums", () => {
    expect(script).toContain(
      "set_zeekctl_option LogExpireInterval 7day\nset_zeekctl_option StatsLogExpireInterval 7",
    );
    expect(script).toContain("redef ignore_checksums = T;");
    expect(
      renderZeekSensorScript({
        zeekPackage: "zeek-8.0",
        collectorCidr: "10.0.0.0/24",
        wazuh: WAZUH,
        logRetentionDays: 30,
      }),
    ).toContain("set_zeekctl_option LogExpireInterval 30day");
    expect(() =>
      renderZeekSensorScript({
        zeekPackage: "zeek-8.0",
        collectorCidr: "10.0.0.0/24",
        wazuh: WAZUH,
        logRetentionDays: 0,
      }),
    ).toThrow("logRetentionDays must be a whole number of days, at least 1, got 0");
  });

  test("restarts a crashed node through zeek.service, never from inside the short-lived cron unit", () => {
    expect(script).toContain(
      "[Service]\nType=oneshot\nExecStart=/opt/zeek/bin/zeekctl cron --no-watch\nExecStart=/usr/local/sbin/zeek-watch\n",
    );
    expect(ZEEK_WATCH_SCRIPT).toContain("systemctl restart zeek.service");
  });

  test("runs one standalone node with JSON logs and ignores the collector subnet", () => {
    expect(script).toContain("[zeek]\ntype=standalone\nhost=localhost\ninterface=$iface");
    expect(script).toContain("redef LogAscii::use_json = T;");
    expect(script).toContain('redef PacketFilter::default_capture_filter = "not net 10.20.17.0/24";');
    expect(script).toContain("ExecStart=/opt/zeek/bin/zeekctl deploy");
    expect(script).toContain("ListenStream=8080");
  });

  test("loads a host firewall: SSH from IAP, health checks from Google's checkers, the rest on the NIC dropped", () => {
    expect(script).toContain(`cat > /etc/nftables.conf <<NFT\n${renderSensorNftables("$iface")}\nNFT`);
    expect(script).toContain(
      "nft -c -f /etc/nftables.conf\nnft -f /etc/nftables.conf\nsystemctl enable nftables.service",
    );
    const rules = renderSensorNftables("ens4");
    expect(rules.split("\n").filter((line) => /^\s+(ip|iifname|ct|icmpv6|counter)/.test(line))).toEqual([
      '    iifname "ens4" fib daddr type != { local, broadcast, multicast } notrack',
      '    iifname != "ens4" accept',
      "    ct state established,related accept",
      "    ip saddr 35.235.240.0/20 tcp dport 22 accept",
      "    ip saddr { 35.191.0.0/16, 130.211.0.0/22 } tcp dport 8080 accept",
      "    ip saddr 169.254.169.254 udp sport 67 udp dport 68 accept",
      "    icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert, nd-router-advert } accept",
      "    counter drop",
    ]);
  });

  test("ships Zeek's logs to Wazuh through the agent", () => {
    expect(script).toContain(
      `WAZUH_MANAGER='${WAZUH.managerAddress}' apt-get install -y --allow-change-held-packages wazuh-agent=4.12.0-1`,
    );
    // The logs the manager's Zeek rules keep (wazuh-rules.ts), not every log (dns, http, ... stay on the sensor).
    for (const log of ["notice", "intel", "weird", "conn"])
      expect(script).toContain(
        `  <localfile>\n    <log_format>json</log_format>\n    <location>/opt/zeek/logs/current/${log}.log</location>\n  </localfile>`,
      );
    expect(script).not.toContain("/opt/zeek/logs/current/*.log");
  });

  test("refuses an unpinned Zeek package", () => {
    expect(() =>
      renderZeekSensorScript({ zeekPackage: "zeek-lts", collectorCidr: "10.0.0.0/24", wazuh: WAZUH }),
    ).toThrow('zeekPackage must name a release series such as zeek-8.0, got "zeek-lts"');
  });
});

const PROPS: ZeekSensorProps = {
  project: "acme-sec-prod",
  name: "acme-prod-zeek",
  region: "europe-west2",
  network: "projects/p/global/networks/vpc",
  subnetwork: "projects/p/regions/europe-west2/subnetworks/monitoring",
  collectorCidr: "10.20.17.0/24",
  mirroredSubnets: [
    { id: "projects/p/regions/europe-west2/subnetworks/app", cidr: "10.20.0.0/20" },
    { id: "projects/p/regions/europe-west2/subnetworks/vault", cidr: "10.20.16.0/24" },
  ],
  machineType: "e2-standard-4",
  nodes: 2,
  kmsKey: "projects/p/locations/europe-west2/keyRings/r/cryptoKeys/disks",
  zeekPackage: "zeek-8.0",
  wazuh: WAZUH,
};

describe("ZeekSensor", () => {
  const json = synthScope((stack) => new ZeekSensor(stack, "zeek", PROPS));
  const one = (type: string): Attributes => {
    const all = attributesOf(json, type);
    expect(all).toHaveLength(1);
    return all[0];
  };
  const rule = (suffix: string) =>
    attributesOf(json, "google_compute_firewall").find((r) => r.name === `acme-prod-zeek-${suffix}`);
  const ref = (type: string, attribute: string) =>
    expect.stringMatching(new RegExp(`^\\$\\{${type}\\.zeek_\\w+\\.${attribute}\\}$`));

  test("mirrors every listed subnet, both directions, all protocols, to the collector", () => {
    expect(one("google_compute_packet_mirroring")).toEqual({
      name: "acme-prod-zeek",
      region: "europe-west2",
      description: expect.any(String),
      network: { url: PROPS.network },
      collector_ilb: { url: ref("google_compute_forwarding_rule", "id") },
      mirrored_resources: { subnetworks: PROPS.mirroredSubnets.map((s) => ({ url: s.id })) },
      filter: { direction: "BOTH" },
    });
  });

  test("the collector is an internal forwarding rule flagged for mirroring, backed by the sensor group", () => {
    expect(one("google_compute_forwarding_rule")).toMatchObject({
      load_balancing_scheme: "INTERNAL",
      is_mirroring_collector: true,
      all_ports: true,
      subnetwork: PROPS.subnetwork,
      backend_service: ref("google_compute_region_backend_service", "id"),
    });
    expect(one("google_compute_region_backend_service")).toMatchObject({
      load_balancing_scheme: "INTERNAL",
      health_checks: [ref("google_compute_region_health_check", "id")],
      backend: [{ group: ref("google_compute_region_instance_group_manager", "instance_group") }],
    });
    expect(one("google_compute_region_instance_group_manager")).toMatchObject({
      target_size: 2,
      auto_healing_policies: { health_check: ref("google_compute_region_health_check", "id") },
    });
  });

  test("runs hardened sensors with CMEK boot disks and the collector and health-check tags", () => {
    const template = one("google_compute_instance_template");
    expect(template.disk).toEqual([
      expect.objectContaining({ boot: true, disk_encryption_key: { kms_key_self_link: PROPS.kmsKey } }),
    ]);
    expect(template.tags).toEqual(["zeek-sensor", "lb-backend", "iap-ssh", "package-egress"]);
    expect(template.network_interface).toEqual([{ subnetwork: PROPS.subnetwork }]);
  });

  test("lets every mirrored copy in (original sources kept: 0.0.0.0/0), and lets it out towards the collector", () => {
    expect(rule("mirrored-ingress")).toMatchObject({
      direction: "INGRESS",
      priority: 1000,
      allow: [{ protocol: "all" }],
      source_ranges: ["0.0.0.0/0"],
      target_tags: ["zeek-sensor"],
    });
    expect(rule("mirrored-ingress")!.destination_ranges).toBeUndefined();
    expect(rule("collector-egress")).toMatchObject({
      direction: "EGRESS",
      allow: [{ protocol: "all" }],
      destination_ranges: [
        expect.stringMatching(/^\$\{google_compute_address\.zeek_address_\w+\.address\}\/32$/),
      ],
    });
  });

  test("to the sensors' own addresses admits only SSH from IAP and health checks, denying the rest above the mirrored rule", () => {
    const own = { direction: "INGRESS", destination_ranges: ["10.20.17.0/24"], target_tags: ["zeek-sensor"] };
    expect(rule("own-ssh")).toMatchObject({
      ...own,
      priority: 900,
      allow: [{ protocol: "tcp", ports: ["22"] }],
      source_ranges: ["35.235.240.0/20"],
    });
    expect(rule("own-health")).toMatchObject({
      ...own,
      priority: 900,
      allow: [{ protocol: "tcp", ports: ["8080"] }],
      source_ranges: ["35.191.0.0/16", "130.211.0.0/22"],
    });
    expect(rule("own-deny")).toMatchObject({
      ...own,
      priority: 910,
      deny: [{ protocol: "all" }],
      source_ranges: ["0.0.0.0/0"],
    });
  });

  // With its disk key declared beside it, as the kms stack declares it: ENC-05 judges only declared keys. MON-05
  // needs the VPC's subnets (it asks that every one be mirrored), CMP-06 and CMP-07 the project's VM Manager.
  test("exposes its service account, which the Wazuh manager lets read the enrolment password", () => {
    const sensor = new ZeekSensor(new TerraformStack(new App(), "sa"), "zeek", PROPS);
    expect(sensor.serviceAccount.account.accountIdInput).toBe("zeek-sensor");
  });

  test("used bare with its key declared, it passes the controls judging its collector, sensors and rules", () => {
    // MON-06 also needs the collector's subnet declared: a deny above the mirrored-ingress rule passes only
    // when it concerns that subnet's addresses alone.
    const declared = synthScope((stack) => {
      const subnet = new ComputeSubnetwork(stack, "monitoring", {
        name: "monitoring",
        region: PROPS.region,
        network: PROPS.network,
        ipCidrRange: PROPS.collectorCidr,
      });
      return new ZeekSensor(stack, "zeek", { ...PROPS, subnetwork: subnet.id, kmsKey: declaredKey(stack) });
    });
    expectUsedBarePasses(declared, [
      ...["MON-06", "CMP-01", "CMP-02", "CMP-03", "CMP-04", "CMP-05"],
      ...["NET-04", "NET-05", "NET-08", "NET-11", "NET-12", "ENC-05", "ENC-09"],
    ]);
  });

  test("refuses to monitor nothing", () => {
    expect(() =>
      synthScope((stack) => new ZeekSensor(stack, "zeek", { ...PROPS, mirroredSubnets: [] })),
    ).toThrow("ZeekSensor acme-prod-zeek: mirroredSubnets is empty; there would be nothing to monitor");
  });
});
