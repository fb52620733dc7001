import { createHash } from "node:crypto";
import { WAZUH_ENROLMENT_SECRET_ID, renderBaselineConfig } from "./agent";
import {
  renderNoninteractiveApt,
  renderPinnedInstall,
  renderWazuhRepository,
  wazuhPackageVersion,
} from "./apt";
import { renderStepTracing } from "../../cmp/boot-steps";
import { renderWazuhArchiveInstall } from "./archive";
import { ZEEK_RULES_FILE, renderZeekWazuhRules } from "../zeek/wazuh-rules";
import {
  FETCH_PINNED_FUNCTION,
  type PinnedDownload,
  UNRECORDED_DIGEST,
  type WazuhManagerDownloads,
  wazuhManagerDownloads,
} from "./downloads";

/** Filebeat OSS build that Wazuh 4.x ships in its repository to forward alerts to the indexer. */
const FILEBEAT_VERSION = "7.10.2-1";
/** Where the manager's state lives: on the data disk, bind-mounted over the package's /var/ossec. */
export const WAZUH_MANAGER_PATHS = {
  dataDir: "/srv/wazuh",
  ossecOnDataDisk: "/srv/wazuh/ossec",
  certificates: "/srv/wazuh/wazuh-certificates.tar",
  passwords: "/srv/wazuh/wazuh-passwords.txt",
  /** Where the documentation sends operators: a link to the file on the data disk. */
  passwordsLink: "/root/wazuh-passwords.txt",
  markerDir: "/var/lib/gcp-security-baseline",
} as const;
/** Default users of the Wazuh indexer (its internal_users.yml) and of the Wazuh server API, all rotated. */
export const WAZUH_INDEXER_USERS = [
  "admin",
  "kibanaserver",
  "kibanaro",
  "logstash",
  "readall",
  "snapshotrestore",
];
export const WAZUH_API_USERS = ["wazuh-wui", "wazuh"];
/** The manager VM's services that read or write the data disk: none starts before it is mounted. */
export const WAZUH_DATA_DISK_SERVICES = [
  "wazuh-indexer.service",
  "wazuh-manager.service",
  "filebeat.service",
  "wazuh-dashboard.service",
];

export interface WazuhManagerScriptProps {
  readonly version: string;
  /** Device name of the data disk (found at /dev/disk/by-id/google-<name>). */
  readonly dataDeviceName: string;
  /** Pinned downloads; defaults to the digests recorded for `version` (downloads.ts). */
  readonly downloads?: WazuhManagerDownloads;
}

/**
 * The manager VM's boot script, run by Compute Engine on every boot from the `startup-script` metadata key:
 * Wazuh's documented step-by-step all-in-one installation from its Debian packages (indexer, server with
 * Filebeat, dashboard) at a pinned version, with the manager's whole state on the data disk.
 *
 * - The data disk (formatted only when blank) holds the indexer's data, the deployment's certificates (a
 *   private root CA made once with openssl, as Wazuh's certificates tool makes it), the rotated passwords and,
 *   bind-mounted over /var/ossec, the manager itself (agent keys, databases, configuration): a rebuilt boot
 *   disk reinstalls the packages and finds everything again, re-owned to the service users by name (a newer
 *   image can number them differently). Indexer, manager, Filebeat and dashboard start only with the data
 *   disk mounted (RequiresMountsFor drop-ins; the fstab lines are nofail).
 * - Every default password (indexer users, API users wazuh and wazuh-wui) is replaced once per deployment;
 *   the passwords go to the data disk (root only) and into the keystores that need them.
 * - The Zeek sensors' events are kept by the baseline's rules (ZEEK_RULES_FILE, checked with analysisd -t).
 * - The agent enrolment password is created once and stored in Secret Manager, where agents read it.
 * - A run completes by writing a marker named after the script's digest, so the next boot with the same
 *   script does nothing, and a changed script (new settings, another `wazuh.version`) runs again: every step
 *   is idempotent, and a changed version upgrades in the order Wazuh's upgrade guide gives (indexer with
 *   shard allocation paused, then manager and Filebeat files, then dashboard).
 * - Every boot installs the daily archive job (archive.ts) when the instance metadata declares one.
 * - Any failing command stops the script, naming the step it was in.
 */
export function renderWazuhManagerScript(props: WazuhManagerScriptProps): string {
  const packageVersion = wazuhPackageVersion(props.version);
  const downloads = props.downloads ?? wazuhManagerDownloads(props.version);
  const body = renderBody(props, packageVersion, downloads);
  const digest = createHash("sha256").update(body).digest("hex").slice(0, 16);
  return body.replace(DIGEST_PLACEHOLDER, digest);
}

const DIGEST_PLACEHOLDER = "@SCRIPT_DIGEST@";
const P = WAZUH_MANAGER_PATHS;

function pinned(download: PinnedDownload, dest: string): string {
  return `fetch_pinned '${download.what}' ${download.url} ${download.sha256 ?? UNRECORDED_DIGEST} ${dest}`;
}

function renderBody(
  props: WazuhManagerScriptProps,
  packageVersion: string,
  downloads: WazuhManagerDownloads,
): string {
  return `#!/bin/bash
# Wazuh ${props.version} all-in-one: indexer, server (manager + Filebeat) and dashboard on this VM.
# Rendered by gcp-security-baseline (constructs/mon/wazuh/manager-script.ts); runs on every boot.
${renderStepTracing("wazuh-manager boot script")}

readonly PACKAGE_VERSION=${packageVersion}
readonly DATA_DEVICE=/dev/disk/by-id/google-${props.dataDeviceName}
readonly DATA_DIR=${P.dataDir}
readonly OSSEC_ON_DATA_DISK=${P.ossecOnDataDisk}
readonly CERTS_TAR=${P.certificates}
readonly PASSWORDS_FILE=${P.passwords}
readonly DONE_MARKER=${P.markerDir}/wazuh-manager-${DIGEST_PLACEHOLDER}.done
readonly ENROLMENT_SECRET=${WAZUH_ENROLMENT_SECRET_ID}
${renderNoninteractiveApt()}

metadata() {
  curl -fsS -H 'Metadata-Flavor: Google' "http://metadata.google.internal/computeMetadata/v1/$1"
}

begin "data disk"
for _ in $(seq 60); do
  [ -e "$DATA_DEVICE" ] && break
  sleep 2
done
if [ -z "$(blkid -o value -s TYPE "$DATA_DEVICE" || true)" ]; then
  mkfs.ext4 -m 0 -E lazy_itable_init=0,lazy_journal_init=0,discard -L wazuh-data "$DATA_DEVICE"
fi
data_uuid="$(blkid -o value -s UUID "$DATA_DEVICE")"
if ! grep -q "^UUID=$data_uuid " /etc/fstab; then
  echo "UUID=$data_uuid $DATA_DIR ext4 discard,defaults,nofail 0 2" >> /etc/fstab
fi
mkdir -p "$DATA_DIR"
mountpoint -q "$DATA_DIR" || mount "$DATA_DIR"
# The manager's state (agent keys, queues, databases, configuration) lives on the data disk: the package
# installs into /var/ossec, which is this directory of the data disk.
mkdir -p "$OSSEC_ON_DATA_DISK" /var/ossec
if ! grep -q "^$OSSEC_ON_DATA_DISK /var/ossec " /etc/fstab; then
  echo "$OSSEC_ON_DATA_DISK /var/ossec none bind,nofail,x-systemd.requires-mounts-for=$DATA_DIR 0 0" >> /etc/fstab
fi
mountpoint -q /var/ossec || mount /var/ossec
ln -sfn "$PASSWORDS_FILE" ${P.passwordsLink}
# The fstab lines are nofail (a missing data disk does not stop the boot), so each service that reads or writes
# the data disk waits for both mounts and does not start without them, rather than on the boot disk's empty
# directories.
for unit in ${WAZUH_DATA_DISK_SERVICES.join(" ")}; do
  mkdir -p "/etc/systemd/system/$unit.d"
  cat > "/etc/systemd/system/$unit.d/data-disk.conf" <<DROPIN
[Unit]
RequiresMountsFor=$DATA_DIR /var/ossec
DROPIN
done

${renderWazuhArchiveInstall()}

if [ -f "$DONE_MARKER" ]; then
  echo "Wazuh manager: this script already completed on this boot disk ($DONE_MARKER); nothing to do"
  exit 0
fi

begin "instance metadata"
node_ip="$(metadata instance/network-interfaces/0/ip)"
project="$(metadata project/project-id)"

begin "Wazuh repository"
${renderWazuhRepository()}

${FETCH_PINNED_FUNCTION}

# installed_version PACKAGE: the installed version, empty when the package is not installed.
installed_version() {
  { dpkg -s "$1" 2>/dev/null || true; } | awk '/^Status: / { ok = / installed$/ } /^Version: / { v = $2 } END { if (ok) print v }'
}

# stored_password KIND USER: the rotated password recorded on the data disk (empty before rotation).
stored_password() {
  [ -f "$PASSWORDS_FILE" ] || return 0
  awk -v kind="$1" -v user="$2" '$1 == kind && $2 == user { print $3 }' "$PASSWORDS_FILE"
}

# new_password: 26 random letters and digits plus the classes Wazuh's password policy requires.
new_password() {
  printf '%s%s' "$(openssl rand -base64 64 | tr -dc 'A-Za-z0-9' | cut -c1-26)" 'Aa1.*'
}

begin "certificates"
# The deployment's root CA and node certificates, made once and kept on the data disk (a rebuilt boot disk
# keeps talking to the existing indexer data). Subjects and extensions as Wazuh's certificates tool makes them
# (the indexer's default opensearch.yml names CN=admin and CN=node-1 with these attributes).
# ossl ARGS: openssl, its key-generation chatter shown only when it fails.
ossl() {
  local out
  out="$(openssl "$@" 2>&1)" || {
    echo "$out" >&2
    return 1
  }
}
make_certificates() {
  local dir="$1" ip="$2" name
  ossl req -x509 -new -nodes -newkey rsa:2048 -keyout "$dir/root-ca.key" -out "$dir/root-ca.pem" \\
    -batch -subj '/OU=Wazuh/O=Wazuh/L=California/' -days 3650
  ossl genrsa -out "$dir/admin-key-temp.pem" 2048
  ossl pkcs8 -inform PEM -outform PEM -in "$dir/admin-key-temp.pem" -topk8 -nocrypt -out "$dir/admin-key.pem"
  ossl req -new -key "$dir/admin-key.pem" -out "$dir/admin.csr" -batch \\
    -subj '/C=US/L=California/O=Wazuh/OU=Wazuh/CN=admin'
  ossl x509 -days 3650 -req -in "$dir/admin.csr" -CA "$dir/root-ca.pem" -CAkey "$dir/root-ca.key" \\
    -CAcreateserial -sha256 -out "$dir/admin.pem"
  for name in node-1 wazuh-1 dashboard; do
    cat > "$dir/$name.conf" <<CONF
[ req ]
prompt = no
default_bits = 2048
default_md = sha256
distinguished_name = req_distinguished_name
x509_extensions = v3_req

[ req_distinguished_name ]
C = US
L = California
O = Wazuh
OU = Wazuh
CN = $name

[ v3_req ]
authorityKeyIdentifier = keyid,issuer
basicConstraints = CA:FALSE
keyUsage = digitalSignature, nonRepudiation, keyEncipherment, dataEncipherment
subjectAltName = @alt_names

[ alt_names ]
IP.1 = $ip
CONF
    ossl req -new -nodes -newkey rsa:2048 -keyout "$dir/$name-key.pem" -out "$dir/$name.csr" -config "$dir/$name.conf"
    ossl x509 -req -in "$dir/$name.csr" -CA "$dir/root-ca.pem" -CAkey "$dir/root-ca.key" -CAcreateserial \\
      -out "$dir/$name.pem" -extfile "$dir/$name.conf" -extensions v3_req -days 3650
  done
  rm -f "$dir"/*.csr "$dir"/*.srl "$dir"/*.conf "$dir/admin-key-temp.pem"
}
if [ ! -f "$CERTS_TAR" ]; then
  work="$(mktemp -d)"
  make_certificates "$work" "$node_ip"
  (umask 077 && tar -cf "$CERTS_TAR.tmp" -C "$work" .)
  mv "$CERTS_TAR.tmp" "$CERTS_TAR"
  rm -rf "$work"
fi
chmod 600 "$CERTS_TAR"

# deploy_certs DIR NODE NAME OWNER [EXTRA...]: unpack NODE's certificate as NAME.pem and NAME-key.pem.
deploy_certs() {
  local dir="$1" node="$2" name="$3" owner="$4"
  shift 4
  mkdir -p "$dir"
  tar -xf "$CERTS_TAR" -C "$dir" "./$node.pem" "./$node-key.pem" ./root-ca.pem "$@"
  if [ "$node" != "$name" ]; then
    mv -f "$dir/$node.pem" "$dir/$name.pem"
    mv -f "$dir/$node-key.pem" "$dir/$name-key.pem"
  fi
  chmod 500 "$dir"
  chmod 400 "$dir"/*
  chown -R "$owner" "$dir"
}

# indexer API with the admin user (the rotated password once there is one), verified against the root CA.
indexer_api() {
  local method="$1" path="$2" admin_password
  shift 2
  admin_password="$(stored_password indexer admin)"
  [ -n "$admin_password" ] || admin_password="admin"
  curl -fsS --cacert /etc/wazuh-indexer/certs/root-ca.pem -u "admin:$admin_password" \\
    -X "$method" -H 'Content-Type: application/json' "https://$node_ip:9200$path" "$@"
}

begin "Wazuh indexer"
indexer_before="$(installed_version wazuh-indexer)"
upgrading=""
if [ -n "$indexer_before" ] && [ "$indexer_before" != "$PACKAGE_VERSION" ]; then
  upgrading="$indexer_before"
  echo "upgrading Wazuh from $indexer_before to $PACKAGE_VERSION"
  systemctl stop filebeat wazuh-dashboard
  indexer_api PUT /_cluster/settings -d '{"persistent":{"cluster.routing.allocation.enable":"primaries"}}'
  indexer_api POST /_flush
  systemctl stop wazuh-indexer
fi
${renderPinnedInstall(["wazuh-indexer"], props.version)}
mkdir -p "$DATA_DIR/indexer"
# The indexer's data is all the indexer's, re-owned by name all the way down: a boot disk rebuilt from a newer
# image can number the wazuh-indexer user differently from the disk that wrote the data.
find "$DATA_DIR/indexer" \\( ! -user wazuh-indexer -o ! -group wazuh-indexer \\) -exec chown -h wazuh-indexer:wazuh-indexer {} +
sed -i "s|^network.host:.*|network.host: \\"$node_ip\\"|; s|^path.data:.*|path.data: $DATA_DIR/indexer|" /etc/wazuh-indexer/opensearch.yml
deploy_certs /etc/wazuh-indexer/certs node-1 indexer wazuh-indexer:wazuh-indexer ./admin.pem ./admin-key.pem
systemctl daemon-reload
systemctl enable wazuh-indexer
systemctl restart wazuh-indexer
for _ in $(seq 60); do
  curl -s -o /dev/null --cacert /etc/wazuh-indexer/certs/root-ca.pem "https://$node_ip:9200" && break
  sleep 5
done
if [ ! -f "$DATA_DIR/indexer-security-initialized" ]; then
  /usr/share/wazuh-indexer/bin/indexer-security-init.sh
  touch "$DATA_DIR/indexer-security-initialized"
fi
if [ -n "$upgrading" ]; then
  indexer_api PUT /_cluster/settings -d '{"persistent":{"cluster.routing.allocation.enable":"all"}}'
fi

begin "Wazuh server"
${renderPinnedInstall(["wazuh-manager"], props.version)}
# The manager's state belongs to root or to wazuh (user and group). What belongs to neither was wazuh's under
# the numbering of the boot disk that wrote it (a rebuilt disk's newer image can shift system user ids).
find /var/ossec ! -user root ! -user wazuh -exec chown -h wazuh {} +
find /var/ossec ! -group root ! -group wazuh -exec chgrp -h wazuh {} +
sed -i "s|https://0.0.0.0:9200|https://$node_ip:9200|" /var/ossec/etc/ossec.conf
# Agents enrol only with the password (Wazuh: "Using password authentication").
sed -i 's|<use_password>no</use_password>|<use_password>yes</use_password>|' /var/ossec/etc/ossec.conf
grep -q '<use_password>yes</use_password>' /var/ossec/etc/ossec.conf
${renderBaselineConfig({ localfiles: [], role: "manager" })}
# Rules that keep the Zeek sensors' events (without them the json decoder reads each line and nothing keeps
# it), checked by analysisd before the manager restarts with them.
cat > ${ZEEK_RULES_FILE}.new <<'ZEEK_RULES'
${renderZeekWazuhRules()}
ZEEK_RULES
chown wazuh:wazuh ${ZEEK_RULES_FILE}.new
chmod 660 ${ZEEK_RULES_FILE}.new
mv -f ${ZEEK_RULES_FILE}.new ${ZEEK_RULES_FILE}
/var/ossec/bin/wazuh-analysisd -t
# Vulnerability detection includes the manager's own host (Wazuh: vulnerability-detection.disable_scan_manager).
touch /var/ossec/etc/local_internal_options.conf
sed -i '/^vulnerability-detection\\.disable_scan_manager=/d' /var/ossec/etc/local_internal_options.conf
echo 'vulnerability-detection.disable_scan_manager=0' >> /var/ossec/etc/local_internal_options.conf

begin "agent enrolment password"
password_file="$(mktemp)"
if gcloud secrets versions access latest --project="$project" --secret="$ENROLMENT_SECRET" > "$password_file" && [ -s "$password_file" ]; then
  echo "enrolment password read from Secret Manager ($ENROLMENT_SECRET)"
else
  if [ -s /var/ossec/etc/authd.pass ]; then
    cp /var/ossec/etc/authd.pass "$password_file"
  else
    new_password > "$password_file"
  fi
  gcloud secrets versions add "$ENROLMENT_SECRET" --project="$project" --data-file="$password_file"
fi
install -m 0640 -o root -g wazuh "$password_file" /var/ossec/etc/authd.pass
rm -f "$password_file"

begin "Filebeat"
apt-get install -y --allow-change-held-packages filebeat=${FILEBEAT_VERSION}
apt-mark hold filebeat
dollar='$'
cat > /etc/filebeat/filebeat.yml <<FILEBEAT
# Wazuh - Filebeat configuration file (Wazuh's template, written by gcp-security-baseline)
output.elasticsearch:
  hosts: ["$node_ip:9200"]
  protocol: https
  username: $dollar{username}
  password: $dollar{password}
  ssl.certificate_authorities:
    - /etc/filebeat/certs/root-ca.pem
  ssl.certificate: "/etc/filebeat/certs/filebeat.pem"
  ssl.key: "/etc/filebeat/certs/filebeat-key.pem"
setup.template.json.enabled: true
setup.template.json.path: '/etc/filebeat/wazuh-template.json'
setup.template.json.name: 'wazuh'
setup.ilm.overwrite: true
setup.ilm.enabled: false

filebeat.modules:
  - module: wazuh
    alerts:
      enabled: true
    archives:
      enabled: false

logging.level: info
logging.to_files: true
logging.files:
  path: /var/log/filebeat
  name: filebeat
  keepfiles: 7
  permissions: 0644

logging.metrics.enabled: false

seccomp:
  default_action: allow
  syscalls:
  - action: allow
    names:
    - rseq
FILEBEAT
chmod 600 /etc/filebeat/filebeat.yml
${pinned(downloads.template, "/etc/filebeat/wazuh-template.json")}
module_tar="$(mktemp)"
${pinned(downloads.filebeatModule, '"$module_tar"')}
rm -rf /usr/share/filebeat/module/wazuh
tar -xzf "$module_tar" -C /usr/share/filebeat/module
rm -f "$module_tar"
deploy_certs /etc/filebeat/certs wazuh-1 filebeat root:root

begin "Wazuh dashboard"
${renderPinnedInstall(["wazuh-dashboard"], props.version)}
sed -i "s|^opensearch.hosts:.*|opensearch.hosts: https://$node_ip:9200|" /etc/wazuh-dashboard/opensearch_dashboards.yml
deploy_certs /etc/wazuh-dashboard/certs dashboard dashboard wazuh-dashboard:wazuh-dashboard

begin "start services"
systemctl daemon-reload
systemctl enable wazuh-manager filebeat wazuh-dashboard
systemctl restart wazuh-manager

begin "rotate default passwords"
# Once per deployment, user by user, each recorded as soon as it is changed (a run that stops half-way goes on
# where it stopped). Indexer users through the admin certificate, API users through the API's own admin.
tool=/usr/share/wazuh-indexer/plugins/opensearch-security/tools/wazuh-passwords-tool.sh
(umask 077 && touch "$PASSWORDS_FILE")
for user in ${WAZUH_INDEXER_USERS.join(" ")}; do
  if [ -z "$(stored_password indexer "$user")" ]; then
    password="$(new_password)"
    bash "$tool" -u "$user" -p "$password"
    echo "indexer $user $password" >> "$PASSWORDS_FILE"
  fi
done
for user in ${WAZUH_API_USERS.join(" ")}; do
  if [ -z "$(stored_password api "$user")" ]; then
    api_admin_password="$(stored_password api wazuh)"
    [ -n "$api_admin_password" ] || api_admin_password="wazuh"
    password="$(new_password)"
    bash "$tool" --api -u "$user" -p "$password" --admin-user wazuh --admin-password "$api_admin_password"
    echo "api $user $password" >> "$PASSWORDS_FILE"
  fi
done
chmod 600 "$PASSWORDS_FILE"

begin "keystores"
# Every component that logs in gets the rotated password (again on every run: a rebuilt boot disk has fresh
# keystores).
admin_password="$(stored_password indexer admin)"
filebeat keystore create --force
echo admin | filebeat keystore add username --stdin --force
echo "$admin_password" | filebeat keystore add password --stdin --force
echo admin | /var/ossec/bin/wazuh-keystore -f indexer -k username
echo "$admin_password" | /var/ossec/bin/wazuh-keystore -f indexer -k password
dashboard_keystore=/usr/share/wazuh-dashboard/bin/opensearch-dashboards-keystore
echo kibanaserver | "$dashboard_keystore" --allow-root add -f --stdin opensearch.username
stored_password indexer kibanaserver | "$dashboard_keystore" --allow-root add -f --stdin opensearch.password
wui_password="$(stored_password api wazuh-wui)"
sed -i "s|^\\( *password: \\).*|\\1\\"$wui_password\\"|" /usr/share/wazuh-dashboard/data/wazuh/config/wazuh.yml
systemctl restart wazuh-manager filebeat wazuh-dashboard

begin "done"
mkdir -p ${P.markerDir}
rm -f ${P.markerDir}/wazuh-manager-*.done
touch "$DONE_MARKER"
echo "Wazuh manager $PACKAGE_VERSION ready at https://$node_ip (dashboard) and $node_ip:1514/1515 (agents)"
`;
}
