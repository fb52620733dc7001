import { renderPinnedInstall, renderWazuhRepository } from "./apt";

/** Filebeat OSS build that Wazuh 4.x ships in its repository to forward alerts to the indexer. */
const FILEBEAT_VERSION = "7.10.2-1";
const FILEBEAT_MODULE = "https://packages.wazuh.com/4.x/filebeat/wazuh-filebeat-0.4.tar.gz";

export interface WazuhManagerScriptProps {
  readonly version: string;
  /** Device name of the data disk (found at /dev/disk/by-id/google-<name>). */
  readonly dataDeviceName: string;
}

/**
 * The manager VM's boot script: Wazuh's documented step-by-step all-in-one installation from its Debian
 * packages (indexer, server with Filebeat, dashboard) at a pinned version. Certificates come from Wazuh's
 * own wazuh-certs-tool (a private root CA per deployment, kept on the data disk); the default passwords are
 * replaced with generated ones before the services are left running. Runs on every boot; installs once.
 */
export function renderWazuhManagerScript(props: WazuhManagerScriptProps): string {
  const release = props.version.split(".").slice(0, 2).join(".");
  return `#!/bin/bash
# Wazuh ${props.version} all-in-one: indexer, server (manager + Filebeat) and dashboard on this VM.
set -euo pipefail

readonly DATA_DEVICE=/dev/disk/by-id/google-${props.dataDeviceName}
readonly DATA_DIR=/srv/wazuh
readonly CERTS_TAR="$DATA_DIR/wazuh-certificates.tar"
readonly INSTALLED_MARKER=/var/lib/gcp-security-baseline/wazuh-${props.version}-installed
readonly PASSWORDS_FILE=/root/wazuh-passwords.txt

# The data disk holds the indexer's data and the deployment's certificates; format it only when blank.
if ! blkid "$DATA_DEVICE" >/dev/null 2>&1; then
  mkfs.ext4 -m 0 -E lazy_itable_init=0,lazy_journal_init=0,discard "$DATA_DEVICE"
fi
mkdir -p "$DATA_DIR"
if ! grep -q " $DATA_DIR " /etc/fstab; then
  echo "UUID=$(blkid -s UUID -o value "$DATA_DEVICE") $DATA_DIR ext4 discard,defaults,nofail 0 2" >> /etc/fstab
fi
mountpoint -q "$DATA_DIR" || mount "$DATA_DIR"

if [ -f "$INSTALLED_MARKER" ]; then
  exit 0
fi

node_ip="$(curl -fsS -H 'Metadata-Flavor: Google' http://metadata.google.internal/computeMetadata/v1/instance/network-interfaces/0/ip)"

${renderWazuhRepository()}

# Certificates: Wazuh's certificate tool, one private root CA for this deployment, kept on the data disk
# so a rebuilt boot disk keeps talking to the existing indexer data.
if [ ! -f "$CERTS_TAR" ]; then
  work="$(mktemp -d)"
  curl -fsSL https://packages.wazuh.com/${release}/wazuh-certs-tool.sh -o "$work/wazuh-certs-tool.sh"
  cat > "$work/config.yml" <<CONFIG
nodes:
  indexer:
    - name: node-1
      ip: "$node_ip"
  server:
    - name: wazuh-1
      ip: "$node_ip"
  dashboard:
    - name: dashboard
      ip: "$node_ip"
CONFIG
  (cd "$work" && bash ./wazuh-certs-tool.sh -A)
  tar -cf "$CERTS_TAR" -C "$work/wazuh-certificates/" .
  chmod 600 "$CERTS_TAR"
  rm -rf "$work"
fi

# deploy_certs DIR NODE NAME OWNER [EXTRA...]: unpack NODE's certificate as NAME.pem and NAME-key.pem.
deploy_certs() {
  local dir="$1" node="$2" name="$3" owner="$4"
  shift 4
  mkdir -p "$dir"
  tar -xf "$CERTS_TAR" -C "$dir" "./$node.pem" "./$node-key.pem" ./root-ca.pem "$@"
  mv -f "$dir/$node.pem" "$dir/$name.pem"
  mv -f "$dir/$node-key.pem" "$dir/$name-key.pem"
  chmod 500 "$dir"
  chmod 400 "$dir"/*
  chown -R "$owner" "$dir"
}

# Wazuh indexer (single node), data on the data disk.
${renderPinnedInstall(["wazuh-indexer"], props.version)}
mkdir -p "$DATA_DIR/indexer"
chown wazuh-indexer:wazuh-indexer "$DATA_DIR/indexer"
sed -i "s|^network.host:.*|network.host: \\"$node_ip\\"|; s|^path.data:.*|path.data: $DATA_DIR/indexer|" /etc/wazuh-indexer/opensearch.yml
deploy_certs /etc/wazuh-indexer/certs node-1 indexer wazuh-indexer:wazuh-indexer ./admin.pem ./admin-key.pem
systemctl daemon-reload
systemctl enable wazuh-indexer
systemctl start wazuh-indexer
/usr/share/wazuh-indexer/bin/indexer-security-init.sh

# Wazuh server: the manager, and Filebeat forwarding its alerts to the indexer.
${renderPinnedInstall(["wazuh-manager"], props.version)}
apt-get install -y filebeat=${FILEBEAT_VERSION}
apt-mark hold filebeat
curl -fsSL https://packages.wazuh.com/${release}/tpl/wazuh/filebeat/filebeat.yml -o /etc/filebeat/filebeat.yml
sed -i "s|127.0.0.1:9200|$node_ip:9200|" /etc/filebeat/filebeat.yml
curl -fsSL https://raw.githubusercontent.com/wazuh/wazuh/v${props.version}/extensions/elasticsearch/7.x/wazuh-template.json -o /etc/filebeat/wazuh-template.json
chmod go+r /etc/filebeat/wazuh-template.json
curl -fsSL ${FILEBEAT_MODULE} | tar -xz -C /usr/share/filebeat/module
deploy_certs /etc/filebeat/certs wazuh-1 filebeat root:root
filebeat keystore create --force
echo admin | filebeat keystore add username --stdin --force
echo admin | filebeat keystore add password --stdin --force
sed -i "s|https://0.0.0.0:9200|https://$node_ip:9200|" /var/ossec/etc/ossec.conf
echo admin | /var/ossec/bin/wazuh-keystore -f indexer -k username
echo admin | /var/ossec/bin/wazuh-keystore -f indexer -k password
systemctl daemon-reload
systemctl enable wazuh-manager filebeat
systemctl start wazuh-manager filebeat

# Wazuh dashboard on 443, reachable only through IAP TCP forwarding (see the firewall rules).
${renderPinnedInstall(["wazuh-dashboard"], props.version)}
sed -i "s|^opensearch.hosts:.*|opensearch.hosts: https://$node_ip:9200|" /etc/wazuh-dashboard/opensearch_dashboards.yml
deploy_certs /etc/wazuh-dashboard/certs dashboard dashboard wazuh-dashboard:wazuh-dashboard
systemctl daemon-reload
systemctl enable wazuh-dashboard
systemctl start wazuh-dashboard

# Replace every default password (indexer users and the API's wazuh / wazuh-wui). The tool updates Filebeat's
# and the dashboard's keystores; the indexer admin password is then set to a known value so the manager's
# own keystore can follow. Operators read the passwords as root over IAP SSH.
umask 077
admin_password="$(openssl rand -base64 32 | tr -dc 'A-Za-z0-9' | cut -c1-24)Aa1.*"
tool=/usr/share/wazuh-indexer/plugins/opensearch-security/tools/wazuh-passwords-tool.sh
bash "$tool" --api --change-all --admin-user wazuh --admin-password wazuh > "$PASSWORDS_FILE"
bash "$tool" -u admin -p "$admin_password" >> "$PASSWORDS_FILE"
echo "indexer admin password: $admin_password" >> "$PASSWORDS_FILE"
echo "$admin_password" | /var/ossec/bin/wazuh-keystore -f indexer -k password
systemctl restart wazuh-manager filebeat wazuh-dashboard

mkdir -p "$(dirname "$INSTALLED_MARKER")"
touch "$INSTALLED_MARKER"
`;
}
