import { createHash } from "node:crypto";
import {
  copyFileSync,
  existsSync,
  lstatSync,
  readFileSync,
  readlinkSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { gunzipSync } from "node:zlib";
import { WAZUH_GPG_FINGERPRINT } from "../../constructs/mon/wazuh/apt";
import { WAZUH_ENROLMENT_SECRET_ID } from "../../constructs/mon/wazuh/agent";
import { WAZUH_API_USERS, WAZUH_INDEXER_USERS } from "../../constructs/mon/wazuh/manager-script";
import { renderZeekWazuhRules } from "../../constructs/mon/zeek/wazuh-rules";
import { editBaseline } from "../support/baseline-text";
import { REPO_ROOT, configFromYaml, synthBaseline } from "../support/synth";
import { type BootResult, Harness, type Vm, describeHosts } from "./harness";
import { PROD, allValues, effective, wazuhManagerVm, yamlFile } from "./vms";

const MINUTES = 60 * 1000;
/** The manager's services, which read or write the data disk. */
const WAZUH_SERVICES = [
  "wazuh-indexer.service",
  "wazuh-manager.service",
  "filebeat.service",
  "wazuh-dashboard.service",
];
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** Owner, group and permission bits of a file, as `ls` would name them. */
function owner(vm: Vm, path: string): string {
  const out = vm.exec(`stat -c '%U:%G %a' ${path}`);
  if (out.status !== 0) throw new Error(out.output);
  return out.output.trim();
}

/** `status` must be 0; the boot's output is the failure message otherwise. */
function expectCompleted(boot: BootResult): void {
  if (boot.status !== 0)
    throw new Error(`the startup script failed (${boot.status}):\n${boot.output.slice(-6000)}`);
}

describeHosts("Wazuh manager: its startup script, booted in Debian 12", () => {
  const baseline = synthBaseline();
  const monitoring = baseline["prod-monitoring"];
  const { script, spec } = wazuhManagerVm(monitoring);
  let h: Harness;
  let vm: Vm;
  let first: BootResult;
  let stored = "";
  const readPasswords = () =>
    vm.withDataDisk("wazuh-data", (disk) => readFileSync(join(disk, "wazuh-passwords.txt"), "utf8"));
  const passwordOf = (kind: string, user: string) =>
    new RegExp(`^${kind} ${user} (\\S+)$`, "m").exec(stored)?.[1];

  beforeAll(async () => {
    h = new Harness();
    // The backup stack's bucket bindings: the archive writes as its Wazuh writer.
    h.useIamOf(monitoring, baseline["prod-backup"]);
    vm = h.vm(spec);
    await h.start();
    first = vm.boot(h.prepareScript(script, { fingerprints: [WAZUH_GPG_FINGERPRINT] }));
    if (first.status === 0) stored = readPasswords();
  }, 15 * MINUTES);
  afterAll(() => h?.stop());

  describe("first boot", () => {
    test("runs every step to completion as root and writes its install marker", () => {
      expectCompleted(first);
      const steps = [...first.output.matchAll(/^==> (.+)$/gm)].map((m) => m[1]);
      expect(steps).toEqual(
        expect.arrayContaining([
          "data disk",
          "certificates",
          "Wazuh indexer",
          "Wazuh server",
          "agent enrolment password",
          "Filebeat",
          "Wazuh dashboard",
          "rotate default passwords",
          "keystores",
          "done",
        ]),
      );
      const marker = /^readonly DONE_MARKER=(\S+)$/m.exec(script)![1];
      expect(marker).toMatch(/^\/var\/lib\/gcp-security-baseline\/wazuh-manager-[0-9a-f]{16}\.done$/);
      expect(vm.read(marker)).toBe("");
    });

    test("installs indexer, manager, dashboard and Filebeat from the signed repository at the pinned versions, held", () => {
      const versions = vm.exec("dpkg-query -W wazuh-indexer wazuh-manager wazuh-dashboard filebeat").output;
      expect(versions.trim().split("\n").sort()).toEqual([
        "filebeat\t7.10.2-1",
        "wazuh-dashboard\t4.12.0-1",
        "wazuh-indexer\t4.12.0-1",
        "wazuh-manager\t4.12.0-1",
      ]);
      expect(vm.exec("apt-mark showhold").output.trim().split("\n").sort()).toEqual([
        "filebeat",
        "wazuh-dashboard",
        "wazuh-indexer",
        "wazuh-manager",
      ]);
      expect(vm.read("/etc/apt/sources.list.d/wazuh.list")).toBe(
        "deb [signed-by=/usr/share/keyrings/wazuh.gpg] https://packages.wazuh.com/4.x/apt/ stable main\n",
      );
    });

    test("keeps the manager's state on the data disk: /var/ossec is its ossec directory, both mounted from fstab", () => {
      const fstab = vm.read("/etc/fstab")!;
      expect(fstab).toMatch(/^UUID=[0-9a-f-]+ \/srv\/wazuh ext4 discard,defaults,nofail 0 2$/m);
      expect(fstab).toMatch(
        /^\/srv\/wazuh\/ossec \/var\/ossec none bind,nofail,x-systemd\.requires-mounts-for=\/srv\/wazuh 0 0$/m,
      );
      vm.withDataDisk("wazuh-data", (disk) => {
        for (const path of [
          "ossec/etc/ossec.conf",
          "ossec/etc/client.keys",
          "indexer",
          "wazuh-certificates.tar",
        ]) {
          expect(existsSync(join(disk, path))).toBe(true);
        }
      });
      // Nothing of the manager's own is on the boot disk under the mount point.
      expect(vm.exec("ls -A /var/ossec").output.trim()).toBe("");
    });

    test("deploys each component's certificates (the dashboard's too) with Wazuh's owners and modes", () => {
      const expected: Record<string, [string, string[]]> = {
        "/etc/wazuh-indexer/certs": [
          "wazuh-indexer:wazuh-indexer",
          ["admin-key.pem", "admin.pem", "indexer-key.pem", "indexer.pem", "root-ca.pem"],
        ],
        "/etc/filebeat/certs": ["root:root", ["filebeat-key.pem", "filebeat.pem", "root-ca.pem"]],
        "/etc/wazuh-dashboard/certs": [
          "wazuh-dashboard:wazuh-dashboard",
          ["dashboard-key.pem", "dashboard.pem", "root-ca.pem"],
        ],
      };
      for (const [dir, [who, files]] of Object.entries(expected)) {
        expect(owner(vm, dir)).toBe(`${who} 500`);
        expect(vm.exec(`ls ${dir}`).output.trim().split("\n")).toEqual(files);
        for (const file of files) expect(owner(vm, `${dir}/${file}`)).toBe(`${who} 400`);
      }
      // One deployment CA; every node certificate chains to it and names the node's address.
      const verify = vm.exec(
        "cd /etc && openssl verify -CAfile wazuh-indexer/certs/root-ca.pem wazuh-indexer/certs/indexer.pem " +
          "wazuh-indexer/certs/admin.pem filebeat/certs/filebeat.pem wazuh-dashboard/certs/dashboard.pem",
      );
      expect(verify.status).toBe(0);
      const san = vm.exec(
        "openssl x509 -in /etc/wazuh-dashboard/certs/dashboard.pem -noout -ext subjectAltName",
      );
      expect(san.output).toContain(`IP Address:${vm.ip}`);
      expect(
        vm
          .exec("openssl x509 -in /etc/wazuh-indexer/certs/admin.pem -noout -subject -nameopt RFC2253")
          .output.trim(),
      ).toBe("subject=CN=admin,OU=Wazuh,O=Wazuh,L=California,C=US");
    });

    test("configures the indexer, Filebeat and the dashboard (valid YAML) for the node's address and data disk", () => {
      const indexer = yamlFile(vm.read("/etc/wazuh-indexer/opensearch.yml"));
      expect(indexer["network.host"]).toBe(vm.ip);
      expect(indexer["path.data"]).toBe("/srv/wazuh/indexer");
      const filebeat = yamlFile(vm.read("/etc/filebeat/filebeat.yml"));
      expect(filebeat["output.elasticsearch"]).toMatchObject({
        hosts: [`${vm.ip}:9200`],
        protocol: "https",
        username: "${username}",
        password: "${password}",
      });
      expect(owner(vm, "/etc/filebeat/filebeat.yml")).toBe("root:root 600");
      const dashboard = yamlFile(vm.read("/etc/wazuh-dashboard/opensearch_dashboards.yml"));
      expect(dashboard["opensearch.hosts"]).toBe(`https://${vm.ip}:9200`);
    });

    test("installs the alerts template and Filebeat module only as the pinned files", () => {
      expect(sha256(vm.read("/etc/filebeat/wazuh-template.json")!)).toBe(
        h.digestOf(
          "raw.githubusercontent.com",
          "wazuh/wazuh/v4.12.0/extensions/elasticsearch/7.x/wazuh-template.json",
        ),
      );
      expect(existsSync(join(vm.root, "usr/share/filebeat/module/wazuh/alerts/manifest.yml"))).toBe(true);
      expect(owner(vm, "/etc/filebeat/wazuh-template.json")).toBe("root:root 644");
    });

    test("enables and starts indexer, manager, Filebeat and dashboard, and the archive's timer", () => {
      for (const kind of ["enabled", "active"]) {
        expect(vm.read(`/var/lib/standin-systemd/${kind}`)!.trim().split("\n")).toEqual([
          "filebeat.service",
          "wazuh-archive.timer",
          "wazuh-dashboard.service",
          "wazuh-indexer.service",
          "wazuh-manager.service",
        ]);
      }
    });

    test("starts none of its services before the data disk is mounted: a RequiresMountsFor drop-in for each", () => {
      for (const unit of WAZUH_SERVICES) {
        expect(vm.read(`/etc/systemd/system/${unit}.d/data-disk.conf`)).toBe(
          "[Unit]\nRequiresMountsFor=/srv/wazuh /var/ossec\n",
        );
        expect(owner(vm, `/etc/systemd/system/${unit}.d/data-disk.conf`)).toBe("root:root 644");
      }
    });

    test("replaces every default password, records them on the data disk (root only) where the README sends operators", () => {
      for (const user of WAZUH_INDEXER_USERS)
        expect(passwordOf("indexer", user)).toMatch(/^[A-Za-z0-9]{26}Aa1\.\*$/);
      for (const user of WAZUH_API_USERS) expect(passwordOf("api", user)).toMatch(/^[A-Za-z0-9]{26}Aa1\.\*$/);
      expect(
        new Set(
          stored
            .trim()
            .split("\n")
            .map((line) => line.split(" ")[2]),
        ).size,
      ).toBe(8);
      const link = join(vm.root, "root/wazuh-passwords.txt");
      expect(lstatSync(link).isSymbolicLink() && readlinkSync(link)).toBe("/srv/wazuh/wazuh-passwords.txt");
      vm.withDataDisk("wazuh-data", (disk) => {
        expect(statSync(join(disk, "wazuh-passwords.txt")).mode & 0o777).toBe(0o600);
        expect(statSync(join(disk, "wazuh-passwords.txt")).uid).toBe(0);
        // The indexer's security index and the API's user database hold exactly the new passwords.
        const users = JSON.parse(readFileSync(join(disk, "indexer/standin-security.json"), "utf8")).users;
        for (const user of WAZUH_INDEXER_USERS)
          expect(users[user]).toBe(sha256(passwordOf("indexer", user)!));
        const api = JSON.parse(
          readFileSync(join(disk, "ossec/api/configuration/security/standin-api-users.json"), "utf8"),
        );
        for (const user of WAZUH_API_USERS) expect(api[user]).toBe(sha256(passwordOf("api", user)!));
      });
    });

    test("every component logs in to the indexer over verified TLS with the rotated passwords from its keystore", () => {
      vm.withDataDisk("wazuh-data", (disk) => {
        expect(JSON.parse(readFileSync(join(disk, "ossec/var/run/standin-status.json"), "utf8"))).toEqual({
          indexer: "ok",
          use_password: "yes",
        });
      });
      expect(JSON.parse(vm.read("/var/lib/filebeat/standin-status.json")!)).toEqual({
        [`${vm.ip}:9200`]: "ok",
      });
      const dashboard = JSON.parse(vm.read("/var/lib/wazuh-dashboard/standin-status.json")!);
      expect(dashboard[`https://${vm.ip}:9200`]).toBe("ok");
      expect(dashboard.api_hosts[0].default).toMatchObject({
        username: "wazuh-wui",
        password: passwordOf("api", "wazuh-wui"),
      });
    });

    test("requires the enrolment password, which it created once and stored in Secret Manager", () => {
      const versions = h.secretVersions(WAZUH_ENROLMENT_SECRET_ID);
      expect(versions).toHaveLength(1);
      expect(versions[0]).toMatch(/^[A-Za-z0-9]{26}Aa1\.\*$/);
      vm.withDataDisk("wazuh-data", (disk) => {
        const conf = readFileSync(join(disk, "ossec/etc/ossec.conf"), "utf8");
        expect(effective(conf, "auth/use_password")).toBe("yes");
        expect(readFileSync(join(disk, "ossec/etc/authd.pass"), "utf8")).toBe(versions[0]);
        const pass = statSync(join(disk, "ossec/etc/authd.pass"));
        const wazuhGid = Number(vm.exec("getent group wazuh | cut -d: -f3").output.trim());
        expect([pass.mode & 0o777, pass.uid, pass.gid]).toEqual([0o640, 0, wazuhGid]);
      });
      expect(h.requests()).toContain(
        `secretmanager addVersion ${WAZUH_ENROLMENT_SECRET_ID}/1 by serviceAccount:${spec.serviceAccount}`,
      );
    });

    test("enables file integrity monitoring, vulnerability detection (the manager included) and SCA with CIS Debian 12", () => {
      vm.withDataDisk("wazuh-data", (disk) => {
        const conf = readFileSync(join(disk, "ossec/etc/ossec.conf"), "utf8");
        expect(effective(conf, "syscheck/disabled")).toBe("no");
        expect(effective(conf, "vulnerability-detection/enabled")).toBe("yes");
        expect(effective(conf, "wodle[@name=syscollector]/disabled")).toBe("no");
        expect(effective(conf, "wodle[@name=syscollector]/packages")).toBe("yes");
        expect(effective(conf, "sca/enabled")).toBe("yes");
        expect(allValues(conf, "sca/policies/policy")).toEqual(["ruleset/sca/cis_debian12.yml"]);
        expect(effective(conf, "indexer/hosts/host")).toBe(`https://${vm.ip}:9200`);
        expect(readFileSync(join(disk, "ossec/etc/local_internal_options.conf"), "utf8")).toMatch(
          /^vulnerability-detection\.disable_scan_manager=0$/m,
        );
        expect(existsSync(join(disk, "ossec/ruleset/sca/cis_debian12.yml"))).toBe(true);
      });
    });
    test("keeps the Zeek sensors' events: the baseline's rules file, wazuh:wazuh 660, checked by analysisd -t before the restart", () => {
      vm.withDataDisk("wazuh-data", (disk) => {
        const path = join(disk, "ossec/etc/rules/zeek_rules.xml");
        expect(readFileSync(path, "utf8")).toBe(`${renderZeekWazuhRules()}\n`);
        const wazuh = vm
          .exec("id -u wazuh; getent group wazuh | cut -d: -f3")
          .output.trim()
          .split("\n")
          .map(Number);
        const st = statSync(path);
        expect([st.uid, st.gid, st.mode & 0o777]).toEqual([...wazuh, 0o660]);
      });
      // The stand-in analysisd (the manager's service runs the same check) refuses what the real one refuses.
      const broken = renderZeekWazuhRules().replace("<if_sid>100210</if_sid>", "<if_sid>100299</if_sid>");
      copyFileSync(
        join(REPO_ROOT, "scripts/hosts/standins/wazuh/standin.py"),
        join(vm.root, "tmp/standin.py"),
      );
      const check = vm.exec(
        `mkdir -p /tmp/rules && cat > /tmp/rules/zeek_rules.xml <<'XML'\n${broken}\nXML\n` +
          'python3 -c \'import runpy; g = runpy.run_path("/tmp/standin.py", run_name="standin"); ' +
          'g["RULE_DIRS"][:] = ["/tmp/rules"]; g["check_rules"]()\'',
      );
      expect(check.status).not.toBe(0);
      expect(check.output).toContain("rule 100211: if_sid 100299 is not a rule loaded before it");
    });
  });

  describe("second boot with the same script", () => {
    let second: BootResult;
    let requestsBefore = 0;
    beforeAll(() => {
      requestsBefore = h.requests().split("\n").length;
      second = vm.boot(h.prepareScript(script, { fingerprints: [WAZUH_GPG_FINGERPRINT] }));
    }, 10 * MINUTES);

    test("is a no-op that succeeds: no download, no package change, nothing rotated", () => {
      expectCompleted(second);
      expect(second.output).toContain("this script already completed on this boot disk");
      expect(second.output).not.toContain("==> Wazuh indexer");
      const since = h
        .requests()
        .split("\n")
        .slice(requestsBefore - 1)
        .join("\n");
      expect(since).not.toMatch(/packages\.wazuh\.com|secretmanager/);
      expect(readPasswords()).toBe(stored);
      expect(h.secretVersions(WAZUH_ENROLMENT_SECRET_ID)).toHaveLength(1);
    });

    test("the services it enabled came up from the data disk at boot", () => {
      vm.withDataDisk("wazuh-data", (disk) => {
        expect(
          JSON.parse(readFileSync(join(disk, "ossec/var/run/standin-status.json"), "utf8")).indexer,
        ).toBe("ok");
      });
    });
  });

  describe("a boot whose data disk is missing (its fstab mounts are nofail)", () => {
    let missing: BootResult;
    let log = "";
    beforeAll(() => {
      const systemctlLog = join(vm.root, "var/log/standin-systemctl.log");
      const before = readFileSync(systemctlLog, "utf8").length;
      // Not the startup script: what systemd does at boot with the units the script enabled.
      missing = vm.boot("#!/bin/bash\nexit 0\n", { withoutDisks: true });
      log = readFileSync(systemctlLog, "utf8").slice(before);
    }, 5 * MINUTES);

    test("starts none of the manager's services (Dependency failed), so none runs on the boot disk's empty directories", () => {
      // (mount -a succeeds: the fstab lines are nofail and their device is absent.)
      expect(missing.status).toBe(0);
      for (const unit of WAZUH_SERVICES) {
        expect(log).toMatch(
          new RegExp(
            `-> failed: Dependency failed for ${unit.replace(".", "\\.")}: /srv/wazuh could not be mounted`,
          ),
        );
      }
      expect(log).not.toMatch(/ExecStart .*standin\.py service (indexer|manager|filebeat|dashboard)/);
      expect(vm.read("/var/lib/standin-systemd/active")!.trim().split("\n")).toEqual(["wazuh-archive.timer"]);
      expect(vm.exec("ls -A /var/ossec /srv/wazuh").output.trim()).toBe("/srv/wazuh:\n\n/var/ossec:");
    });
  });

  describe("the daily archive: its service run in the booted manager, as its timer runs it", () => {
    const DAY = 24 * 60 * 60 * 1000;
    const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    // The VM's clock is the host's: yesterday and the day before, UTC (as the job computes them).
    const yesterday = isoDay(Date.now() - DAY);
    const dayBefore = isoDay(Date.now() - 2 * DAY);
    const bucket = spec.metadata["instance/attributes/backup-job-bucket"];
    const writer = spec.metadata["instance/attributes/backup-job-writer"];
    let archive: BootResult;
    let stored: Record<string, Buffer> = {};
    const resultOf = (run: string) => {
      const out = vm.read(`/var/tmp/archive-${run}.out`) ?? "";
      const line = out.split("\n").find((l) => l.startsWith('{"severity"'));
      if (!line) throw new Error(`run ${run} printed no result line:\n${out}`);
      return { status: Number(vm.read(`/var/tmp/archive-${run}.status`)), result: JSON.parse(line), out };
    };
    // Rotated alerts for a day, as Wazuh leaves them (alerts/<YYYY>/<Mon>/ossec-alerts-<DD>.json.gz and .sum).
    const rotated = (variable: string) =>
      `dir="/var/ossec/logs/alerts/$(date -u -d "$${variable}" +%Y/%b)"; dd="$(date -u -d "$${variable}" +%d)"\n` +
      'mkdir -p "$dir"\n' +
      `printf '{"rule":{"id":"100211","level":3},"agent":{"name":"acme-prod-zeek-s1"},"day":"%s"}\\n' "$${variable}" | gzip -n > "$dir/ossec-alerts-$dd.json.gz"\n` +
      `printf 'Current checksum:\\nMD5  (%s) = x\\n' "$${variable}" > "$dir/ossec-alerts-$dd.json.sum"\n`;
    const AFTER = [
      "#!/bin/bash",
      `yesterday=${yesterday}`,
      `before=${dayBefore}`,
      rotated("yesterday"),
      rotated("before"),
      'run() { name=$1; shift; "$@" > /var/tmp/archive-$name.out 2>&1; echo $? > /var/tmp/archive-$name.status; }',
      "run first systemctl start wazuh-archive.service",
      "run again systemctl start wazuh-archive.service",
      // The stand-in corrupts what it stores for the day before (set by the test before this boot).
      'run corrupted /usr/local/sbin/wazuh-archive "$before"',
      "exit 0",
    ].join("\n");

    beforeAll(() => {
      h.corruptUploads(`wazuh/${dayBefore}/`);
      archive = vm.boot(h.prepareScript(script, { fingerprints: [WAZUH_GPG_FINGERPRINT] }), { after: AFTER });
      stored = h.objects(bucket);
    }, 10 * MINUTES);

    test("the boot installed the timer (daily at 01:30 UTC, persistent) and its oneshot service", () => {
      expectCompleted(archive);
      expect(vm.read("/etc/systemd/system/wazuh-archive.timer")).toContain(
        "[Timer]\nOnCalendar=*-*-* 01:30:00 UTC\nPersistent=true\n",
      );
      expect(vm.read("/etc/systemd/system/wazuh-archive.service")).toContain(
        "Type=oneshot\nExecStart=/usr/local/sbin/wazuh-archive\n",
      );
      expect(owner(vm, "/usr/local/sbin/wazuh-archive")).toBe("root:root 700");
    });

    test("a run stores yesterday's alerts, their checksum file and the configuration tar, verified, as the writer", () => {
      const first = resultOf("first");
      expect([first.status, first.result.result, first.result.severity]).toEqual([0, "success", "INFO"]);
      const dd = yesterday.slice(8, 10);
      const names = [
        `wazuh/${yesterday}/alerts/ossec-alerts-${dd}.json.gz`,
        `wazuh/${yesterday}/alerts/ossec-alerts-${dd}.json.sum`,
        `wazuh/${yesterday}/ossec-state.tar.gz`,
      ];
      expect(first.result.stored).toEqual(names);
      expect(first.result.objects).toBe(3);
      expect(first.result.uri).toBe(`gs://${bucket}/wazuh/${yesterday}/`);
      for (const name of names) expect(Object.keys(stored)).toContain(name);
      expect(first.result.bytes).toBe(names.reduce((sum, name) => sum + stored[name].length, 0));
      // The objects hold exactly the files on the data disk.
      const month = new Date(`${yesterday}T00:00:00Z`).toLocaleString("en-US", {
        month: "short",
        timeZone: "UTC",
      });
      vm.withDataDisk("wazuh-data", (disk) => {
        const dir = join(disk, `ossec/logs/alerts/${yesterday.slice(0, 4)}/${month}`);
        expect(stored[names[0]].equals(readFileSync(join(dir, `ossec-alerts-${dd}.json.gz`)))).toBe(true);
        expect(stored[names[1]].equals(readFileSync(join(dir, `ossec-alerts-${dd}.json.sum`)))).toBe(true);
      });
      expect(gunzipSync(stored[names[0]]).toString()).toContain(`"day":"${yesterday}"`);
      // The state tar: the manager's configuration, rules, keys and API configuration.
      const tarFile = join(h.work, "ossec-state.tar.gz");
      writeFileSync(tarFile, stored[names[2]]);
      const members = execFileSync("tar", ["-tzf", tarFile], { encoding: "utf8" }).split("\n");
      expect(members).toEqual(
        expect.arrayContaining(["etc/ossec.conf", "etc/rules/zeek_rules.xml", "etc/authd.pass"]),
      );
      expect(members.some((m) => m.startsWith("api/configuration/"))).toBe(true);
      // The writer's token was minted with the manager's own, and only the writer created objects.
      const requests = h.requests();
      expect(requests).toContain(
        `iamcredentials generateAccessToken ${writer} by serviceAccount:${spec.serviceAccount} scope https://www.googleapis.com/auth/devstorage.read_write`,
      );
      for (const name of names)
        expect(requests).toMatch(
          new RegExp(`storage create gs://${bucket}/${name} \\(\\d+ bytes\\) by serviceAccount:${writer}`),
        );
      expect(requests).not.toMatch(/DENIED (iamcredentials|storage)/);
    });

    test("its result line reaches Cloud Logging as the manager, in the log the alerts read", () => {
      const entries = h
        .logEntries()
        .filter((e) => e.logName === `projects/${PROD.projectId}/logs/wazuh-archive`);
      expect(entries.map((e) => [(e.jsonPayload as { result: string }).result, e.severity])).toEqual([
        ["success", "INFO"],
        ["already-archived", "WARNING"],
        ["failure", "ERROR"],
      ]);
      for (const entry of entries) {
        expect(entry.by).toBe(`serviceAccount:${spec.serviceAccount}`);
        expect(entry.resource).toEqual({
          type: "gce_instance",
          labels: { project_id: PROD.projectId, zone: "europe-west2-b", instance_id: "4242424242424242424" },
        });
        expect((entry.jsonPayload as { job: string }).job).toBe("wazuh-archive");
      }
    });

    test("a second run for the same day replaces nothing: the bucket refuses (412) and the line says so", () => {
      const again = resultOf("again");
      expect([again.status, again.result.result, again.result.severity]).toEqual([
        0,
        "already-archived",
        "WARNING",
      ]);
      expect(again.result.objects).toBe(0);
      expect(again.result.present).toHaveLength(3);
      expect(again.result.message).toContain("not replaced");
      expect(h.requests()).toMatch(
        new RegExp(`storage 412 gs://${bucket}/wazuh/${yesterday}/ossec-state\\.tar\\.gz`),
      );
      // Yesterday's objects are the first run's (the state tar of the second run differed and was refused).
      const first = resultOf("first").result.stored as string[];
      for (const name of first) expect(stored[name]).toBeDefined();
      expect(Object.keys(stored).filter((n) => n.startsWith(`wazuh/${yesterday}/`))).toHaveLength(3);
    });

    test("a corrupted upload (the stored MD5 differs) fails the run, and the line says which objects", () => {
      const corrupted = resultOf("corrupted");
      expect(corrupted.status).toBe(1);
      expect([corrupted.result.result, corrupted.result.severity]).toEqual(["failure", "ERROR"]);
      expect(corrupted.result.failed).toEqual(
        expect.arrayContaining([
          expect.stringMatching(
            new RegExp(
              `^wazuh/${dayBefore}/alerts/ossec-alerts-\\d\\d\\.json\\.gz: the stored object's MD5 differs`,
            ),
          ),
        ]),
      );
      expect(corrupted.result.failed).toHaveLength(3);
      expect(corrupted.result.objects).toBe(0);
    });
  });

  describe("a rebuilt boot disk (the instance recreated, the data disk kept) from an image with one more system user", () => {
    let rebuilt: BootResult;
    let caBefore = "";
    const ids = (): string =>
      vm.exec("id -u wazuh; id -g wazuh; id -u wazuh-indexer; id -g wazuh-indexer").output;
    let idsBefore = "";
    let idsAfter = "";
    /** Files the services wrote deep in their state, as they leave them (owner set before the rebuild). */
    const DEEP = {
      "ossec/queue/db/001.db": "wazuh",
      "ossec/logs/ossec.log": "wazuh",
      "indexer/nodes/0/_state/state-1.st": "wazuh-indexer",
    } as const;
    beforeAll(() => {
      caBefore = vm.read("/etc/wazuh-indexer/certs/root-ca.pem")!;
      idsBefore = ids();
      const numeric = (user: string) =>
        vm.exec(`id -u ${user}; id -g ${user}`).output.trim().split("\n").map(Number);
      const owners = { wazuh: numeric("wazuh"), "wazuh-indexer": numeric("wazuh-indexer") };
      vm.withDataDisk(
        "wazuh-data",
        (disk) => {
          for (const [path, user] of Object.entries(DEEP)) {
            const file = join(disk, path);
            execFileSync("mkdir", ["-p", join(file, "..")]);
            writeFileSync(file, `${path}\n`);
            execFileSync("chown", [`${owners[user][0]}:${owners[user][1]}`, file]);
          }
        },
        { writable: true },
      );
      // An agent enrolled before the rebuild.
      vm.withDataDisk(
        "wazuh-data",
        (disk) =>
          writeFileSync(
            join(disk, "ossec/etc/client.keys"),
            "001 acme-prod-zeek-s1 any 5f4dcc3b5aa765d61d8327deb882cf99\n",
          ),
        { writable: true },
      );
      vm.newBootDisk();
      // A newer image: one more system user, with the ids the packages' users got before (adduser --system takes
      // the first free uid and gid from 100), so every service user of the rebuilt disk is numbered differently.
      const shift = vm.exec(
        "set -e; uid=100; while getent passwd $uid >/dev/null; do uid=$((uid + 1)); done; " +
          "gid=100; while getent group $gid >/dev/null; do gid=$((gid + 1)); done; " +
          "groupadd --system --gid $gid image-extra && " +
          "useradd --system --uid $uid --gid $gid --no-create-home --shell /usr/sbin/nologin image-extra",
      );
      if (shift.status !== 0) throw new Error(shift.output);
      rebuilt = vm.boot(h.prepareScript(script, { fingerprints: [WAZUH_GPG_FINGERPRINT] }));
      idsAfter = ids();
    }, 15 * MINUTES);

    test("the rebuilt disk numbers the service users differently (the case the re-owning is for)", () => {
      expectCompleted(rebuilt);
      const [before, after] = [idsBefore, idsAfter].map((text) => text.trim().split("\n"));
      expect(after).toHaveLength(4);
      for (const [i, id] of after.entries()) expect(id).not.toBe(before[i]);
    });

    test("re-owns the indexer's data and the manager's state to the current users, by name, all the way down", () => {
      // Names as the rebuilt boot disk's passwd and group files give them.
      const nameOf = (db: "passwd" | "group", id: number) =>
        vm.exec(`getent ${db} ${id} | cut -d: -f1`).output.trim() || String(id);
      vm.withDataDisk("wazuh-data", (disk) => {
        for (const [path, user] of Object.entries(DEEP)) {
          const st = statSync(join(disk, path));
          expect([path, `${nameOf("passwd", st.uid)}:${nameOf("group", st.gid)}`]).toEqual([
            path,
            `${user}:${user}`,
          ]);
        }
        // Nothing in either tree belongs to anyone but root and the component's user.
        const strays = (dir: string, user: string) => {
          const [uid, gid] = vm.exec(`id -u ${user}; id -g ${user}`).output.trim().split("\n");
          return execFileSync(
            "find",
            [
              join(disk, dir),
              "(",
              "!",
              "-uid",
              "0",
              "!",
              "-uid",
              uid,
              ")",
              "-o",
              "(",
              "!",
              "-gid",
              "0",
              "!",
              "-gid",
              gid,
              ")",
            ],
            { encoding: "utf8" },
          ).trim();
        };
        expect(strays("ossec", "wazuh")).toBe("");
        expect(strays("indexer", "wazuh-indexer")).toBe("");
      });
    });

    test("reinstalls and keeps the deployment: same CA, agent keys, passwords and enrolment password", () => {
      expectCompleted(rebuilt);
      expect(vm.read("/etc/wazuh-indexer/certs/root-ca.pem")).toBe(caBefore);
      expect(readPasswords()).toBe(stored);
      expect(h.secretVersions(WAZUH_ENROLMENT_SECRET_ID)).toHaveLength(1);
      vm.withDataDisk("wazuh-data", (disk) => {
        expect(readFileSync(join(disk, "ossec/etc/client.keys"), "utf8")).toContain(
          "001 acme-prod-zeek-s1 any",
        );
        expect(
          JSON.parse(readFileSync(join(disk, "ossec/var/run/standin-status.json"), "utf8")).indexer,
        ).toBe("ok");
      });
      expect(JSON.parse(vm.read("/var/lib/filebeat/standin-status.json")!)).toEqual({
        [`${vm.ip}:9200`]: "ok",
      });
      expect(
        JSON.parse(vm.read("/var/lib/wazuh-dashboard/standin-status.json")!)[`https://${vm.ip}:9200`],
      ).toBe("ok");
    });
  });

  describe("upgrade: monitoring.wazuh.version changed to 4.13.0", () => {
    const upgraded = synthBaseline(
      configFromYaml(editBaseline("    version: 4.12.0", "    version: 4.13.0").text),
    )["prod-monitoring"];
    const next = wazuhManagerVm(upgraded);
    let upgrade: BootResult;
    let callsBefore = "";
    beforeAll(() => {
      callsBefore = vm.withDataDisk("wazuh-data", (disk) =>
        readFileSync(join(disk, "indexer/standin-calls.log"), "utf8"),
      );
      upgrade = vm.boot(h.prepareScript(next.script, { fingerprints: [WAZUH_GPG_FINGERPRINT] }));
    }, 15 * MINUTES);

    test("changes only the instance's startup-script metadata (an in-place update)", () => {
      const before = Object.values(monitoring.resource!.google_compute_instance)[0];
      const after = Object.values(upgraded.resource!.google_compute_instance)[0];
      expect({ ...after, metadata: { ...after.metadata, "startup-script": "" } }).toEqual({
        ...before,
        metadata: { ...before.metadata, "startup-script": "" },
      });
      expect(after.metadata_startup_script).toBeUndefined();
    });

    test("upgrades every component in Wazuh's order, pausing shard allocation around the indexer, and keeps the data", () => {
      expectCompleted(upgrade);
      expect(upgrade.output).toContain("upgrading Wazuh from 4.12.0-1 to 4.13.0-1");
      const versions = vm.exec("dpkg-query -W wazuh-indexer wazuh-manager wazuh-dashboard").output;
      expect(versions.trim().split("\n").sort()).toEqual([
        "wazuh-dashboard\t4.13.0-1",
        "wazuh-indexer\t4.13.0-1",
        "wazuh-manager\t4.13.0-1",
      ]);
      expect(vm.exec("apt-mark showhold").output).toContain("wazuh-indexer");
      const calls = vm.withDataDisk("wazuh-data", (disk) =>
        readFileSync(join(disk, "indexer/standin-calls.log"), "utf8"),
      );
      const upgradeCalls = calls
        .slice(callsBefore.length)
        .split("\n")
        .filter((line) => /_cluster\/settings|_flush/.test(line));
      expect(upgradeCalls).toEqual([
        'admin PUT /_cluster/settings {"persistent":{"cluster.routing.allocation.enable":"primaries"}}',
        "admin POST /_flush ",
        'admin PUT /_cluster/settings {"persistent":{"cluster.routing.allocation.enable":"all"}}',
      ]);
      expect(sha256(vm.read("/etc/filebeat/wazuh-template.json")!)).toBe(
        h.digestOf(
          "raw.githubusercontent.com",
          "wazuh/wazuh/v4.13.0/extensions/elasticsearch/7.x/wazuh-template.json",
        ),
      );
      expect(readPasswords()).toBe(stored);
      const marker = /^readonly DONE_MARKER=(\S+)$/m.exec(next.script)![1];
      expect(vm.exec("ls /var/lib/gcp-security-baseline").output.trim()).toBe(marker.split("/").at(-1));
    });

    test("keeps the conffiles it edited though 4.13.0 ships changed ones (no dpkg prompt at boot), edited again", () => {
      expectCompleted(upgrade);
      expect(upgrade.output).not.toContain("conffile prompt");
      // dpkg kept the edited files and put the release's new defaults beside them.
      for (const file of [
        "/etc/wazuh-indexer/opensearch.yml",
        "/etc/wazuh-dashboard/opensearch_dashboards.yml",
      ]) {
        expect(vm.read(`${file}.dpkg-dist`)).toMatch(/^# Wazuh 4\.13\.0: default configuration/);
        expect(vm.read(file)).not.toContain("# Wazuh 4.13.0");
      }
      const indexer = yamlFile(vm.read("/etc/wazuh-indexer/opensearch.yml"));
      expect([indexer["network.host"], indexer["path.data"]]).toEqual([vm.ip, "/srv/wazuh/indexer"]);
      const dashboard = yamlFile(vm.read("/etc/wazuh-dashboard/opensearch_dashboards.yml"));
      expect(dashboard["opensearch.hosts"]).toBe(`https://${vm.ip}:9200`);
    });
  });
});
