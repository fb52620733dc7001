import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { WAZUH_GPG_FINGERPRINT } from "../../constructs/mon/wazuh/apt";
import { WAZUH_ENROLMENT_SECRET_ID } from "../../constructs/mon/wazuh/agent";
import { ZEEK_HEALTH_PORT, ZEEK_NFT_TABLE } from "../../constructs/mon/zeek/sensor-script";
import { REPO_ROOT, synthBaseline } from "../support/synth";
import { type BootResult, Harness, type Vm, type VmNetwork, describeHosts } from "./harness";
import {
  ENROLMENT_PASSWORD,
  MANAGER_DNS,
  allValues,
  effective,
  expectAgentEnrolled,
  zeekSensorVm,
} from "./vms";

const MINUTES = 60 * 1000;
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

/** Archive directories zeekctl leaves (one per day, named by date), dated 8 and 6 days back. */
const EXPIRY_DAYS = {
  expired: new Date(Date.now() - 8 * 86400 * 1000).toISOString().slice(0, 10),
  kept: new Date(Date.now() - 6 * 86400 * 1000).toISOString().slice(0, 10),
};
/**
 * Run in the second boot: two archive directories as zeekctl leaves them, then the housekeeping unit as its timer
 * starts it (the stand-in zeekctl's cron expires by LogExpireInterval as zeekctl's expire-logs does).
 */
const EXPIRY_PROBE = `
for day in ${EXPIRY_DAYS.expired} ${EXPIRY_DAYS.kept}; do
  mkdir -p "/opt/zeek/logs/$day"
  echo '{"ts":0}' > "/opt/zeek/logs/$day/conn.00:00:00-01:00:00.log.gz"
  touch -d "$day 00:00 UTC" "/opt/zeek/logs/$day/conn.00:00:00-01:00:00.log.gz" "/opt/zeek/logs/$day"
done
systemctl start zeekctl-cron.service >/dev/null 2>&1
echo "probe: expiry: cron unit exit $?"
echo "probe: expiry: left $(cd /opt/zeek/logs && ls -d 20*-*-* | tr '\\n' ' ' | sed 's/ $//')"
`;

/** The sensor's address in its own network, and the client namespace's addresses (sources of the probes). */
const SENSOR = "10.20.17.10";
const CLIENT = {
  subnet: "10.20.17.20/24",
  vm: "10.20.1.7",
  iap: "35.235.240.7",
  healthChecker: "35.191.0.7",
  internet: "203.0.113.9",
};
/** A workload address the mirrored copy is for (not the sensor's: it reaches only the packet socket). */
const MIRRORED_DESTINATION = "10.20.0.50";
const PROBES = join(REPO_ROOT, "scripts", "hosts", "probes");

function hostInterface(): string {
  return execFileSync("ip", ["-o", "-4", "route", "show", "to", "default"], { encoding: "utf8" }).split(
    /\s+/,
  )[4];
}

function probe(boot: BootResult): string[] {
  return [...boot.output.matchAll(/^probe: (.+)$/gm)].map((m) => m[1]);
}

describeHosts("Zeek sensor: its startup script, booted in Debian 12", () => {
  const monitoring = synthBaseline()["prod-monitoring"];
  const { script, spec } = zeekSensorVm(monitoring);
  let h: Harness;
  let vm: Vm;
  let net: VmNetwork;
  let first: BootResult;

  beforeAll(async () => {
    h = new Harness();
    h.useIamOf(monitoring);
    h.extraHosts.push(`${h.net}.99 ${MANAGER_DNS}`);
    vm = h.vm(spec);
    net = vm.isolateNftables(hostInterface(), `${SENSOR}/24`, [
      CLIENT.subnet,
      ...[CLIENT.vm, CLIENT.iap, CLIENT.healthChecker, CLIENT.internet].map((a) => `${a}/32`),
    ]);
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
    const iface = hostInterface();
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
      "nftables.service",
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

  test(
    "host firewall: loaded at boot, drops all but IAP SSH and health checks, and the packet socket Zeek reads still sees every packet",
    async () => {
      const table = vm.inNetwork(net.sensor, ["nft", "list", "table", "inet", ZEEK_NFT_TABLE]);
      expect(table.status).toBe(0);
      const listener = vm.startInNetwork(net.sensor, [
        "python3",
        "-",
        net.iface,
        "14",
        "22",
        String(ZEEK_HEALTH_PORT),
        "9999",
      ]);
      listener.stdin!.end(readFileSync(join(PROBES, "sensor-listen.py")));
      let out = "";
      let err = "";
      listener.stderr!.on("data", (chunk: Buffer) => (err += chunk.toString()));
      const done = new Promise<void>((resolve) => listener.on("exit", () => resolve()));
      await new Promise<void>((resolve, reject) => {
        listener.stdout!.on("data", (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes("READY")) resolve();
        });
        listener.on("exit", () => reject(new Error(`listener exited: ${err}`)));
      });
      const connect = (attempts: string[]) =>
        vm.inNetwork(
          net.client,
          ["python3", "-", ...attempts],
          readFileSync(join(PROBES, "client-connect.py"), "utf8"),
        );
      expect(
        vm.inNetwork(net.client, ["ip", "route", "add", `${MIRRORED_DESTINATION}/32`, "via", SENSOR]).status,
      ).toBe(0);
      const attempts = [
        `${CLIENT.vm}>${SENSOR}:9999`,
        `${CLIENT.vm}>${SENSOR}:22`,
        `${CLIENT.iap}>${SENSOR}:22`,
        `${CLIENT.healthChecker}>${SENSOR}:${ZEEK_HEALTH_PORT}`,
        `${CLIENT.iap}>${SENSOR}:${ZEEK_HEALTH_PORT}`,
        `${CLIENT.internet}>${MIRRORED_DESTINATION}:443`,
      ];
      const guarded = connect(attempts).output.trim().split("\n");
      const counters = vm.inNetwork(net.sensor, [
        "nft",
        "list",
        "chain",
        "inet",
        ZEEK_NFT_TABLE,
        "input",
      ]).output;
      // Control: without the table the same VM reaches the port it could not.
      expect(vm.inNetwork(net.sensor, ["nft", "delete", "table", "inet", ZEEK_NFT_TABLE]).status).toBe(0);
      const unguarded = connect([`${CLIENT.vm}>${SENSOR}:9999`]).output.trim();
      expect(vm.inNetwork(net.sensor, ["nft", "-f", "/etc/nftables.conf"]).status).toBe(0);
      await done;
      const seen = JSON.parse(out.slice(out.indexOf("{"))) as {
        accepted: { from: string; port: number }[];
        syns: { from: string; to: string; port: number }[];
      };
      process.stderr.write(
        `host firewall probe: ${JSON.stringify({ guarded, unguarded, accepted: seen.accepted.length, syns: seen.syns.length })}\n${counters}\n`,
      );
      expect(guarded).toEqual([
        `${CLIENT.vm}>${SENSOR}:9999 timeout`,
        `${CLIENT.vm}>${SENSOR}:22 timeout`,
        `${CLIENT.iap}>${SENSOR}:22 connected`,
        `${CLIENT.healthChecker}>${SENSOR}:${ZEEK_HEALTH_PORT} connected`,
        `${CLIENT.iap}>${SENSOR}:${ZEEK_HEALTH_PORT} timeout`,
        `${CLIENT.internet}>${MIRRORED_DESTINATION}:443 timeout`,
      ]);
      expect(unguarded).toBe(`${CLIENT.vm}>${SENSOR}:9999 connected`);
      expect(/counter packets (\d+)/.exec(counters)?.[1]).toMatch(/^[1-9]\d*$/);
      expect(seen.accepted).toEqual([
        { from: CLIENT.iap, port: 22 },
        { from: CLIENT.healthChecker, port: ZEEK_HEALTH_PORT },
        { from: CLIENT.vm, port: 9999 },
      ]);
      // Every first SYN reached the packet socket, dropped ones and the mirrored copy for another host included.
      const syns = new Set(seen.syns.map((syn) => `${syn.from}>${syn.to}:${syn.port}`));
      for (const attempt of attempts) expect(syns).toContain(attempt);
    },
    2 * MINUTES,
  );

  test("installs the Wazuh agent, enrolled by password from Secret Manager, with FIM, inventory and CIS Debian 12 SCA", () => {
    expect(vm.exec("dpkg-query -W wazuh-agent").output.trim()).toBe("wazuh-agent\t4.12.0-1");
    const conf = vm.read("/var/ossec/etc/ossec.conf")!;
    expect(effective(conf, "client/server/address")).toBe(MANAGER_DNS);
    expect(effective(conf, "syscheck/disabled")).toBe("no");
    expect(effective(conf, "wodle[@name=syscollector]/disabled")).toBe("no");
    expect(effective(conf, "wodle[@name=syscollector]/packages")).toBe("yes");
    expect(effective(conf, "sca/enabled")).toBe("yes");
    expect(allValues(conf, "sca/policies/policy")).toEqual(["ruleset/sca/cis_debian12.yml"]);
    // Zeek's notice, intel, weird and conn logs, as JSON (the logs the manager's Zeek rules keep).
    const zeekLogs = [
      ...conf.matchAll(/<log_format>(\w+)<\/log_format>\s*<location>(\/opt\/zeek\/[^<]+)<\/location>/g),
    ];
    expect(zeekLogs.map((m) => `${m[1]} ${m[2]}`)).toEqual(
      ["notice", "intel", "weird", "conn"].map((log) => `json /opt/zeek/logs/current/${log}.log`),
    );
    expect(allValues(conf, "localfile/location")).toEqual(
      expect.arrayContaining(
        ["notice", "intel", "weird", "conn"].map((log) => `/opt/zeek/logs/current/${log}.log`),
      ),
    );
    expectAgentEnrolled(vm, h, spec.serviceAccount);
  });

  describe("second boot", () => {
    let second: BootResult;
    const files = [
      "/opt/zeek/etc/zeekctl.cfg",
      "/opt/zeek/share/zeek/site/local.zeek",
      "/var/ossec/etc/ossec.conf",
      "/etc/nftables.conf",
    ];
    let before: string[] = [];
    let requestsBefore = 0;
    beforeAll(() => {
      before = files.map((file) => vm.read(file)!);
      requestsBefore = h.requests().split("\n").length;
      second = vm.boot(h.prepareScript(script, { fingerprints: [WAZUH_GPG_FINGERPRINT] }), {
        after: EXPIRY_PROBE,
      });
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
      // Nothing at all from the package hosts: no key, no index, no package (Debian's mirror is not the stand-in's).
      expect(since).not.toMatch(/https:\/\/(downloadcontent\.opensuse\.org|packages\.wazuh\.com)\//);
      expect(second.output).not.toContain("==> Wazuh agent: repository and package\nGet:");
      expect(readFileSync(join(vm.root, "var/log/standin-systemctl.log"), "utf8")).toContain(
        "systemctl restart zeek.service",
      );
    });

    test("the five-minute housekeeping unit expires archived logs older than seven days, and only those", () => {
      expect(probe(second).filter((line) => line.startsWith("expiry"))).toEqual([
        "expiry: cron unit exit 0",
        `expiry: left ${EXPIRY_DAYS.kept}`,
      ]);
    });
  });
});
