import { execFileSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { HASHICORP_KEY_FINGERPRINT } from "../../constructs/sec/vault/startup-script";
import { WAZUH_GPG_FINGERPRINT } from "../../constructs/mon/wazuh/apt";
import { WAZUH_ENROLMENT_SECRET_ID } from "../../constructs/mon/wazuh/agent";
import { VAULT_CA_SECRETS, VAULT_METADATA_KEYS } from "../../shared/vault";
import { editBaseline } from "../support/baseline-text";
import { type Attributes, attributesOf, configFromYaml, synthBaseline } from "../support/synth";
import { type BootResult, Harness, type Vm, cannotRun, describeHosts, resolved } from "./harness";
import {
  ENROLMENT_PASSWORD,
  MANAGER_DNS,
  PROD,
  allValues,
  effective,
  expectAgentEnrolled,
  yamlFile,
} from "./vms";

const MINUTES = 60 * 1000;
const VAULT_BINARY = process.env.VAULT_BINARY;
const NODE = "acme-prod-vault-x1b2";
/** A second node of the group, booted with the image's Google Cloud packages keyring missing, then wrong. */
const KEYLESS_NODE = "acme-prod-vault-k3y0";
/** A third node, booted with HashiCorp's real fingerprint pinned while the stand-in repository's key is the test key. */
const WRONG_KEY_NODE = "acme-prod-vault-w0ng";
const OPS_AGENT_SUITE = "google-cloud-ops-agent-bookworm-2";
const OPS_AGENT_RELEASE = `https://packages.cloud.google.com/apt/dists/${OPS_AGENT_SUITE}/InRelease`;
const OPS_AGENT_POOL = "https://packages.cloud.google.com/apt/pool/main/g/google-cloud-ops-agent/";

/** The release of the Vault binary the harness packages (the script is rendered for that release). */
function binaryVersion(binary: string): string {
  return /^Vault v(\d+\.\d+\.\d+)/.exec(execFileSync(binary, ["version"], { encoding: "utf8" }))![1];
}

/**
 * The server configuration the node is served, with the two swaps the real-cluster test makes too: no
 * `gcpckms` seal (Cloud KMS is not reachable; Shamir instead) and no `retry_join` (GCE auto-join asks the
 * Compute API for peers). Everything else, listener and TLS files, raft path, telemetry, is as rendered.
 */
function servedConfig(config: string): string {
  const noSeal = config.replace(/\nseal "gcpckms" \{\n(?: +\w+ += "[^"\n]*"\n)*\}\n/, "\n");
  const noJoin = noSeal.replace(/\n *retry_join \{\n[^}]*\n *\}\n/, "\n");
  if (noSeal === config || noJoin === noSeal) throw new Error("the rendered configuration changed shape");
  return noJoin;
}

/** Run in the boot after the startup script: the real Vault, as the node's CLI environment reaches it. */
const PROBE = `
. /etc/profile.d/vault.sh
for _ in $(seq 30); do
  vault status -format=json > /tmp/vault-status.json 2>/tmp/vault-status.err && break
  [ "$?" = 2 ] && break
  sleep 1
done
echo "probe: status $(python3 -c 'import json; s = json.load(open("/tmp/vault-status.json")); print(s["initialized"], s["sealed"], s["storage_type"], s["version"])')"
echo "probe: vault runs as $(ps -o user= -C vault | head -n 1)"
echo "probe: raft disk $(findmnt -n -o FSTYPE,SOURCE /opt/vault/data)"
echo "probe: raft dir $(stat -c '%U:%G %a' /opt/vault/data)"
echo "probe: ops agent $(cat /var/lib/google-cloud-ops-agent-standin.status 2>/dev/null)"
`;

/**
 * Run after PROBE in the second boot, Vault running: the two files as Vault's file audit devices leave them
 * (vault:vault 0600, a JSON line each), then the node's own logrotate with its /etc/logrotate.d/vault-audit,
 * forced (the daily run, once). A marker in the systemctl stand-in's log separates the reloads logrotate asked for.
 */
const ROTATE = `
for f in /var/log/vault/audit.log /var/log/vault/audit-fallback.log; do
  echo '{"type":"request"}' > "$f" && chown vault:vault "$f" && chmod 0600 "$f"
done
echo "logrotate-test: start" >> /var/log/standin-systemctl.log
logrotate --force /etc/logrotate.d/vault-audit 2>&1
echo "rotate: logrotate exit $?"
echo "rotate: files $(ls /var/log/vault | sort | tr '\\n' ' ')"
echo "rotate: reloads $(sed -n '/^logrotate-test: start$/,$p' /var/log/standin-systemctl.log | grep -c '^systemctl reload vault$')"
logrotate -d /etc/logrotate.d/vault-audit 2>&1 | grep -o -m1 "rotating pattern: [^ ]* [^ ]*" | sed "s/^/rotate: /"
`;

function probe(boot: BootResult): string[] {
  return [...boot.output.matchAll(/^probe: (.+)$/gm)].map((m) => m[1]);
}

describeHosts("Vault node: its startup script, booted in Debian 12 with the real Vault binary", () => {
  if (!VAULT_BINARY) {
    cannotRun("VAULT_BINARY is unset (npm run test:hosts sets it from scripts/vault/build.sh)");
    return;
  }
  const version = binaryVersion(VAULT_BINARY);
  const stacks = synthBaseline(
    configFromYaml(editBaseline("  version: 1.20.4", `  version: ${version}`).text),
  );
  const vaultStack = stacks["prod-vault"];
  const template = attributesOf(vaultStack, "google_compute_instance_template")[0];
  const script = template.metadata_startup_script as string;
  const config = (template.metadata as Attributes)[VAULT_METADATA_KEYS.config] as string;
  // The node's address as the metadata server reports it: one of the vault subnet, the only addresses the
  // deployment's CA may certify (its name constraints). Vault only advertises it; it listens on 0.0.0.0.
  const subnet = /permitted;IP:(\d+\.\d+\.\d+)\.0\/255\.255\.255\.0'/.exec(script)![1];
  const address = `${subnet}.5`;
  let h: Harness;
  let vm: Vm;
  let keyless: Vm;
  let wrongKey: Vm;
  let first: BootResult;
  let firstRequests = "";

  beforeAll(async () => {
    h = new Harness({ vaultBinary: VAULT_BINARY });
    h.useIamOf(vaultStack, stacks["prod-monitoring"]);
    h.extraHosts.push(`${h.net}.99 ${MANAGER_DNS}`);
    const node = (name: string): Vm =>
      h.vm({
        name,
        address,
        serviceAccount: resolved(vaultStack, (template.service_account as Attributes).email as string),
        metadata: {
          "project/project-id": PROD.projectId,
          "instance/hostname": `${name}.europe-west2-a.c.${PROD.projectId}.internal`,
          [`instance/attributes/${VAULT_METADATA_KEYS.config}`]: servedConfig(config),
          [`instance/attributes/${VAULT_METADATA_KEYS.auditFile}`]: (template.metadata as Attributes)[
            VAULT_METADATA_KEYS.auditFile
          ] as string,
          "instance/attributes/startup-script": script,
        },
        disks: { "vault-raft": 1024 },
      });
    vm = node(NODE);
    keyless = node(KEYLESS_NODE);
    wrongKey = node(WRONG_KEY_NODE);
    await h.start();
    h.seedSecret(WAZUH_ENROLMENT_SECRET_ID, ENROLMENT_PASSWORD);
    const before = h.requests().length;
    first = vm.boot(
      h.prepareScript(script, { fingerprints: [HASHICORP_KEY_FINGERPRINT, WAZUH_GPG_FINGERPRINT] }),
      { after: PROBE },
    );
    firstRequests = h.requests().slice(before);
  }, 15 * MINUTES);
  afterAll(() => h?.stop());

  test("runs to completion as root", () => {
    if (first.status !== 0)
      throw new Error(`the startup script failed (${first.status}):\n${first.output.slice(-6000)}`);
  });

  test("installs HashiCorp's vault package at the pinned release, held, and the real binary reports it", () => {
    expect(vm.exec("dpkg-query -W vault").output.trim()).toBe(`vault\t${version}-1`);
    expect(vm.exec("apt-mark showhold").output).toMatch(/^vault$/m);
    expect(vm.exec("/usr/bin/vault version").output).toMatch(new RegExp(`^Vault v${version}[ ,]`));
  });

  test("the real Vault starts with the rendered configuration, as the vault user, on its TLS listener", () => {
    expect(probe(first)).toEqual([
      `status False True raft ${version}`,
      "vault runs as vault",
      expect.stringMatching(/^raft disk ext4\s+\/dev\/loop\d+$/),
      "raft dir vault:vault 750",
      "ops agent running with 2 receiver(s)",
    ]);
    expect(vm.read("/etc/vault.d/vault.hcl")).toBe(servedConfig(config));
    expect(vm.read("/etc/vault.d/vault.env")!.trim().split("\n")).toEqual([
      `VAULT_RAFT_NODE_ID=${NODE}`,
      `VAULT_API_ADDR=https://${address}:8200`,
      `VAULT_CLUSTER_ADDR=https://${address}:8201`,
    ]);
  });

  test("issues the node's certificate from the deployment's CA, which it created in Secret Manager", () => {
    const [bundle] = h.secretVersions("acme-prod-vault-tls-ca");
    expect(bundle).toMatch(/-----BEGIN CERTIFICATE-----[\s\S]*-----BEGIN PRIVATE KEY-----/);
    const verify = vm.exec(
      "openssl verify -CAfile /opt/vault/tls/ca.pem /opt/vault/tls/vault.pem && " +
        "openssl x509 -in /opt/vault/tls/vault.pem -noout -ext subjectAltName",
    );
    expect(verify.status).toBe(0);
    expect(verify.output).toContain("vault.acme-prod.internal");
    expect(verify.output).toContain(`IP Address:${address}`);
    const key = statSync(join(vm.root, "opt/vault/tls/vault-key.pem"));
    expect(key.mode & 0o777).toBe(0o600);
    // The package's self-signed pair is gone.
    expect(vm.read("/opt/vault/tls/tls.key")).toBeNull();
  });

  test("publishes the CA certificate, not its key, to the certificate-only secret the snapshot job reads", () => {
    // The stand-in applies the synthesized IAM: the node may add versions of that secret and read its latest.
    const published = h.secretVersions(VAULT_CA_SECRETS.certificate("acme-prod"));
    expect(published).toEqual([vm.read("/opt/vault/tls/ca.pem")]);
    expect(published[0]).toMatch(/^-----BEGIN CERTIFICATE-----\n[\s\S]*\n-----END CERTIFICATE-----\n$/);
    expect(published[0]).not.toMatch(/PRIVATE KEY/);
    // The key stays in the CA bundle's secret, which holds both.
    const [bundle] = h.secretVersions(VAULT_CA_SECRETS.bundle("acme-prod"));
    expect(bundle.startsWith(published[0].trim())).toBe(true);
    expect(bundle).toMatch(/PRIVATE KEY/);
    expect(first.output).not.toContain("could not publish the Vault CA certificate");
  });

  test("ships the audit log with the Ops Agent (a configuration the agent accepts) and runs the Wazuh agent", () => {
    const opsConfig = yamlFile(vm.read("/etc/google-cloud-ops-agent/config.yaml"));
    expect(JSON.stringify(opsConfig)).toContain("/var/log/vault/audit.log");
    expect(vm.exec("dpkg-query -W wazuh-agent").output.trim()).toBe("wazuh-agent\t4.12.0-1");
    expect(readFileSync(join(vm.root, "var/log/standin-systemctl.log"), "utf8")).toContain(
      "systemctl restart google-cloud-ops-agent",
    );
  });

  test("the Wazuh agent: enrolled by password from Secret Manager, FIM, inventory, CIS Debian 12 SCA, and Vault's audit log", () => {
    const conf = vm.read("/var/ossec/etc/ossec.conf")!;
    expect(effective(conf, "client/server/address")).toBe(MANAGER_DNS);
    expect(effective(conf, "syscheck/disabled")).toBe("no");
    expect(effective(conf, "wodle[@name=syscollector]/disabled")).toBe("no");
    expect(effective(conf, "wodle[@name=syscollector]/packages")).toBe("yes");
    expect(effective(conf, "sca/enabled")).toBe("yes");
    expect(allValues(conf, "sca/policies/policy")).toEqual(["ruleset/sca/cis_debian12.yml"]);
    const logs = [
      ...conf.matchAll(/<log_format>(\w+)<\/log_format>\s*<location>(\/var\/log\/vault\/[^<]+)<\/location>/g),
    ];
    expect(logs.map((m) => `${m[1]} ${m[2]}`)).toEqual(["json /var/log/vault/audit.log"]);
    expectAgentEnrolled(
      vm,
      h,
      resolved(vaultStack, (template.service_account as Attributes).email as string),
    );
  });

  test("installs the Ops Agent of the pinned major from Google's signed repository, verified by the image's keyring, held and enabled", () => {
    expect(vm.exec("dpkg-query -W google-cloud-ops-agent").output.trim()).toBe(
      "google-cloud-ops-agent\t2.58.0~debian12",
    );
    expect(vm.exec("apt-mark showhold").output).toMatch(/^google-cloud-ops-agent$/m);
    expect(vm.read("/etc/apt/sources.list.d/google-cloud-ops-agent.list")).toBe(
      `deb https://packages.cloud.google.com/apt ${OPS_AGENT_SUITE} main\n`,
    );
    // apt fetched the signed release file of that suite and the package from its pool: nothing else of Google's.
    expect(firstRequests).toContain(`200 ${OPS_AGENT_RELEASE}`);
    // (apt asks for the file name with "~" percent-encoded)
    expect(firstRequests).toContain(
      `200 ${OPS_AGENT_POOL}google-cloud-ops-agent_2.58.0%7edebian12_amd64.deb`,
    );
    expect(firstRequests).not.toMatch(/dl\.google\.com|apt\/doc\/apt-key\.gpg|add-google-cloud-ops-agent/);
    expect(vm.read("/var/lib/standin-systemd/enabled")!.trim().split("\n")).toContain(
      "google-cloud-ops-agent.service",
    );
  });

  describe("second boot", () => {
    let second: BootResult;
    let logBefore = 0;
    beforeAll(() => {
      logBefore = readFileSync(join(vm.root, "var/log/standin-systemctl.log"), "utf8").length;
      second = vm.boot(
        h.prepareScript(script, { fingerprints: [HASHICORP_KEY_FINGERPRINT, WAZUH_GPG_FINGERPRINT] }),
        { after: PROBE + ROTATE },
      );
    }, 10 * MINUTES);

    test("succeeds without reinstalling Vault or restarting it (nothing changed), and Vault runs", () => {
      if (second.status !== 0) throw new Error(second.output.slice(-6000));
      const since = readFileSync(join(vm.root, "var/log/standin-systemctl.log"), "utf8").slice(logBefore);
      expect(since).not.toContain("systemctl restart vault\n");
      expect(second.output).not.toMatch(/Unpacking vault /);
      expect(probe(second)[0]).toBe(`status False True raft ${version}`);
    });

    test("adds no second version of the CA certificate: the secret's latest is already it", () => {
      expect(h.secretVersions(VAULT_CA_SECRETS.certificate("acme-prod"))).toHaveLength(1);
    });

    test("the node's logrotate rotates both audit devices' files with one stanza, then reloads Vault once", () => {
      const rotate = [...second.output.matchAll(/^rotate: (.+)$/gm)].map((m) => m[1].trim());
      expect(rotate).toEqual([
        "logrotate exit 0",
        "files audit-fallback.log.1 audit.log.1",
        // The packaged unit's ExecReload sends SIGHUP; the systemctl stand-in records the reload only.
        "reloads 1",
        "rotating pattern: /var/log/vault/audit.log /var/log/vault/audit-fallback.log",
      ]);
    });
  });
  describe("Ops Agent step fails closed (another node: the image's keyring missing, then holding another key)", () => {
    let missing: BootResult;
    let wrong: BootResult;
    let missingRequests = "";
    let wrongRequests = "";
    beforeAll(() => {
      const prepared = h.prepareScript(script, {
        fingerprints: [HASHICORP_KEY_FINGERPRINT, WAZUH_GPG_FINGERPRINT],
      });
      keyless.setImageKeyring(null);
      let before = h.requests().length;
      missing = keyless.boot(prepared);
      missingRequests = h.requests().slice(before);
      // The vendors' test key, not the one Google's (stand-in) repository is signed with.
      keyless.setImageKeyring(h.vendorKeyring);
      before = h.requests().length;
      wrong = keyless.boot(prepared);
      wrongRequests = h.requests().slice(before);
    }, 10 * MINUTES);

    const failed = (boot: BootResult): string => {
      expect(boot.status).not.toBe(0);
      // The step before it ran (Vault is installed and started); the Wazuh agent after it did not.
      expect(boot.output).not.toContain("startup-script: exit status 0");
      expect(keyless.exec("dpkg-query -W -f='${Status}' google-cloud-ops-agent").output).not.toContain(
        "install ok installed",
      );
      return boot.output;
    };

    test("without the image's keyring, apt cannot verify Google's repository and the script stops at the Ops Agent step", () => {
      const output = failed(missing);
      expect(output).toMatch(/NO_PUBKEY|is not signed/);
      expect(output).toContain(
        `vault-node boot script: step "Ops Agent" failed: apt could not update https://packages.cloud.google.com/apt ${OPS_AGENT_SUITE}`,
      );
      // The signed release file was asked for and refused: no index, no package.
      expect(missingRequests).toContain(OPS_AGENT_RELEASE);
      expect(missingRequests).not.toContain(OPS_AGENT_POOL);
      expect(missingRequests).not.toMatch(/dists\/google-cloud-ops-agent-bookworm-2\/main/);
      expect(missingRequests).not.toMatch(/dl\.google\.com|apt-key\.gpg/);
      expect(keyless.exec("dpkg-query -W vault").output.trim()).toMatch(/^vault\t\d+\.\d+\.\d+-1$/);
      expect(keyless.exec("dpkg-query -W wazuh-agent").status).not.toBe(0);
    });

    test("with another key in the keyring, apt refuses the repository's signature and the script stops at the Ops Agent step", () => {
      const output = failed(wrong);
      expect(output).toMatch(/NO_PUBKEY|is not signed/);
      expect(output).toContain(
        `vault-node boot script: step "Ops Agent" failed: apt could not update https://packages.cloud.google.com/apt ${OPS_AGENT_SUITE}`,
      );
      // apt fetched the signed release file, found no good signature, and went no further.
      expect(wrongRequests).toContain(OPS_AGENT_RELEASE);
      expect(wrongRequests).not.toContain(OPS_AGENT_POOL);
      expect(wrongRequests).not.toMatch(/dists\/google-cloud-ops-agent-bookworm-2\/main/);
    });
  });

  describe("a HashiCorp repository key with another fingerprint (a third node)", () => {
    let boot: BootResult;
    let requests = "";
    beforeAll(() => {
      const before = h.requests().length;
      // HashiCorp's real fingerprint stays pinned; the stand-in serves the test key under its URL.
      boot = wrongKey.boot(h.prepareScript(script, { fingerprints: [WAZUH_GPG_FINGERPRINT] }));
      requests = h.requests().slice(before);
    }, 10 * MINUTES);

    test("stops the script at the Vault package step, naming it, before anything is installed from that repository", () => {
      expect(boot.status).not.toBe(0);
      expect(boot.output).toContain(
        `HashiCorp key file holds ${h.fingerprint}; expected only ${HASHICORP_KEY_FINGERPRINT}`,
      );
      expect(boot.output).toMatch(/vault-node boot script: step "Vault package" failed \(exit 1\)$/m);
      const steps = [...boot.output.matchAll(/^==> (.+)$/gm)].map((m) => m[1]);
      expect(steps).toEqual(["swap off", "Vault package"]);
      expect(requests).toContain("https://apt.releases.hashicorp.com/gpg");
      expect(requests).not.toMatch(/apt\.releases\.hashicorp\.com\/(dists|pool)\//);
      expect(wrongKey.exec("dpkg-query -W vault").status).not.toBe(0);
      expect(wrongKey.read("/etc/apt/sources.list.d/hashicorp.list")).toBeNull();
    });
  });
});
