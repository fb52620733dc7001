import { WAZUH_GPG_FINGERPRINT } from "../../../constructs/mon/wazuh/apt";
import {
  renderWazuhAgentInstall,
  wazuhManagerDnsName,
  wazuhManagerInstanceName,
  wazuhManagerZone,
} from "../../../constructs/mon/wazuh/agent";
import { WazuhManager, type WazuhManagerProps } from "../../../constructs/mon/wazuh/manager";
import { renderWazuhManagerScript } from "../../../constructs/mon/wazuh/manager-script";
import { SnapshotSchedule } from "../../../constructs/bak/snapshot-schedule";
import { shellcheck } from "../../support/shellcheck";
import { type Attributes, attributesOf, defaultConfig, synthScope } from "../../support/synth";
import { declaredKey, expectUsedBarePasses } from "../used-bare";

const MANAGER_DNS = "acme-prod-wazuh.europe-west2-b.c.acme-sec-prod.internal";
/** A boot script around a fragment, as the sensors and Vault nodes embed it. */
const asScript = (fragment: string) => `#!/bin/bash\nset -euo pipefail\n${fragment}\n`;

describe("Wazuh agent renderer", () => {
  const fragment = renderWazuhAgentInstall({
    version: "4.12.0",
    managerAddress: MANAGER_DNS,
    localfiles: [{ location: "/opt/zeek/logs/current/*.log", logFormat: "json" }],
  });

  test("the manager's DNS name follows from the configuration: instance, zone, project", () => {
    const prod = defaultConfig().environments[1];
    expect([wazuhManagerInstanceName(prod), wazuhManagerZone(prod)]).toEqual([
      "acme-prod-wazuh",
      "europe-west2-b",
    ]);
    expect(wazuhManagerDnsName(prod)).toBe(MANAGER_DNS);
  });

  test("passes shellcheck inside a boot script, with and without log files", () => {
    expect(shellcheck(asScript(fragment))).toEqual([]);
    expect(
      shellcheck(asScript(renderWazuhAgentInstall({ version: "4.12.0", managerAddress: "10.0.0.5" }))),
    ).toEqual([]);
  });

  test("trusts Wazuh's repository only after checking the signing key's fingerprint", () => {
    expect(fragment).toContain("curl -fsSL https://packages.wazuh.com/key/GPG-KEY-WAZUH");
    expect(fragment).toContain(`if [ "$primary_keys" != ${WAZUH_GPG_FINGERPRINT} ]; then`);
    expect(fragment).toContain(
      "deb [signed-by=/usr/share/keyrings/wazuh.gpg] https://packages.wazuh.com/4.x/apt/ stable main",
    );
  });

  test("installs and holds the pinned agent, enrolled with the manager by name, and ships the log files", () => {
    expect(fragment).toContain(`WAZUH_MANAGER='${MANAGER_DNS}' apt-get install -y wazuh-agent=4.12.0-1`);
    expect(fragment).toContain("apt-mark hold wazuh-agent");
    expect(fragment).toMatch(
      /<log_format>json<\/log_format>\n {4}<location>\/opt\/zeek\/logs\/current\/\*\.log<\/location>/,
    );
    expect(fragment).toContain("systemctl enable wazuh-agent");
  });

  test("refuses a manager address or log path that would break the script", () => {
    expect(() => renderWazuhAgentInstall({ version: "4.12.0", managerAddress: "x; rm -rf /" })).toThrow(
      'Wazuh manager address must be a DNS name or IP address, got "x; rm -rf /"',
    );
    expect(() =>
      renderWazuhAgentInstall({
        version: "4.12",
        managerAddress: MANAGER_DNS,
      }),
    ).toThrow('Wazuh version must look like 4.12.0, got "4.12"');
    expect(() =>
      renderWazuhAgentInstall({
        version: "4.12.0",
        managerAddress: MANAGER_DNS,
        localfiles: [{ location: "/var/log/<x>", logFormat: "syslog" }],
      }),
    ).toThrow("Wazuh localfile location has XML or shell metacharacters: /var/log/<x>");
  });
});

describe("Wazuh manager boot script", () => {
  const script = renderWazuhManagerScript({ version: "4.12.0", dataDeviceName: "wazuh-data" });

  test("passes shellcheck", () => {
    expect(shellcheck(script)).toEqual([]);
  });

  test("installs and holds indexer, manager and dashboard at the pinned version", () => {
    for (const component of ["wazuh-indexer", "wazuh-manager", "wazuh-dashboard"]) {
      expect(script).toContain(`apt-get install -y ${component}=4.12.0-1\napt-mark hold ${component}`);
    }
    expect(script).toContain("https://raw.githubusercontent.com/wazuh/wazuh/v4.12.0/extensions/");
  });

  test("creates the deployment's certificates with Wazuh's tool once, on the data disk", () => {
    expect(script).toContain("curl -fsSL https://packages.wazuh.com/4.12/wazuh-certs-tool.sh");
    expect(script).toContain('if [ ! -f "$CERTS_TAR" ]; then');
    expect(script).toContain("readonly DATA_DEVICE=/dev/disk/by-id/google-wazuh-data");
    expect(script).toMatch(/if ! blkid "\$DATA_DEVICE" >\/dev\/null 2>&1; then\n {2}mkfs\.ext4/);
  });

  test("replaces the default passwords and keeps them readable by root only", () => {
    expect(script).toContain("umask 077");
    expect(script).toContain("--api --change-all --admin-user wazuh --admin-password wazuh");
    expect(script).toContain('echo "$admin_password" | /var/ossec/bin/wazuh-keystore -f indexer -k password');
  });
});

const PROPS: Omit<WazuhManagerProps, "snapshotSchedule"> = {
  project: "acme-sec-prod",
  name: "acme-prod-wazuh",
  zone: "europe-west2-b",
  region: "europe-west2",
  network: "projects/p/global/networks/vpc",
  subnetwork: "projects/p/regions/europe-west2/subnetworks/monitoring",
  version: "4.12.0",
  machineType: "e2-standard-8",
  dataDiskGb: 200,
  kmsKey: "projects/p/locations/europe-west2/keyRings/r/cryptoKeys/disks",
  agentSourceRanges: ["10.20.0.0/20", "10.20.17.0/24"],
  dashboardUsers: ["group:platform-admins@example.com"],
};

function synthManager(props: Partial<WazuhManagerProps> = {}, withDeclaredKey = false) {
  return synthScope((stack) => {
    const snapshotSchedule = new SnapshotSchedule(stack, "snapshots", {
      name: "wazuh-daily",
      region: "europe-west2",
      storageRegion: "europe-west1",
    });
    const key = withDeclaredKey ? { kmsKey: declaredKey(stack) } : {};
    new WazuhManager(stack, "wazuh", { ...PROPS, snapshotSchedule, ...key, ...props });
  });
}

describe("WazuhManager", () => {
  const json = synthManager();
  const [vm] = attributesOf(json, "google_compute_instance");
  const rule = (suffix: string): Attributes =>
    attributesOf(json, "google_compute_firewall").find((r) => r.name === `acme-prod-wazuh-${suffix}`)!;

  test("is a private, shielded, OS Login VM with deletion protection and its own service account", () => {
    expect(vm.network_interface).toEqual([
      {
        network_ip: expect.stringMatching(/^\$\{google_compute_address\.wazuh_address_\w+\.address\}$/),
        subnetwork: PROPS.subnetwork,
      },
    ]);
    expect(vm.shielded_instance_config).toEqual({
      enable_integrity_monitoring: true,
      enable_secure_boot: true,
      enable_vtpm: true,
    });
    expect(vm.metadata).toMatchObject({ "enable-oslogin": "TRUE", "block-project-ssh-keys": "TRUE" });
    expect(vm.deletion_protection).toBe(true);
    expect(vm.service_account.email).toMatch(/^\$\{google_service_account\.wazuh_sa_account_\w+\.email\}$/);
  });

  test("encrypts both disks with the key and snapshots both daily", () => {
    const [disk] = attributesOf(json, "google_compute_disk");
    expect(disk).toMatchObject({ size: 200, disk_encryption_key: { kms_key_self_link: PROPS.kmsKey } });
    expect(vm.boot_disk.kms_key_self_link).toBe(PROPS.kmsKey);
    const policy = (attribute: string) =>
      expect.stringMatching(
        new RegExp(`^\\$\\{google_compute_resource_policy\\.snapshots_policy_\\w+\\.${attribute}\\}$`),
      );
    expect(vm.boot_disk.initialize_params.resource_policies).toEqual([policy("self_link")]);
    expect(vm.attached_disk).toEqual([
      {
        device_name: "wazuh-data",
        source: expect.stringMatching(/^\$\{google_compute_disk\.wazuh_data_\w+\.id\}$/),
      },
    ]);
    expect(attributesOf(json, "google_compute_disk_resource_policy_attachment")).toEqual([
      {
        disk: expect.stringMatching(/^\$\{google_compute_disk\.wazuh_data_\w+\.name\}$/),
        name: policy("name"),
        zone: "europe-west2-b",
      },
    ]);
  });

  test("opens agent ports only to the given VPC ranges and admin ports only to IAP", () => {
    expect(rule("agents")).toMatchObject({
      direction: "INGRESS",
      allow: [{ protocol: "tcp", ports: ["1514", "1515"] }],
      source_ranges: PROPS.agentSourceRanges,
      target_tags: ["wazuh-manager"],
    });
    expect(rule("iap-admin")).toMatchObject({
      allow: [{ protocol: "tcp", ports: ["443", "55000"] }],
      source_ranges: ["35.235.240.0/20"],
      target_tags: ["wazuh-manager"],
    });
  });

  test("lets the dashboard users tunnel through IAP to this VM only", () => {
    expect(attributesOf(json, "google_iap_tunnel_instance_iam_member")).toEqual([
      {
        project: "acme-sec-prod",
        zone: "europe-west2-b",
        instance: expect.stringMatching(/^\$\{google_compute_instance\.wazuh_vm_\w+\.name\}$/),
        role: "roles/iap.tunnelResourceAccessor",
        member: "group:platform-admins@example.com",
      },
    ]);
  });

  // With its disk key declared beside it, as the kms stack declares it: ENC-05 judges only declared keys. MON-04
  // needs the VPC's subnets (to see the agent ranges lie inside it), CMP-06 and CMP-07 the project's VM Manager.
  test("used bare with its key declared, it passes the controls judging its VM, disks and firewall rules", () => {
    expectUsedBarePasses(synthManager({}, true), [
      ...["CMP-01", "CMP-02", "CMP-03", "CMP-04", "CMP-05"],
      ...["NET-04", "NET-05", "NET-08", "NET-11", "NET-12"],
      ...["ENC-05", "ENC-09", "BAK-01", "BAK-02", "BAK-04"],
    ]);
  });

  test("refuses agents from the internet or from nowhere", () => {
    expect(() => synthManager({ agentSourceRanges: ["0.0.0.0/0"] })).toThrow(
      "FirewallRule acme-prod-wazuh-agents: ingress allow from 0.0.0.0/0 or ::/0 needs allowInternetSource: true",
    );
    expect(() => synthManager({ agentSourceRanges: [] })).toThrow(
      "WazuhManager acme-prod-wazuh: agentSourceRanges must list the VPC's subnet ranges",
    );
  });
});
