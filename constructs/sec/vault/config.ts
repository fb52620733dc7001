import { attribute, block, renderHcl } from "../../../lib/hcl-writer";
import { VAULT_NODE_TAG, VAULT_PORTS } from "../../../shared/vault";
import { VAULT_PATHS } from "./layout";

export interface GcpKmsSeal {
  readonly project: string;
  /** Location of the key ring (Vault defaults to us-east-1 when it is left out). */
  readonly region: string;
  readonly keyRing: string;
  readonly cryptoKey: string;
}

export interface VaultServerConfigProps {
  readonly seal: GcpKmsSeal;
  /** Project and zones where raft auto-join looks for peers (by the Vault node network tag). */
  readonly autoJoin: { readonly project: string; readonly region: string };
  /** Name every node's certificate carries; joining nodes verify the leader against it. */
  readonly tlsServerName: string;
  readonly tlsMinVersion?: "tls12" | "tls13";
}

/**
 * Renders the Vault server configuration shared by every node: KMS auto-unseal, integrated storage that
 * joins peers found by network tag over verified TLS, a TLS-only listener, Prometheus telemetry and the UI.
 * Node-specific values (raft node id, api_addr, cluster_addr) are not in it: the boot script puts them in
 * the environment file the systemd unit reads, so one rendered text serves every node and can be checked.
 */
export function renderVaultConfig(props: VaultServerConfigProps): string {
  const { seal } = props;
  const header =
    "# Vault server configuration rendered by gcp-security-baseline (constructs/vault/config.ts). The raft node\n" +
    `# id and the advertised addresses come from ${VAULT_PATHS.environment}, written at boot.\n\n`;
  return (
    header +
    renderHcl([
      attribute("ui", true),
      attribute(
        "disable_mlock",
        true,
        "Vault's guidance for integrated storage: mlock would pin raft's memory-mapped BoltDB files in RAM and " +
          "exhaust memory as the data grows. The boot script turns swap off, so memory still never reaches disk.",
      ),
      block(
        "seal",
        ["gcpckms"],
        [
          attribute("project", seal.project),
          attribute("region", seal.region),
          attribute("key_ring", seal.keyRing),
          attribute("crypto_key", seal.cryptoKey),
        ],
      ),
      block(
        "storage",
        ["raft"],
        [
          attribute("path", VAULT_PATHS.raftData),
          block(
            "retry_join",
            [],
            [
              attribute("auto_join", gceAutoJoin(props.autoJoin.project, props.autoJoin.region)),
              attribute("auto_join_scheme", "https"),
              attribute("leader_tls_servername", props.tlsServerName),
              attribute("leader_ca_cert_file", VAULT_PATHS.tlsCa),
            ],
          ),
        ],
      ),
      block(
        "listener",
        ["tcp"],
        [
          attribute("address", `0.0.0.0:${VAULT_PORTS.api}`),
          attribute("cluster_address", `0.0.0.0:${VAULT_PORTS.cluster}`),
          attribute("tls_cert_file", VAULT_PATHS.tlsCert),
          attribute("tls_key_file", VAULT_PATHS.tlsKey),
          attribute("tls_min_version", props.tlsMinVersion ?? "tls12"),
        ],
      ),
      block(
        "telemetry",
        [],
        [attribute("prometheus_retention_time", "24h"), attribute("disable_hostname", true)],
      ),
    ])
  );
}

/** go-discover's GCE provider: instances of the project, in the region's zones, carrying the Vault tag. */
export function gceAutoJoin(project: string, region: string): string {
  return `provider=gce project_name=${project} zone_pattern=${region}-.* tag_value=${VAULT_NODE_TAG}`;
}
