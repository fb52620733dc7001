import { WAZUH_GPG_FINGERPRINT } from "../../constructs/mon/wazuh/apt";
import { synthBaseline } from "../support/synth";
import { type BootResult, Harness, describeHosts } from "./harness";
import { wazuhManagerVm } from "./vms";

const MINUTES = 60 * 1000;
const MODULE = "4.x/filebeat/wazuh-filebeat-0.4.tar.gz";

/**
 * A failing step stops the script, and the script says which step: each case boots a fresh manager (new boot and
 * data disks) with one thing wrong.
 */
describeHosts("Wazuh manager's startup script: a failing step stops it, naming the step", () => {
  const monitoring = synthBaseline()["prod-monitoring"];
  const { script, spec } = wazuhManagerVm(monitoring);
  let h: Harness;
  const boots: Record<string, BootResult> = {};
  /** What each boot asked the stand-ins for. */
  const requests: Record<string, string> = {};
  const cases: Record<string, () => string> = {
    // The repository key file holds another key than the one the script pins (here: Wazuh's real fingerprint,
    // while the stand-in repository is signed by the test key).
    "wrong key": () => script,
    // A pinned download whose content changed on the server.
    "checksum mismatch": () => h.prepareScript(script, { fingerprints: [WAZUH_GPG_FINGERPRINT] }),
    // The script as rendered when no digest is recorded for the release (the default configuration today).
    "no recorded digest": () =>
      h.prepareScript(script, { fingerprints: [WAZUH_GPG_FINGERPRINT], pins: false }),
    // The step the old script died at: GNU mv refuses to move a file onto itself.
    "mv onto itself": () =>
      replaceOnce(
        h.prepareScript(script, { fingerprints: [WAZUH_GPG_FINGERPRINT] }),
        / {2}if \[ "\$node" != "\$name" \]; then\n {4}(mv -f "\$dir\/\$node\.pem" "\$dir\/\$name\.pem")\n {4}(mv -f "\$dir\/\$node-key\.pem" "\$dir\/\$name-key\.pem")\n {2}fi\n/,
        "  $1\n  $2\n",
      ),
  };

  beforeAll(async () => {
    h = new Harness();
    h.useIamOf(monitoring);
    const vms = Object.keys(cases).map((_, i) => h.vm({ ...spec, name: `${spec.name}-${i}` }));
    await h.start();
    const names = Object.keys(cases);
    for (const [i, vm] of vms.entries()) {
      const name = names[i];
      if (name === "checksum mismatch")
        h.serve("packages.wazuh.com", MODULE, "not the module the digest was recorded for\n");
      const before = h.requests().length;
      boots[name] = vm.boot(cases[name]());
      requests[name] = h.requests().slice(before);
      if (name === "checksum mismatch") h.restoreServed("packages.wazuh.com", MODULE);
    }
  }, 20 * MINUTES);
  afterAll(() => h?.stop());

  const failure = (name: string) => {
    const boot = boots[name];
    expect(boot.status).not.toBe(0);
    expect(boot.output).not.toContain("==> done");
    return boot.output;
  };

  test("a repository key with another fingerprint: nothing is installed from that repository", () => {
    const output = failure("wrong key");
    expect(output).toContain(`Wazuh key file holds ${h.fingerprint}; expected only ${WAZUH_GPG_FINGERPRINT}`);
    expect(output).toContain('wazuh-manager boot script: step "Wazuh repository" failed');
    expect(requests["wrong key"]).toContain("https://packages.wazuh.com/key/GPG-KEY-WAZUH");
    expect(requests["wrong key"]).not.toMatch(/packages\.wazuh\.com\/4\.x\/apt/);
  });

  test("a download whose SHA-256 does not match its pin is not installed", () => {
    const output = failure("checksum mismatch");
    expect(output).toMatch(
      /Wazuh Filebeat module: https:\/\/packages\.wazuh\.com\/4\.x\/filebeat\/wazuh-filebeat-0\.4\.tar\.gz has SHA-256 [0-9a-f]{64}, expected [0-9a-f]{64}; not installed/,
    );
    expect(output).toContain('wazuh-manager boot script: step "Filebeat" failed');
  });

  test("a download with no recorded digest is refused (fail closed), not fetched unverified", () => {
    const output = failure("no recorded digest");
    expect(output).toContain(
      "Wazuh alerts index template: no SHA-256 is recorded for https://raw.githubusercontent.com/wazuh/wazuh/v4.12.0/extensions/elasticsearch/7.x/wazuh-template.json",
    );
    expect(output).toContain('wazuh-manager boot script: step "Filebeat" failed');
  });

  test("moving the dashboard's certificate onto itself (the old deploy_certs) stops the script at the dashboard step", () => {
    const output = failure("mv onto itself");
    expect(output).toMatch(
      /mv: '\/etc\/wazuh-dashboard\/certs\/dashboard\.pem' and '\/etc\/wazuh-dashboard\/certs\/dashboard\.pem' are the same file/,
    );
    expect(output).toContain('wazuh-manager boot script: step "Wazuh dashboard" failed');
  });
});

function replaceOnce(text: string, pattern: RegExp, replacement: string): string {
  if (!pattern.test(text)) throw new Error(`the script has no ${pattern}`);
  return text.replace(pattern, replacement);
}
