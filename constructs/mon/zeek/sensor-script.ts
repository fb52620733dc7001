import { type WazuhAgentInstallProps, renderWazuhAgentInstall } from "../wazuh/agent";

/** openSUSE Build Service project where the Zeek team publishes its Debian 12 packages. */
export const ZEEK_OBS_REPOSITORY = "https://download.opensuse.org/repositories/security:/zeek/Debian_12";
/** Zeek's JSON logs, which the Wazuh agent on the sensor ships to the manager. */
export const ZEEK_LOG_GLOB = "/opt/zeek/logs/current/*.log";
/** Port of the sensor's health endpoint (HTTP 200 while a zeek process runs, 503 otherwise). */
export const ZEEK_HEALTH_PORT = 8080;

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
}

/**
 * Boot script of a Zeek sensor behind the packet-mirroring collector: installs the pinned Zeek series from
 * the OBS repository (trusted through its own keyring only), runs one standalone node on the primary NIC
 * with JSON logs and a capture filter excluding the collector subnet, serves a health endpoint that reflects
 * whether Zeek runs, and ships the logs to Wazuh through the agent. Runs on every boot; steps are idempotent.
 */
export function renderZeekSensorScript(props: ZeekSensorScriptProps): string {
  if (!/^zeek-\d+\.\d+$/.test(props.zeekPackage)) {
    throw new Error(`zeekPackage must name a release series such as zeek-8.0, got "${props.zeekPackage}"`);
  }
  return `#!/bin/bash
# Zeek sensor (${props.zeekPackage}) for GCP Packet Mirroring, logs shipped to Wazuh.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
readonly ZEEK=/opt/zeek

if ! dpkg-query -W ${props.zeekPackage} >/dev/null 2>&1; then
  apt-get update
  apt-get install -y --no-install-recommends ca-certificates curl gnupg
  curl -fsSL ${ZEEK_OBS_REPOSITORY}/Release.key | gpg --batch --yes --dearmor -o /usr/share/keyrings/zeek.gpg
  chmod 644 /usr/share/keyrings/zeek.gpg
  echo "deb [signed-by=/usr/share/keyrings/zeek.gpg] ${ZEEK_OBS_REPOSITORY}/ /" > /etc/apt/sources.list.d/zeek.list
  apt-get update
  apt-get install -y ${props.zeekPackage}
  apt-mark hold ${props.zeekPackage}
fi

# Mirrored packets arrive unencapsulated on the primary NIC.
iface="$(ip -o -4 route show to default | awk '{ print $5; exit }')"
cat > "$ZEEK/etc/node.cfg" <<NODE
[zeek]
type=standalone
host=localhost
interface=$iface
NODE

site="$ZEEK/share/zeek/site/local.zeek"
if ! grep -q "gcp-security-baseline" "$site"; then
  cat >> "$site" <<'SITE'

# gcp-security-baseline: JSON logs for Wazuh; the collector subnet's own traffic is not analysed.
redef LogAscii::use_json = T;
redef PacketFilter::default_capture_filter = "not net ${props.collectorCidr}";
SITE
fi

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

# zeekctl cron restarts crashed nodes and archives logs; Zeek's docs ask for it every five minutes.
cat > /etc/systemd/system/zeekctl-cron.service <<'UNIT'
[Unit]
Description=Zeek housekeeping (zeekctl cron)

[Service]
Type=oneshot
ExecStart=/opt/zeek/bin/zeekctl cron
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

${renderWazuhAgentInstall({ ...props.wazuh, localfiles: [{ location: ZEEK_LOG_GLOB, logFormat: "json" }] })}
`;
}
