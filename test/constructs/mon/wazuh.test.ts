import { renderZeekWazuhRules } from "../../../constructs/mon/zeek/wazuh-rules";
import { WAZUH_GPG_FINGERPRINT } from "../../../constructs/mon/wazuh/apt";
import { FETCH_PINNED_FUNCTION, wazuhManagerDownloads } from "../../../constructs/mon/wazuh/downloads";
import {
  WAZUH_ENROLMENT_SECRET_ID,
  renderBaselineConfig,
  renderWazuhAgentInstall,
  vaultServiceAccountEmail,
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
    expect(fragment).toContain(
      `WAZUH_MANAGER='${MANAGER_DNS}' apt-get install -y --allow-change-held-packages wazuh-agent=4.12.0-1`,
    );
    expect(fragment).toContain("apt-mark hold wazuh-agent");
    expect(fragment).toContain(
      "if ! { dpkg -s wazuh-agent 2>/dev/null || true; } | grep -qx 'Version: 4.12.0-1'; then",
    );
    expect(fragment).toMatch(
      /<log_format>json<\/log_format>\n {4}<location>\/opt\/zeek\/logs\/current\/\*\.log<\/location>/,
    );
    expect(fragment).toContain("systemctl enable wazuh-agent");
  });

  test("enrols with the password the manager stored in Secret Manager, written as Wazuh's guide says", () => {
    expect(fragment).toContain(
      `until gcloud secrets versions access latest --project="$wazuh_project" --secret=${WAZUH_ENROLMENT_SECRET_ID} > "$wazuh_password" && [ -s "$wazuh_password" ]; do`,
    );
    expect(fragment).toContain(
      'install -m 0640 -o root -g wazuh "$wazuh_password" /var/ossec/etc/authd.pass',
    );
  });

  test("enables FIM, the package inventory vulnerability detection reads, and SCA with CIS Debian 12, or stops", () => {
    expect(fragment).toContain("<syscheck>\n    <disabled>no</disabled>");
    expect(fragment).toContain('<wodle name="syscollector">\n    <disabled>no</disabled>');
    expect(fragment).toContain("<sca>\n    <enabled>yes</enabled>");
    expect(fragment).toContain("<policy>ruleset/sca/cis_debian12.yml</policy>");
    expect(fragment).toContain("if [ ! -f /var/ossec/ruleset/sca/cis_debian12.yml ]; then");
    // The agent reports inventory; the manager scans (its own block enables vulnerability detection).
    expect(fragment).not.toContain("<vulnerability-detection>");
    expect(renderBaselineConfig({ localfiles: [], role: "manager" })).toContain(
      "<vulnerability-detection>\n    <enabled>yes</enabled>",
    );
  });

  test("replaces its own configuration block on every run, and an earlier version's localfiles block", () => {
    expect(fragment).toContain(
      "sed -i '\\|<!-- gcp-security-baseline localfiles -->|,\\|</ossec_config>|d' /var/ossec/etc/ossec.conf",
    );
    expect(fragment).toContain(
      "sed -i '\\|<!-- gcp-security-baseline: begin -->|,\\|<!-- gcp-security-baseline: end -->|d' /var/ossec/etc/ossec.conf",
    );
  });

  test("the Vault nodes' account is the one the vault stack declares", () => {
    expect(vaultServiceAccountEmail(defaultConfig().environments[1])).toBe(
      "acme-prod-vault@acme-sec-prod.iam.gserviceaccount.com",
    );
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

  test("passes shellcheck and holds no Terraform template syntax", () => {
    expect(shellcheck(script)).toEqual([]);
    expect(script).not.toMatch(/[$%]\{/);
  });

  test("installs and holds indexer, manager and dashboard at the pinned version", () => {
    for (const component of ["wazuh-indexer", "wazuh-manager", "wazuh-dashboard"]) {
      expect(script).toContain(
        `apt-get install -y --allow-change-held-packages ${component}=4.12.0-1\napt-mark hold ${component}`,
      );
    }
  });

  test("downloads the template and Filebeat module only against a recorded SHA-256, refusing when none is", () => {
    expect(script).toContain(
      "fetch_pinned 'Wazuh alerts index template' https://raw.githubusercontent.com/wazuh/wazuh/v4.12.0/extensions/elasticsearch/7.x/wazuh-template.json unrecorded /etc/filebeat/wazuh-template.json",
    );
    expect(script).toContain(
      "fetch_pinned 'Wazuh Filebeat module' https://packages.wazuh.com/4.x/filebeat/wazuh-filebeat-0.4.tar.gz unrecorded \"$module_tar\"",
    );
    expect(script).toContain(FETCH_PINNED_FUNCTION);
    const pinned = renderWazuhManagerScript({
      version: "4.12.0",
      dataDeviceName: "wazuh-data",
      downloads: {
        template: { what: "t", url: "https://example.com/t.json", sha256: "a".repeat(64) },
        filebeatModule: { what: "m", url: "https://example.com/m.tar.gz", sha256: "b".repeat(64) },
      },
    });
    expect(pinned).toContain(`fetch_pinned 't' https://example.com/t.json ${"a".repeat(64)} /etc/filebeat/`);
    // No other download runs as root: every curl is the metadata server, a signing key, or fetch_pinned.
    const curls = script.split("\n").filter((line) => /\bcurl -f/.test(line));
    for (const line of curls) {
      expect(line).toMatch(
        /computeMetadata|GPG-KEY-WAZUH|curl -fsSL "\$url" -o "\$tmp"|--cacert \/etc\/wazuh-indexer/,
      );
    }
  });

  test("makes the deployment's certificates once with openssl (no downloaded tool), on the data disk", () => {
    expect(script).not.toContain("wazuh-certs-tool");
    expect(script).toContain("-subj '/C=US/L=California/O=Wazuh/OU=Wazuh/CN=admin'");
    expect(script).toContain('if [ ! -f "$CERTS_TAR" ]; then');
    expect(script).toContain("readonly DATA_DEVICE=/dev/disk/by-id/google-wazuh-data");
    expect(script).toMatch(
      /if \[ -z "\$\(blkid -o value -s TYPE "\$DATA_DEVICE" \|\| true\)" \]; then\n {2}mkfs\.ext4/,
    );
  });

  test("never moves a certificate onto itself (the dashboard's node and file names are the same)", () => {
    expect(script).toContain(
      '  if [ "$node" != "$name" ]; then\n    mv -f "$dir/$node.pem" "$dir/$name.pem"',
    );
    expect(script).toContain("deploy_certs /etc/wazuh-dashboard/certs dashboard dashboard");
  });

  test("keeps the manager's state on the data disk and marks completion per script digest", () => {
    expect(script).toContain(
      'echo "$OSSEC_ON_DATA_DISK /var/ossec none bind,nofail,x-systemd.requires-mounts-for=$DATA_DIR 0 0" >> /etc/fstab',
    );
    expect(script).toMatch(
      /^readonly DONE_MARKER=\/var\/lib\/gcp-security-baseline\/wazuh-manager-[0-9a-f]{16}\.done$/m,
    );
    const other = renderWazuhManagerScript({ version: "4.13.0", dataDeviceName: "wazuh-data" });
    expect(/wazuh-manager-([0-9a-f]{16})/.exec(other)![1]).not.toBe(
      /wazuh-manager-([0-9a-f]{16})/.exec(script)![1],
    );
  });

  test("replaces every default password once, recorded root-only on the data disk, and fills the keystores", () => {
    expect(script).toContain("readonly PASSWORDS_FILE=/srv/wazuh/wazuh-passwords.txt");
    expect(script).toContain('(umask 077 && touch "$PASSWORDS_FILE")');
    expect(script).toContain("for user in admin kibanaserver kibanaro logstash readall snapshotrestore; do");
    expect(script).toContain("for user in wazuh-wui wazuh; do");
    expect(script).toContain('echo "$admin_password" | /var/ossec/bin/wazuh-keystore -f indexer -k password');
  });

  test("requires the enrolment password and stores it in Secret Manager once", () => {
    expect(script).toContain("sed -i 's|<use_password>no</use_password>|<use_password>yes</use_password>|'");
    expect(script).toContain(
      'gcloud secrets versions add "$ENROLMENT_SECRET" --project="$project" --data-file="$password_file"',
    );
  });

  test("enables vulnerability detection, the manager's own host included, with FIM and CIS Debian 12 SCA", () => {
    expect(script).toContain("<vulnerability-detection>\n    <enabled>yes</enabled>");
    expect(script).toContain("echo 'vulnerability-detection.disable_scan_manager=0' >>");
    expect(script).toContain("<policy>ruleset/sca/cis_debian12.yml</policy>");
  });

  test("installs the rules that keep the Zeek sensors' events, checked by analysisd before the restart", () => {
    const rules = "/var/ossec/etc/rules/zeek_rules.xml";
    expect(script).toContain(`cat > ${rules}.new <<'ZEEK_RULES'\n${renderZeekWazuhRules()}\nZEEK_RULES\n`);
    expect(script).toContain(
      `chown wazuh:wazuh ${rules}.new\nchmod 660 ${rules}.new\nmv -f ${rules}.new ${rules}\n/var/ossec/bin/wazuh-analysisd -t\n`,
    );
    expect(script.indexOf("/var/ossec/bin/wazuh-analysisd -t")).toBeLessThan(
      script.indexOf("systemctl restart wazuh-manager"),
    );
  });
});

describe("Wazuh downloads", () => {
  test("no digest is recorded that was not computed from the real file: unrecorded releases say so", () => {
    expect(wazuhManagerDownloads("4.12.0").template.sha256).toBeUndefined();
    expect(wazuhManagerDownloads("4.12.0").filebeatModule.url).toBe(
      "https://packages.wazuh.com/4.x/filebeat/wazuh-filebeat-0.4.tar.gz",
    );
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
  secretKmsKey: "projects/p/locations/europe-west2/keyRings/r/cryptoKeys/storage",
  agentServiceAccounts: ["serviceAccount:zeek-sensor@acme-sec-prod.iam.gserviceaccount.com"],
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
    const declared = withDeclaredKey ? declaredKey(stack) : undefined;
    const key = declared ? { kmsKey: declared, secretKmsKey: declared } : {};
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

  test("carries its boot script in the startup-script metadata key, which Terraform updates in place", () => {
    expect(vm.metadata_startup_script).toBeUndefined();
    expect(vm.metadata["startup-script"]).toBe(
      renderWazuhManagerScript({ version: "4.12.0", dataDeviceName: "wazuh-data" }),
    );
    expect(vm.metadata).toMatchObject({ "serial-port-enable": "FALSE" });
  });

  test("keeps the enrolment password in a CMEK secret only the manager writes and only agents and the manager read", () => {
    expect(attributesOf(json, "google_secret_manager_secret")).toEqual([
      expect.objectContaining({
        secret_id: WAZUH_ENROLMENT_SECRET_ID,
        replication: {
          user_managed: {
            replicas: [
              { location: "europe-west2", customer_managed_encryption: { kms_key_name: PROPS.secretKmsKey } },
            ],
          },
        },
      }),
    ]);
    const manager = expect.stringMatching(/^\$\{google_service_account\.wazuh_sa_account_\w+\.member\}$/);
    const bindings = attributesOf(json, "google_secret_manager_secret_iam_member").map((b) => [
      b.role,
      b.member,
    ]);
    expect(bindings).toHaveLength(3);
    expect(bindings).toEqual(
      expect.arrayContaining([
        [
          "roles/secretmanager.secretAccessor",
          "serviceAccount:zeek-sensor@acme-sec-prod.iam.gserviceaccount.com",
        ],
        ["roles/secretmanager.secretAccessor", manager],
        ["roles/secretmanager.secretVersionAdder", manager],
      ]),
    );
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
      ...["ENC-05", "ENC-09", "BAK-01", "BAK-02", "BAK-04", "SEC-10", "SEC-11"],
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
