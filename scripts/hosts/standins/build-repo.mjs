// Builds what the stand-in server serves under the vendors' URLs, into <out>/<host>/<path>:
// - apt repositories of stand-in packages with the vendors' package names and versions (Wazuh 4.x, the OBS
//   security:zeek flat repository), signed with a test GPG key generated here, and that key under the URLs the
//   scripts download the vendors' keys from;
// - the Wazuh files outside the repository (alerts template, Filebeat module);
// - with BASELINE_VAULT_BINARY set (a real Vault server, scripts/vault/build.sh): HashiCorp's repository with a
//   `vault` package of that binary's version, and Google's Ops Agent repository (suite
//   google-cloud-ops-agent-bookworm-2), signed by a second test key that stands in for Google's: the image's
//   keyring (google-cloud-packages-archive-keyring), which the harness puts into every VM's image, holds it. No
//   key is served for it: the boot script must not download one.
// The stand-in packages install the files the scripts then configure (default configurations, the programs
// the scripts call with their command-line interfaces, systemd units) and create the service users, as the
// real packages do. Prints a JSON summary: the vendor key's fingerprint, the SHA-256 of each plain download, and
// the binary keyrings of the Google stand-in key (the image's) and of the vendor key (for a wrong-key case). The
// Zeek repository also carries InRelease.other-signer and Release.gpg.other-signer (signed by the Google stand-in
// key), which a test serves in place of InRelease and Release.gpg.
//
//   node build-repo.mjs <out> <gnupg-home>
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const here = dirname(fileURLToPath(import.meta.url));
const [out, gnupgHome] = process.argv.slice(2);
if (!out || !gnupgHome) throw new Error("usage: node build-repo.mjs <out> <gnupg-home>");
export const WAZUH_VERSIONS = ["4.12.0", "4.13.0"];
const ZEEK_VERSION = "8.0.4-0";
const ZEEK_SERIES = "8.0";

const wazuhFile = (name) =>
  readFileSync(join(here, "wazuh", "files", name.endsWith(".yml") ? `${name}.default` : name), "utf8");
const zeekFile = (name) => readFileSync(join(here, "zeek", "files", name), "utf8");
const standinPy = readFileSync(join(here, "wazuh", "standin.py"), "utf8");

const sha256 = (data) => createHash("sha256").update(data).digest("hex");
const wrapper = (py, command) => `#!/bin/sh\nexec /usr/bin/python3 ${py} ${command} "$@"\n`;
const unit = (description, execStart, extra = []) =>
  [
    "[Unit]",
    `Description=${description}`,
    "Wants=network-online.target",
    "After=network-online.target",
    "",
    "[Service]",
    "Type=simple",
    `ExecStart=${execStart}`,
    ...extra,
    "",
    "[Install]",
    "WantedBy=multi-user.target",
    "",
  ].join("\n");
const addUser = (user) =>
  `getent group ${user} >/dev/null || addgroup --system ${user}\n` +
  `getent passwd ${user} >/dev/null || adduser --system --ingroup ${user} --no-create-home --home /nonexistent --shell /usr/sbin/nologin ${user}\n`;

/**
 * A conffile as release `version` ships it: every release after the first adds a line, as real releases change
 * their default configurations, so an upgrade meets a conffile the boot script edited and the package changed
 * (dpkg asks what to do unless told: the boot script must tell it).
 */
const releaseConffile = (name, version) =>
  version === WAZUH_VERSIONS[0]
    ? wazuhFile(name)
    : `# Wazuh ${version}: default configuration of this release (host harness stand-in)\n${wazuhFile(name)}`;

function wazuhPackages(version) {
  const v = `${version}-1`;
  const ipy = "/usr/share/wazuh-indexer/standin/standin.py";
  const mpy = "/var/ossec/standin/standin.py";
  const dpy = "/usr/share/wazuh-dashboard/standin/standin.py";
  const apy = "/var/ossec/standin/standin.py";
  return [
    {
      name: "wazuh-indexer",
      version: v,
      depends: "adduser",
      files: {
        "/etc/wazuh-indexer/opensearch.yml": {
          text: releaseConffile("opensearch.yml", version),
          conffile: true,
        },
        [ipy]: { text: standinPy, mode: 0o755 },
        "/usr/share/wazuh-indexer/bin/indexer-security-init.sh": {
          text: wrapper(ipy, "security-init"),
          mode: 0o755,
        },
        "/usr/share/wazuh-indexer/plugins/opensearch-security/tools/wazuh-passwords-tool.sh": {
          text: wrapper(ipy, "passwords-tool"),
          mode: 0o755,
        },
        "/usr/share/wazuh-indexer/VERSION": { text: `${version}\n` },
        "/usr/lib/systemd/system/wazuh-indexer.service": {
          // As Wazuh's unit: the indexer runs as wazuh-indexer (its data directory must be that user's).
          text: unit("wazuh-indexer", `/usr/bin/python3 ${ipy} service indexer`, [
            "User=wazuh-indexer",
            "Group=wazuh-indexer",
          ]),
        },
      },
      postinst: `${addUser("wazuh-indexer")}mkdir -p /var/lib/wazuh-indexer /var/log/wazuh-indexer\nchown wazuh-indexer:wazuh-indexer /var/lib/wazuh-indexer /var/log/wazuh-indexer\n`,
    },
    {
      name: "wazuh-manager",
      version: v,
      depends: "adduser, lsb-release",
      files: {
        "/usr/share/wazuh-manager/standin/ossec.conf": { text: wazuhFile("ossec-manager.conf") },
        [mpy]: { text: standinPy, mode: 0o755 },
        "/var/ossec/bin/wazuh-keystore": { text: wrapper(mpy, "wazuh-keystore"), mode: 0o755 },
        "/var/ossec/bin/wazuh-analysisd": { text: wrapper(mpy, "analysisd"), mode: 0o755 },
        "/var/ossec/ruleset/sca/cis_debian12.yml": { text: wazuhFile("cis_debian12.yml") },
        "/var/ossec/VERSION": { text: `v${version}\n` },
        "/usr/lib/systemd/system/wazuh-manager.service": {
          text: unit("Wazuh manager", `/usr/bin/python3 ${mpy} service manager`),
        },
      },
      // Like Wazuh's packages: the configuration and the manager's state are kept on reinstall and upgrade.
      postinst: `${addUser("wazuh")}mkdir -p /var/ossec/etc/rules /var/ossec/etc/decoders /var/ossec/logs /var/ossec/var/run /var/ossec/queue/db /var/ossec/api/configuration/security
[ -f /var/ossec/etc/ossec.conf ] || install -m 0660 -o root -g wazuh /usr/share/wazuh-manager/standin/ossec.conf /var/ossec/etc/ossec.conf
[ -f /var/ossec/etc/client.keys ] || install -m 0640 -o wazuh -g wazuh /dev/null /var/ossec/etc/client.keys
[ -f /var/ossec/etc/local_internal_options.conf ] || printf '# local_internal_options.conf\\n#\\n# This file should be handled with care. It contains\\n# run time modifications that can affect the use\\n# of Wazuh.\\n' > /var/ossec/etc/local_internal_options.conf
[ -f /var/ossec/api/configuration/security/standin-api-users.json ] || python3 -c 'import hashlib,json; print(json.dumps({u: hashlib.sha256(u.encode()).hexdigest() for u in ("wazuh", "wazuh-wui")}))' > /var/ossec/api/configuration/security/standin-api-users.json
chown -R root:wazuh /var/ossec/etc /var/ossec/api
chown wazuh:wazuh /var/ossec/var/run /var/ossec/logs /var/ossec/queue/db
chmod 770 /var/ossec/etc
chown wazuh:wazuh /var/ossec/etc/rules /var/ossec/etc/decoders
chmod 770 /var/ossec/etc/rules /var/ossec/etc/decoders
`,
    },
    {
      name: "wazuh-agent",
      version: v,
      depends: "adduser, lsb-release",
      files: {
        "/usr/share/wazuh-agent/standin/ossec.conf": { text: wazuhFile("ossec-agent.conf") },
        [apy]: { text: standinPy, mode: 0o755 },
        "/var/ossec/ruleset/sca/cis_debian12.yml": { text: wazuhFile("cis_debian12.yml") },
        "/var/ossec/VERSION": { text: `v${version}\n` },
        "/usr/lib/systemd/system/wazuh-agent.service": {
          text: unit("Wazuh agent", `/usr/bin/python3 ${apy} service agent`),
        },
      },
      // Wazuh's deployment variables: WAZUH_MANAGER sets the manager address at install.
      postinst: `${addUser("wazuh")}mkdir -p /var/ossec/etc /var/ossec/logs /var/ossec/var/run /var/ossec/queue
[ -f /var/ossec/etc/ossec.conf ] || install -m 0660 -o root -g wazuh /usr/share/wazuh-agent/standin/ossec.conf /var/ossec/etc/ossec.conf
if [ -n "\${WAZUH_MANAGER:-}" ]; then sed -i "s|<address>.*</address>|<address>$WAZUH_MANAGER</address>|" /var/ossec/etc/ossec.conf; fi
chown root:wazuh /var/ossec/etc
chown wazuh:wazuh /var/ossec/var/run /var/ossec/logs
chmod 770 /var/ossec/etc
`,
    },
    {
      name: "wazuh-dashboard",
      version: v,
      depends: "adduser, libcap2-bin",
      files: {
        "/etc/wazuh-dashboard/opensearch_dashboards.yml": {
          text: releaseConffile("opensearch_dashboards.yml", version),
          conffile: true,
        },
        "/usr/share/wazuh-dashboard/standin/wazuh.yml": { text: wazuhFile("wazuh.yml") },
        [dpy]: { text: standinPy, mode: 0o755 },
        "/usr/share/wazuh-dashboard/bin/opensearch-dashboards-keystore": {
          text: wrapper(dpy, "dashboard-keystore"),
          mode: 0o755,
        },
        "/usr/lib/systemd/system/wazuh-dashboard.service": {
          text: unit("wazuh-dashboard", `/usr/bin/python3 ${dpy} service dashboard`),
        },
      },
      postinst: `${addUser("wazuh-dashboard")}mkdir -p /usr/share/wazuh-dashboard/data/wazuh/config /var/lib/wazuh-dashboard
[ -f /usr/share/wazuh-dashboard/data/wazuh/config/wazuh.yml ] || cp /usr/share/wazuh-dashboard/standin/wazuh.yml /usr/share/wazuh-dashboard/data/wazuh/config/wazuh.yml
chown -R wazuh-dashboard:wazuh-dashboard /usr/share/wazuh-dashboard/data /var/lib/wazuh-dashboard
if [ ! -f /etc/wazuh-dashboard/opensearch_dashboards.keystore ]; then
  echo kibanaserver | /usr/share/wazuh-dashboard/bin/opensearch-dashboards-keystore --allow-root add -f --stdin opensearch.username
  echo kibanaserver | /usr/share/wazuh-dashboard/bin/opensearch-dashboards-keystore --allow-root add -f --stdin opensearch.password
fi
`,
    },
  ];
}

function filebeatPackage() {
  const fpy = "/usr/share/filebeat/standin/standin.py";
  return {
    name: "filebeat",
    version: "7.10.2-1",
    depends: "",
    files: {
      "/etc/filebeat/filebeat.yml": { text: wazuhFile("filebeat.yml"), conffile: true },
      [fpy]: { text: standinPy, mode: 0o755 },
      "/usr/share/filebeat/bin/filebeat": { text: wrapper(fpy, "filebeat"), mode: 0o755 },
      "/usr/lib/systemd/system/filebeat.service": {
        text: unit(
          "Filebeat sends log files to Logstash or directly to Elasticsearch.",
          `/usr/bin/python3 ${fpy} service filebeat`,
        ),
      },
    },
    postinst:
      "mkdir -p /var/lib/filebeat /var/log/filebeat /usr/share/filebeat/module\nln -sf /usr/share/filebeat/bin/filebeat /usr/bin/filebeat\n",
  };
}

function zeekPackages() {
  const v = ZEEK_VERSION;
  const s = ZEEK_SERIES;
  const doc = (name) => ({ [`/usr/share/doc/${name}/README.standin`]: { text: `stand-in for ${name}\n` } });
  const parts = [
    `zeek-${s}-zkg`,
    `zeek-${s}-client`,
    `zeek-${s}-btest`,
    `zeek-${s}-btest-data`,
    `zeek-${s}-spicy-dev`,
    `libbroker-${s}-dev`,
    `zeek-${s}-core-dev`,
  ];
  return [
    {
      name: `zeek-${s}`,
      version: v,
      depends: [
        `zeek-${s}-core (= ${v})`,
        `zeekctl-${s} (= ${v})`,
        ...parts.map((p) => `${p} (= ${v})`),
      ].join(", "),
      files: doc(`zeek-${s}`),
    },
    {
      name: `zeek-${s}-core`,
      version: v,
      depends: "libpcap0.8, python3",
      files: {
        "/opt/zeek/bin/zeek": { text: readFileSync(join(here, "zeek", "zeek"), "utf8"), mode: 0o755 },
        "/opt/zeek/share/zeek/site/local.zeek": { text: zeekFile("local.zeek"), conffile: false },
      },
      postinst: "mkdir -p /opt/zeek/logs /opt/zeek/spool\n",
    },
    {
      name: `zeekctl-${s}`,
      version: v,
      depends: `zeek-${s}-core (= ${v}), python3`,
      files: {
        "/opt/zeek/bin/zeekctl": { text: readFileSync(join(here, "zeek", "zeekctl"), "utf8"), mode: 0o755 },
        "/opt/zeek/etc/zeekctl.cfg": { text: zeekFile("zeekctl.cfg"), conffile: true },
        "/opt/zeek/etc/node.cfg": { text: zeekFile("node.cfg"), conffile: true },
        "/opt/zeek/etc/networks.cfg": { text: zeekFile("networks.cfg"), conffile: true },
      },
    },
    ...parts.map((name) => ({ name, version: v, depends: "", files: doc(name) })),
    // In the repository, never installed by the sensor: holding must not touch it.
    { name: "zeek-nightly", version: "8.1.0-0", depends: "", files: doc("zeek-nightly") },
  ];
}

/**
 * HashiCorp's `vault` package as its postinst and unit have it (user vault, /opt/vault/data, a self-signed pair
 * in /opt/vault/tls, /etc/vault.d/vault.hcl and vault.env as conffiles), holding the real Vault binary.
 */
function vaultPackage(version) {
  return {
    name: "vault",
    version: `${version}-1`,
    depends: "openssl",
    compression: "none",
    files: {
      "/usr/bin/vault": { source: process.env.BASELINE_VAULT_BINARY, mode: 0o755 },
      "/etc/vault.d/vault.hcl": {
        text: 'ui = true\nstorage "file" {\n  path = "/opt/vault/data"\n}\nlistener "tcp" {\n  address = "0.0.0.0:8200"\n  tls_cert_file = "/opt/vault/tls/tls.crt"\n  tls_key_file = "/opt/vault/tls/tls.key"\n}\n',
        conffile: true,
      },
      "/etc/vault.d/vault.env": { text: "", conffile: true },
      "/usr/lib/systemd/system/vault.service": {
        text: [
          "[Unit]",
          'Description="HashiCorp Vault - A tool for managing secrets"',
          "Requires=network-online.target",
          "After=network-online.target",
          "ConditionFileNotEmpty=/etc/vault.d/vault.hcl",
          "",
          "[Service]",
          "Type=notify",
          "EnvironmentFile=/etc/vault.d/vault.env",
          "User=vault",
          "Group=vault",
          "ExecStart=/usr/bin/vault server -config=/etc/vault.d/vault.hcl",
          "ExecReload=/bin/kill --signal HUP $MAINPID",
          "KillMode=process",
          "KillSignal=SIGINT",
          "Restart=on-failure",
          "LimitNOFILE=65536",
          "LimitMEMLOCK=infinity",
          "",
          "[Install]",
          "WantedBy=multi-user.target",
          "",
        ].join("\n"),
      },
    },
    postinst:
      `${addUser("vault")}mkdir -p /opt/vault/data /opt/vault/tls\nchown vault:vault /opt/vault/data\n` +
      "if [ ! -f /opt/vault/tls/tls.key ]; then\n" +
      "  openssl req -x509 -newkey rsa:2048 -nodes -keyout /opt/vault/tls/tls.key -out /opt/vault/tls/tls.crt " +
      "-days 365 -subj /CN=vault 2>/dev/null\n" +
      "  chown vault:vault /opt/vault/tls/tls.key /opt/vault/tls/tls.crt\n  chmod 600 /opt/vault/tls/tls.key\nfi\n",
  };
}

/** What the Ops Agent checks of its configuration before it starts (the parts the baseline writes). */
const OPS_AGENT_CHECK = `#!/usr/bin/python3
"""Stand-in for the Ops Agent (host harness): refuses a config.yaml the agent would refuse, in the parts the
baseline writes (logging receivers, processors and pipelines), then stays up."""
import sys, time, yaml
KNOWN = {"receivers": {"files", "syslog", "journald", "fluent_forward", "tcp"},
         "processors": {"parse_json", "parse_regex", "exclude_logs", "modify_fields"}}
def die(message):
    print("google-cloud-ops-agent: invalid /etc/google-cloud-ops-agent/config.yaml: " + message, file=sys.stderr)
    sys.exit(1)
try:
    config = yaml.safe_load(open("/etc/google-cloud-ops-agent/config.yaml")) or {}
except (OSError, yaml.YAMLError) as error:
    die(str(error))
logging = config.get("logging") or {}
for kind in ("receivers", "processors"):
    for name, body in (logging.get(kind) or {}).items():
        if (body or {}).get("type") not in KNOWN[kind]:
            die("%s %s has type %r" % (kind[:-1], name, (body or {}).get("type")))
        if kind == "receivers" and body["type"] == "files" and not body.get("include_paths"):
            die("files receiver %s has no include_paths" % name)
for name, pipeline in ((logging.get("service") or {}).get("pipelines") or {}).items():
    for kind in ("receivers", "processors"):
        for ref in pipeline.get(kind) or []:
            if ref not in (logging.get(kind) or {}):
                die("pipeline %s names undefined %s %s" % (name, kind[:-1], ref))
with open("/var/lib/google-cloud-ops-agent-standin.status", "w") as f:
    f.write("running with %d receiver(s)\\n" % len(logging.get("receivers") or {}))
while True:
    time.sleep(3600)
`;

function opsAgentPackage() {
  return {
    name: "google-cloud-ops-agent",
    version: "2.58.0~debian12",
    depends: "python3-yaml",
    files: {
      "/opt/google-cloud-ops-agent/standin-agent": { text: OPS_AGENT_CHECK, mode: 0o755 },
      "/usr/lib/systemd/system/google-cloud-ops-agent.service": {
        text: unit("Google Cloud Ops Agent", "/opt/google-cloud-ops-agent/standin-agent"),
      },
    },
    postinst: "mkdir -p /etc/google-cloud-ops-agent\n",
  };
}

function buildDeb(pkg, dest) {
  const root = mkdtempSync(join(tmpdir(), `deb-${pkg.name}-`));
  try {
    const conffiles = [];
    for (const [path, file] of Object.entries(pkg.files)) {
      const target = join(root, path);
      mkdirSync(dirname(target), { recursive: true });
      if (file.source) copyFileSync(file.source, target);
      else writeFileSync(target, file.text);
      chmodSync(target, file.mode ?? 0o644);
      if (file.conffile) conffiles.push(path);
    }
    mkdirSync(join(root, "DEBIAN"));
    const control = [
      `Package: ${pkg.name}`,
      `Version: ${pkg.version}`,
      "Architecture: amd64",
      "Maintainer: gcp-security-baseline host harness <harness@invalid>",
      ...(pkg.depends ? [`Depends: ${pkg.depends}`] : []),
      "Section: admin",
      "Priority: optional",
      `Description: stand-in for ${pkg.name} ${pkg.version} (host harness)`,
      "",
    ].join("\n");
    writeFileSync(join(root, "DEBIAN", "control"), control);
    if (conffiles.length) writeFileSync(join(root, "DEBIAN", "conffiles"), conffiles.join("\n") + "\n");
    if (pkg.postinst) {
      writeFileSync(join(root, "DEBIAN", "postinst"), `#!/bin/sh\nset -e\n${pkg.postinst}`);
      chmodSync(join(root, "DEBIAN", "postinst"), 0o755);
    }
    mkdirSync(dirname(dest), { recursive: true });
    execFileSync(
      "dpkg-deb",
      ["--root-owner-group", `-Z${pkg.compression ?? "gzip"}`, "--build", root, dest],
      {
        stdio: "ignore",
      },
    );
    return control;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function gpg(args, input) {
  return execFileSync("gpg", ["--homedir", gnupgHome, "--batch", "--yes", ...args], {
    input,
    encoding: "utf8",
  });
}

/** Signs a repository's Release with `key` (a fingerprint; default: the vendor test key). */
function sign(dir, key = fingerprint) {
  gpg([
    "--local-user",
    key,
    "--armor",
    "--detach-sign",
    "--output",
    join(dir, "Release.gpg"),
    join(dir, "Release"),
  ]);
  gpg(["--local-user", key, "--clearsign", "--output", join(dir, "InRelease"), join(dir, "Release")]);
}

function indexFiles(packagesText, dir, prefix) {
  writeFileSync(join(dir, "Packages"), packagesText);
  writeFileSync(join(dir, "Packages.gz"), gzipSync(packagesText));
  return ["Packages", "Packages.gz"].map((name) => {
    const data = readFileSync(join(dir, name));
    return ` ${sha256(data)} ${data.length} ${prefix}${name}`;
  });
}

function packagesEntry(control, debPath, filename) {
  const data = readFileSync(debPath);
  return (
    control.trimEnd() +
    `\nFilename: ${filename}\nSize: ${statSync(debPath).size}\nSHA256: ${sha256(data)}\n\n`
  );
}

function release(fields, sums) {
  const date = new Date().toUTCString().replace("GMT", "UTC");
  return [...fields, `Date: ${date}`, "Architectures: amd64", "SHA256:", ...sums, ""].join("\n");
}

/** A repository with dists/<suite>/main/binary-amd64 (Wazuh, HashiCorp, Google), signed by `key`. */
function distRepo(base, suite, origin, packages, key = fingerprint) {
  let index = "";
  for (const pkg of packages) {
    const filename = `pool/main/${pkg.name[0]}/${pkg.name}/${pkg.name}_${pkg.version}_amd64.deb`;
    const control = buildDeb(pkg, join(base, filename));
    index += packagesEntry(control, join(base, filename), filename);
  }
  const dists = join(base, "dists", suite);
  const binary = join(dists, "main", "binary-amd64");
  mkdirSync(binary, { recursive: true });
  const sums = indexFiles(index, binary, "main/binary-amd64/");
  writeFileSync(
    join(dists, "Release"),
    release(
      [`Origin: ${origin}`, `Label: ${origin}`, `Suite: ${suite}`, `Codename: ${suite}`, "Components: main"],
      sums,
    ),
  );
  sign(dists, key);
}

/** A flat repository ("deb URL/ /"), as the openSUSE Build Service publishes. */
function flatRepo(base, origin, packages) {
  let index = "";
  for (const pkg of packages) {
    const filename = `amd64/${pkg.name}_${pkg.version}_amd64.deb`;
    const control = buildDeb(pkg, join(base, filename));
    index += packagesEntry(control, join(base, filename), `./${filename}`);
  }
  const sums = indexFiles(index, base, "");
  writeFileSync(join(base, "Release"), release([`Origin: ${origin}`, `Label: ${origin}`], sums));
  sign(base);
}

// The test signing keys: the vendors' (HashiCorp, Wazuh, OBS) and the one standing in for Google's.
mkdirSync(gnupgHome, { recursive: true, mode: 0o700 });
function newKey(uid) {
  gpg(["--passphrase", "", "--quick-gen-key", uid, "ed25519", "sign", "never"]);
  return gpg(["--with-colons", "--list-keys", uid])
    .split("\n")
    .find((line) => line.startsWith("fpr:"))
    .split(":")[9];
}
const fingerprint = newKey("gcp-security-baseline host harness <harness@invalid>");
const googleFingerprint = newKey(
  "gcp-security-baseline host harness: Google Cloud packages <google@invalid>",
);
const publicKey = gpg(["--armor", "--export", fingerprint]);
// Binary keyrings (apt reads a .gpg file as an OpenPGP keyring): the image's Google Cloud packages keyring, and
// the vendor key as a keyring that holds another key than the one Google's repository is signed with.
const googleKeyring = join(gnupgHome, "google-cloud-packages-archive-keyring.gpg");
const vendorKeyring = join(gnupgHome, "vendor-keyring.gpg");
execFileSync("gpg", [
  "--homedir",
  gnupgHome,
  "--batch",
  "--yes",
  "--output",
  googleKeyring,
  "--export",
  googleFingerprint,
]);
execFileSync("gpg", [
  "--homedir",
  gnupgHome,
  "--batch",
  "--yes",
  "--output",
  vendorKeyring,
  "--export",
  fingerprint,
]);

const files = (host, path) => join(out, host, path);
const put = (host, path, data) => {
  mkdirSync(dirname(files(host, path)), { recursive: true });
  writeFileSync(files(host, path), data);
};

// Wazuh: repository (both versions, so a changed wazuh.version upgrades), key, and the plain downloads.
distRepo(files("packages.wazuh.com", "4.x/apt"), "stable", "Wazuh", [
  ...WAZUH_VERSIONS.flatMap(wazuhPackages),
  filebeatPackage(),
]);
put("packages.wazuh.com", "key/GPG-KEY-WAZUH", publicKey);
const downloads = {};
const moduleDir = mkdtempSync(join(tmpdir(), "filebeat-module-"));
for (const fileset of ["alerts", "archives"]) {
  // A stand-in for Wazuh's Filebeat module: the layout Filebeat loads (manifest, input, ingest pipeline).
  const dir = join(moduleDir, "wazuh", fileset);
  mkdirSync(join(dir, "config"), { recursive: true });
  mkdirSync(join(dir, "ingest"), { recursive: true });
  writeFileSync(
    join(dir, "manifest.yml"),
    `module_version: 0.1\nvar:\n  - name: paths\n    default:\n      - /var/ossec/logs/${fileset}/${fileset}.json\n` +
      `ingest_pipeline: ingest/pipeline.json\ninput: config/${fileset}.yml\n`,
  );
  writeFileSync(
    join(dir, "config", `${fileset}.yml`),
    "type: log\npaths:\n{{ range $i, $path := .paths }}\n - {{$path}}\n{{ end }}\n",
  );
  writeFileSync(
    join(dir, "ingest", "pipeline.json"),
    `{"description": "stand-in ${fileset} pipeline", "processors": []}\n`,
  );
}
writeFileSync(join(moduleDir, "wazuh", "module.yml"), "- module: wazuh\n");
const moduleTar = join(moduleDir, "..", `${moduleDir.split("/").at(-1)}.tar.gz`);
execFileSync("tar", [
  "--owner=0",
  "--group=0",
  "--sort=name",
  "--mtime=2024-01-01",
  "-czf",
  moduleTar,
  "-C",
  moduleDir,
  "wazuh",
]);
put("packages.wazuh.com", "4.x/filebeat/wazuh-filebeat-0.4.tar.gz", readFileSync(moduleTar));
downloads["https://packages.wazuh.com/4.x/filebeat/wazuh-filebeat-0.4.tar.gz"] = sha256(
  readFileSync(moduleTar),
);
rmSync(moduleDir, { recursive: true, force: true });
rmSync(moduleTar, { force: true });
for (const version of WAZUH_VERSIONS) {
  const template = JSON.stringify(
    {
      order: 0,
      index_patterns: ["wazuh-alerts-4.x-*", "wazuh-archives-4.x-*"],
      settings: { "index.refresh_interval": "5s" },
      mappings: { _meta: { standin: `wazuh ${version}` } },
    },
    null,
    2,
  );
  const path = `wazuh/wazuh/v${version}/extensions/elasticsearch/7.x/wazuh-template.json`;
  put("raw.githubusercontent.com", path, template);
  downloads[`https://raw.githubusercontent.com/${path}`] = sha256(template);
}

// Zeek: the OBS flat repository and its key.
const zeekBase = files("downloadcontent.opensuse.org", "repositories/security:/zeek/Debian_12");
flatRepo(zeekBase, "obs://build.opensuse.org/security:zeek/Debian_12", zeekPackages());
put("downloadcontent.opensuse.org", "repositories/security:/zeek/Debian_12/Release.key", publicKey);
// The same Release signed by another key (the Google stand-in's) than the one served as Release.key: what the
// harness serves for a repository whose signer is not the key the sensor fetched (a Zeek failing step).
gpg([
  "--local-user",
  googleFingerprint,
  "--clearsign",
  "--output",
  join(zeekBase, "InRelease.other-signer"),
  join(zeekBase, "Release"),
]);
gpg([
  "--local-user",
  googleFingerprint,
  "--armor",
  "--detach-sign",
  "--output",
  join(zeekBase, "Release.gpg.other-signer"),
  join(zeekBase, "Release"),
]);

// Vault (HashiCorp) and the Ops Agent (Google): only for the Vault node's test, which brings a real Vault binary.
const vaultBinary = process.env.BASELINE_VAULT_BINARY;
if (vaultBinary) {
  const version = /^Vault v(\d+\.\d+\.\d+)/.exec(
    execFileSync(vaultBinary, ["version"], { encoding: "utf8" }),
  )[1];
  distRepo(files("apt.releases.hashicorp.com", ""), "bookworm", "HashiCorp", [vaultPackage(version)]);
  put("apt.releases.hashicorp.com", "gpg", publicKey);
  // Google's repository of Ops Agent major release 2 for bookworm, signed by the Google stand-in key; no key
  // file is served (packages.cloud.google.com/apt/doc/apt-key.gpg is a 404 here).
  distRepo(
    files("packages.cloud.google.com", "apt"),
    "google-cloud-ops-agent-bookworm-2",
    "Google",
    [opsAgentPackage()],
    googleFingerprint,
  );
}

process.stdout.write(JSON.stringify({ fingerprint, downloads, googleKeyring, vendorKeyring }) + "\n");
