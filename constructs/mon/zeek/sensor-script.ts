import { type WazuhAgentInstallProps, renderWazuhAgentInstall } from "../wazuh/agent";
import { renderNoninteractiveApt } from "../wazuh/apt";
import { renderStepTracing } from "../../cmp/boot-steps";
import { zeekLocalfiles } from "./wazuh-rules";
import { HEALTH_CHECK_RANGES, IAP_TCP_FORWARDING_RANGE } from "../../../shared/google-ranges";

/** The Zeek team's Debian 12 packages on the openSUSE Build Service, from the download origin (no mirror redirects). */
export const ZEEK_OBS_REPOSITORY =
  "https://downloadcontent.opensuse.org/repositories/security:/zeek/Debian_12";
/** Port of the sensor's health endpoint (HTTP 200 while a zeek process runs, 503 otherwise). */
export const ZEEK_HEALTH_PORT = 8080;

/** The nftables table the sensor's host firewall lives in (replaced as a whole on every load). */
export const ZEEK_NFT_TABLE = "zeek_sensor";
/** The metadata server, which also answers DHCP on Compute Engine. */
const METADATA_SERVER = "169.254.169.254";

/**
 * The sensor's host firewall (/etc/nftables.conf, loaded by nftables.service at every boot), for the primary
 * NIC `iface` (a shell expression). Zeek reads mirrored copies from a packet socket, which the kernel feeds
 * before netfilter: nothing here touches them; they are addressed to other hosts, so they are only exempted
 * from connection tracking. Packets addressed to the sensor itself (its own address, the collector address the
 * health checks use) are accepted only as replies to its own connections, SSH from IAP, the health endpoint
 * from Google's health checkers, and DHCP from the metadata server; everything else arriving on the NIC is
 * dropped and counted.
 */
export function renderSensorNftables(iface: string): string {
  return [
    "#!/usr/sbin/nft -f",
    "# Host firewall of a Zeek sensor: rendered by gcp-security-baseline (constructs/mon/zeek/sensor-script.ts).",
    "# Zeek captures mirrored copies before netfilter; this guards only the sensor's own services.",
    `table inet ${ZEEK_NFT_TABLE}`,
    `delete table inet ${ZEEK_NFT_TABLE}`,
    `table inet ${ZEEK_NFT_TABLE} {`,
    "  chain prerouting {",
    "    type filter hook prerouting priority raw; policy accept;",
    "    # Mirrored copies are addressed to other hosts: no connection tracking for them.",
    `    iifname "${iface}" fib daddr type != { local, broadcast, multicast } notrack`,
    "  }",
    "  chain input {",
    "    type filter hook input priority filter; policy accept;",
    `    iifname != "${iface}" accept`,
    "    ct state established,related accept",
    `    ip saddr ${IAP_TCP_FORWARDING_RANGE} tcp dport 22 accept`,
    `    ip saddr { ${HEALTH_CHECK_RANGES.join(", ")} } tcp dport ${ZEEK_HEALTH_PORT} accept`,
    `    ip saddr ${METADATA_SERVER} udp sport 67 udp dport 68 accept`,
    "    icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert, nd-router-advert } accept",
    "    counter drop",
    "  }",
    "}",
  ].join("\n");
}

/** Answers one health-check connection (systemd socket activation): 200 while a zeek process runs. */
export const ZEEK_HEALTH_SCRIPT = [
  "#!/bin/bash",
  "read -r -t 2 _ || true",
  "if pgrep -x zeek >/dev/null; then",
  "  printf 'HTTP/1.0 200 OK\\r\\nContent-Type: text/plain\\r\\n\\r\\nzeek running\\n'",
  "else",
  "  printf 'HTTP/1.0 503 Service Unavailable\\r\\nContent-Type: text/plain\\r\\n\\r\\nzeek not running\\n'",
  "fi",
].join("\n");

export interface ZeekSensorScriptProps {
  /** A release-series package such as zeek-8.0 (OBS keeps only the latest build of each series). */
  readonly zeekPackage: string;
  /** The collector subnet: its own traffic (agents, health checks) is left out of the analysis. */
  readonly collectorCidr: string;
  readonly wazuh: Omit<WazuhAgentInstallProps, "localfiles">;
  /** Days zeekctl keeps archived logs (LogExpireInterval); they are shipped to Wazuh as they are written. */
  readonly logRetentionDays?: number;
}

/** Markers around the baseline's lines in local.zeek: replaced as a whole on every run. */
export const ZEEK_SITE_BEGIN = "# gcp-security-baseline: begin";
export const ZEEK_SITE_END = "# gcp-security-baseline: end";
/** Restarts a crashed Zeek through zeek.service, so the new process belongs to that unit (see the cron unit). */
export const ZEEK_WATCH_SCRIPT = [
  "#!/bin/bash",
  '# zeekctl status names a node that stopped unexpectedly "crashed".',
  "if /opt/zeek/bin/zeekctl status | grep -qw crashed; then",
  '  echo "zeek crashed; restarting zeek.service"',
  "  systemctl restart zeek.service",
  "fi",
].join("\n");

/**
 * Boot script of a Zeek sensor behind the packet-mirroring collector: installs the pinned Zeek series from
 * the OBS repository (trusted through its own keyring only) and holds every package of it, runs one standalone
 * node on the primary NIC with JSON logs, a capture filter excluding the collector subnet and checksum
 * validation off (mirrored copies carry the checksums NIC offloading left unfinished), guards the sensor's
 * own services with a host firewall (renderSensorNftables: SSH from IAP, health checks), expires archived logs
 * after `logRetentionDays`, serves a health endpoint that reflects whether Zeek runs, and ships the logs to
 * Wazuh through the agent (the logs the manager's Zeek rules keep: wazuh-rules.ts). Crashed nodes are restarted through zeek.service, never by `zeekctl cron` inside
 * the short-lived cron unit (systemd would kill the restarted node with that unit's processes). Runs on every
 * boot; steps are idempotent; a failing command stops it naming the step.
 */
export function renderZeekSensorScript(props: ZeekSensorScriptProps): string {
  if (!/^zeek-\d+\.\d+$/.test(props.zeekPackage)) {
    throw new Error(`zeekPackage must name a release series such as zeek-8.0, got "${props.zeekPackage}"`);
  }
  const retention = props.logRetentionDays ?? 7;
  if (!Number.isInteger(retention) || retention < 1) {
    throw new Error(`logRetentionDays must be a whole number of days, at least 1, got ${retention}`);
  }
  return `#!/bin/bash
# Zeek sensor (${props.zeekPackage}) for GCP Packet Mirroring, logs shipped to Wazuh.
# Rendered by gcp-security-baseline (constructs/mon/zeek/sensor-script.ts); runs on every boot.
${renderStepTracing("zeek-sensor boot script")}
${renderNoninteractiveApt()}
readonly ZEEK=/opt/zeek

begin "Zeek packages"
if ! dpkg -s ${props.zeekPackage} 2>/dev/null | grep -qE '^Status: (install|hold) ok installed$'; then
  apt-get update
  apt-get install -y --no-install-recommends ca-certificates curl gnupg
  curl -fsSL ${ZEEK_OBS_REPOSITORY}/Release.key | gpg --batch --yes --dearmor -o /usr/share/keyrings/zeek.gpg
  chmod 644 /usr/share/keyrings/zeek.gpg
  echo "deb [signed-by=/usr/share/keyrings/zeek.gpg] ${ZEEK_OBS_REPOSITORY}/ /" > /etc/apt/sources.list.d/zeek.list
  apt-get update
  apt-get install -y ${props.zeekPackage}
fi
# Hold every installed package that comes from the Zeek repository (the series meta-package depends on the
# core, zeekctl, zkg, ... packages of the same series: holding only the meta-package lets an upgrade move them).
held="$(mktemp)"
comm -12 \\
  <(cat /var/lib/apt/lists/*zeek*_Packages | sed -n 's/^Package: //p' | sort -u) \\
  <(dpkg -l | awk '$1 ~ /^[ih]i$/ { sub(/:.*/, "", $2); print $2 }' | sort -u) > "$held"
if ! grep -qx ${props.zeekPackage} "$held"; then
  echo "${props.zeekPackage} is not among the installed Zeek repository packages" >&2
  exit 1
fi
xargs apt-mark hold < "$held"
rm -f "$held"

begin "Zeek configuration"
# Mirrored packets arrive unencapsulated on the primary NIC.
iface="$(ip -o -4 route show to default | awk '{ print $5; exit }')"
cat > "$ZEEK/etc/node.cfg" <<NODE
[zeek]
type=standalone
host=localhost
interface=$iface
NODE

# zeekctl options: archived logs expire after ${retention} days (zeekctl keeps them forever by default).
set_zeekctl_option() {
  local cfg="$ZEEK/etc/zeekctl.cfg"
  if grep -qiE "^[[:space:]]*$1[[:space:]]*=" "$cfg"; then
    sed -i -E "s|^[[:space:]]*$1[[:space:]]*=.*|$1 = $2|I" "$cfg"
  else
    echo "$1 = $2" >> "$cfg"
  fi
}
set_zeekctl_option LogExpireInterval ${retention}day
set_zeekctl_option StatsLogExpireInterval ${retention}

site="$ZEEK/share/zeek/site/local.zeek"
sed -i '/^${ZEEK_SITE_BEGIN}$/,/^${ZEEK_SITE_END}$/d' "$site"
cat >> "$site" <<'SITE'
${ZEEK_SITE_BEGIN}
# JSON logs for Wazuh; the collector subnet's own traffic is not analysed; mirrored packets keep the checksums
# the sender's NIC would have filled in (offloading), so Zeek must not drop them as invalid.
redef LogAscii::use_json = T;
redef PacketFilter::default_capture_filter = "not net ${props.collectorCidr}";
redef ignore_checksums = T;
${ZEEK_SITE_END}
SITE

begin "host firewall"
# The sensor's own services: SSH from IAP and the health endpoint from the health checkers, nothing else.
if ! dpkg -s nftables 2>/dev/null | grep -q '^Status: install ok installed$'; then
  apt-get update
  apt-get install -y --no-install-recommends nftables
fi
cat > /etc/nftables.conf <<NFT
${renderSensorNftables("$iface")}
NFT
chmod 755 /etc/nftables.conf
nft -c -f /etc/nftables.conf
nft -f /etc/nftables.conf
systemctl enable nftables.service

begin "Zeek units"
cat > /etc/systemd/system/zeek.service <<'UNIT'
[Unit]
Description=Zeek network security monitor (zeekctl standalone node)
After=network-online.target
Wants=network-online.target

[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/opt/zeek/bin/zeekctl deploy
ExecStop=/opt/zeek/bin/zeekctl stop

[Install]
WantedBy=multi-user.target
UNIT

cat > /usr/local/sbin/zeek-watch <<'WATCH'
${ZEEK_WATCH_SCRIPT}
WATCH
chmod 755 /usr/local/sbin/zeek-watch
# zeekctl cron archives and expires logs every five minutes (Zeek's docs ask for it); --no-watch: it does not
# restart crashed nodes itself (they would run inside this oneshot unit and die with it): zeek-watch restarts
# them through zeek.service.
cat > /etc/systemd/system/zeekctl-cron.service <<'UNIT'
[Unit]
Description=Zeek housekeeping (zeekctl cron) and restart of a crashed node
After=zeek.service

[Service]
Type=oneshot
ExecStart=/opt/zeek/bin/zeekctl cron --no-watch
ExecStart=/usr/local/sbin/zeek-watch
UNIT
cat > /etc/systemd/system/zeekctl-cron.timer <<'UNIT'
[Unit]
Description=Run zeekctl cron every five minutes

[Timer]
OnCalendar=*:0/5

[Install]
WantedBy=timers.target
UNIT

# Health endpoint for the load balancer and autohealing: 200 while Zeek runs, 503 otherwise.
cat > /usr/local/sbin/zeek-health <<'HEALTH'
${ZEEK_HEALTH_SCRIPT}
HEALTH
chmod 755 /usr/local/sbin/zeek-health
cat > /etc/systemd/system/zeek-health.socket <<'UNIT'
[Unit]
Description=Zeek sensor health endpoint

[Socket]
ListenStream=${ZEEK_HEALTH_PORT}
Accept=yes

[Install]
WantedBy=sockets.target
UNIT
cat > /etc/systemd/system/zeek-health@.service <<'UNIT'
[Unit]
Description=Zeek sensor health response

[Service]
ExecStart=/usr/local/sbin/zeek-health
StandardInput=socket
StandardOutput=socket
UNIT

systemctl daemon-reload
systemctl enable --now zeekctl-cron.timer zeek-health.socket
systemctl enable zeek.service
systemctl restart zeek.service

begin "Wazuh agent"
${renderWazuhAgentInstall({ ...props.wazuh, localfiles: zeekLocalfiles() })}
`;
}
