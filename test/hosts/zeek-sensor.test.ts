import { execFileSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { WAZUH_GPG_FINGERPRINT } from "../../constructs/mon/wazuh/apt";
import { WAZUH_ENROLMENT_SECRET_ID } from "../../constructs/mon/wazuh/agent";
import { ZEEK_LOG_GLOB } from "../../constructs/mon/zeek/sensor-script";
import { synthBaseline } from "../support/synth";
import { type BootResult, Harness, type Vm, describeHosts } from "./harness";
import { MANAGER_DNS, allValues, effective, zeekSensorVm } from "./vms";

const MINUTES = 60 * 1000;
const ENROLMENT_PASSWORD = "EnrolmentFromTheManager0Aa1.*";
/** Packages of the stand-in OBS repository that zeek-8.0 pulls in (the real series' package names). */
const ZEEK_SERIES_PACKAGES = [
  "libbroker-8.0-dev",
  "zeek-8.0",
  "zeek-8.0-btest",
  "zeek-8.0-btest-data",
  "zeek-8.0-client",
  "zeek-8.0-core",
  "zeek-8.0-core-dev",
  "zeek-8.0-spicy-dev",
  "zeek-8.0-zkg",
  "zeekctl-8.0",
];

/** Run in the boot after the startup script: the health endpoint, then a crash and the five-minute cron unit. */
const CRASH_PROBE = `
unit_of() { tr '\\0' '\\n' < "/proc/$1/environ" | sed -n 's/^STANDIN_UNIT=//p'; }
echo "probe: health before crash: $(/usr/local/sbin/zeek-health </dev/null | head -n 1 | tr -d '\\r')"
pid="$(pgrep -x zeek | head -n 1)"
echo "probe: zeek runs in unit $(unit_of "$pid")"
kill -9 "$pid"
sleep 0.5
echo "probe: zeekctl says $(/opt/zeek/bin/zeekctl status | awk 'NR == 2 { print $4 }')"
systemctl start zeekctl-cron.service
sleep 1
for p in $(pgrep -x zeek); do echo "probe: after cron, zeek runs in unit $(unit_of "$p")"; done
echo "probe: health after cron: $(/usr/local/sbin/zeek-health </dev/null | head -n 1 | tr -d '\\r')"
`;

function probe(boot: BootResult): string[] {
  return [...boot.output.matchAll(/^probe: (.+)$/gm)].map((m) => m[1]);
}

describeHosts("Zeek sensor: its startup script, booted in Debian 12", () => {
  const monitoring = synthBaseline()["prod-monitoring"];
  const { script, spec } = zeekSensorVm(monitoring);
  let h: Harness;
  let vm: Vm;
  let first: BootResult;

  beforeAll(async () => {
    h = new Harness();
    h.useIamOf(monitoring);
    h.extraHosts.push(`${h.net}.99 ${MANAGER_DNS}`);
    vm = h.vm(spec);
    await h.start();
    // The manager stores the enrolment password on its first boot (see the manager's test).
    h.seedSecret(WAZUH_ENROLMENT_SECRET_ID, ENROLMENT_PASSWORD);
    first = vm.boot(h.prepareScript(script, { fingerprints: [WAZUH_GPG_FINGERPRINT] }), {
      after: CRASH_PROBE,
    });
  }, 15 * MINUTES);
  afterAll(() => h?.stop());

  test("runs to completion as root", () => {
    if (first.status !== 0)
      throw new Error(`the startup script failed (${first.status}):\n${first.output.slice(-6000)}`);
    const steps = [...first.output.matchAll(/^==> (.+)$/gm)].map((m) => m[1]);
    expect(steps).toEqual(
      expect.arrayContaining(["Zeek packages", "Zeek configuration", "Zeek units", "Wazuh agent"]),
    );
  });

  test("holds every installed package of the Zeek series, not only the meta-package", () => {
    const held = vm.exec("apt-mark showhold").output.trim().split("\n").sort();
    expect(held).toEqual([...ZEEK_SERIES_PACKAGES, "wazuh-agent"].sort());
    // A package of the repository that is not installed, and Debian's dependencies, are left alone.
    expect(vm.exec("dpkg -s zeek-nightly").status).not.toBe(0);
    expect(held).not.toContain("libpcap0.8");
  });

  test("expires archived logs after seven days (zeekctl keeps them forever by default)", () => {
    const cfg = vm.read("/opt/zeek/etc/zeekctl.cfg")!;
    expect(cfg.match(/^LogExpireInterval\s*=.*$/gm)).toEqual(["LogExpireInterval = 7day"]);
    expect(cfg.match(/^StatsLogExpireInterval\s*=.*$/gm)).toEqual(["StatsLogExpireInterval = 7"]);
  });

  test("runs one standalone node on the primary interface (node.cfg as zeekctl parses it)", () => {
    const iface = execFileSync("ip", ["-o", "-4", "route", "show", "to", "default"], {
      encoding: "utf8",
    }).split(/\s+/)[4];
    // Python's configparser, which zeekctl reads node.cfg with.
    const parsed = vm.exec(
      'python3 -c \'import configparser, json; c = configparser.ConfigParser(); c.read("/opt/zeek/etc/node.cfg"); ' +
        "print(json.dumps({s: dict(c[s]) for s in c.sections()}))'",
    );
    expect(JSON.parse(parsed.output)).toEqual({
      zeek: { type: "standalone", host: "localhost", interface: iface },
    });
  });

  test("analyses mirrored packets whatever their checksums, as JSON logs, without the collector subnet's traffic", () => {
    const site = vm.read("/opt/zeek/share/zeek/site/local.zeek")!;
    const block = /^# gcp-security-baseline: begin\n([\s\S]*?)^# gcp-security-baseline: end$/m.exec(site)![1];
    const redefs = block.split("\n").filter((line) => line.startsWith("redef "));
    expect(redefs).toEqual([
      "redef LogAscii::use_json = T;",
      'redef PacketFilter::default_capture_filter = "not net 10.20.17.0/24";',
      "redef ignore_checksums = T;",
    ]);
  });

  test("enables Zeek, its five-minute housekeeping and the health socket, with unit files systemd accepts", () => {
    expect(vm.read("/var/lib/standin-systemd/enabled")!.trim().split("\n")).toEqual([
      "wazuh-agent.service",
      "zeek-health.socket",
      "zeek.service",
      "zeekctl-cron.timer",
    ]);
    const verify = vm.exec(
      "SYSTEMD_LOG_LEVEL=err systemd-analyze verify /etc/systemd/system/zeek.service /etc/systemd/system/zeekctl-cron.service " +
        "/etc/systemd/system/zeekctl-cron.timer /etc/systemd/system/zeek-health.socket 2>&1",
    );
    expect(
      verify.output
        .split("\n")
        .filter((line) => /zeek/.test(line) && !/network-online|multi-user/.test(line)),
    ).toEqual([]);
  });

  test("serves 200 while Zeek runs, and a crashed Zeek is restarted by the cron unit into zeek.service, where it survives", () => {
    expect(probe(first)).toEqual([
      "health before crash: HTTP/1.0 200 OK",
      "zeek runs in unit zeek.service",
      "zeekctl says crashed",
      "after cron, zeek runs in unit zeek.service",
      "health after cron: HTTP/1.0 200 OK",
    ]);
  });

  test("installs the Wazuh agent, enrolled by password from Secret Manager, with FIM, inventory and CIS Debian 12 SCA", () => {
    expect(vm.exec("dpkg-query -W wazuh-agent").output.trim()).toBe("wazuh-agent\t4.12.0-1");
    const conf = vm.read("/var/ossec/etc/ossec.conf")!;
    expect(effective(conf, "client/server/address")).toBe(MANAGER_DNS);
    expect(effective(conf, "syscheck/disabled")).toBe("no");
    expect(effective(conf, "wodle[@name=syscollector]/disabled")).toBe("no");
    expect(effective(conf, "wodle[@name=syscollector]/packages")).toBe("yes");
    expect(effective(conf, "sca/enabled")).toBe("yes");
    expect(allValues(conf, "sca/policies/policy")).toEqual(["ruleset/sca/cis_debian12.yml"]);
    expect(allValues(conf, "localfile/location")).toContain(ZEEK_LOG_GLOB);
    expect(vm.read("/var/ossec/etc/authd.pass")).toBe(ENROLMENT_PASSWORD);
    const pass = statSync(join(vm.root, "var/ossec/etc/authd.pass"));
    const wazuhGid = Number(vm.exec("getent group wazuh | cut -d: -f3").output.trim());
    expect([pass.mode & 0o777, pass.uid, pass.gid]).toEqual([0o640, 0, wazuhGid]);
    // The agent started with that configuration and its password (the stand-in refuses a missing address).
    expect(JSON.parse(vm.read("/var/ossec/var/run/standin-status.json")!)).toEqual({
      manager: MANAGER_DNS,
      enrolment: "password",
    });
    expect(h.requests()).toContain(
      `secretmanager access ${WAZUH_ENROLMENT_SECRET_ID}/1 by serviceAccount:${spec.serviceAccount}`,
    );
  });

  describe("second boot", () => {
    let second: BootResult;
    const files = [
      "/opt/zeek/etc/zeekctl.cfg",
      "/opt/zeek/share/zeek/site/local.zeek",
      "/var/ossec/etc/ossec.conf",
    ];
    let before: string[] = [];
    let requestsBefore = 0;
    beforeAll(() => {
      before = files.map((file) => vm.read(file)!);
      requestsBefore = h.requests().split("\n").length;
      second = vm.boot(h.prepareScript(script, { fingerprints: [WAZUH_GPG_FINGERPRINT] }));
    }, 10 * MINUTES);

    test("succeeds, installs nothing from the Zeek repository and leaves the configuration as it was", () => {
      if (second.status !== 0) throw new Error(second.output.slice(-6000));
      expect(files.map((file) => vm.read(file))).toEqual(before);
      const since = h
        .requests()
        .split("\n")
        .slice(requestsBefore - 1)
        .join("\n");
      expect(since).not.toMatch(/\.deb$/m);
      expect(second.output).not.toContain("==> Wazuh agent: repository and package\nGet:");
      expect(readFileSync(join(vm.root, "var/log/standin-systemctl.log"), "utf8")).toContain(
        "systemctl restart zeek.service",
      );
    });
  });
});
