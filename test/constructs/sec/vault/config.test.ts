import { parse } from "@cdktf/hcl2json";
import { gceAutoJoin, renderVaultConfig } from "../../../../constructs/sec/vault/config";
import { attribute, block, renderHcl } from "../../../../lib/hcl-writer";

const PROPS = {
  seal: {
    project: "acme-sec-prod",
    region: "europe-west2",
    keyRing: "acme-prod-primary",
    cryptoKey: "vault-unseal",
  },
  autoJoin: { project: "acme-sec-prod", region: "europe-west2" },
  tlsServerName: "vault.acme-prod.internal",
};

// A renderer, not a construct: the controls read its output where VaultCluster puts it (metadata vault-config),
// so cluster.test.ts proves the rendered configuration passes them (SEC-01 to SEC-03, SEC-07, SEC-08).
describe("renderVaultConfig", () => {
  test("parses as HCL with the seal, raft storage, TLS listener, telemetry and UI", async () => {
    const config = await parse("vault.hcl", renderVaultConfig(PROPS));
    expect(config).toEqual({
      ui: true,
      disable_mlock: true,
      seal: {
        gcpckms: [
          {
            project: "acme-sec-prod",
            region: "europe-west2",
            key_ring: "acme-prod-primary",
            crypto_key: "vault-unseal",
          },
        ],
      },
      storage: {
        raft: [
          {
            path: "/opt/vault/data",
            retry_join: [
              {
                auto_join:
                  "provider=gce project_name=acme-sec-prod zone_pattern=europe-west2-.* tag_value=vault-server",
                auto_join_scheme: "https",
                leader_tls_servername: "vault.acme-prod.internal",
                leader_ca_cert_file: "/opt/vault/tls/ca.pem",
              },
            ],
          },
        ],
      },
      listener: {
        tcp: [
          {
            address: "0.0.0.0:8200",
            cluster_address: "0.0.0.0:8201",
            tls_cert_file: "/opt/vault/tls/vault.pem",
            tls_key_file: "/opt/vault/tls/vault-key.pem",
            tls_min_version: "tls12",
          },
        ],
      },
      telemetry: [{ prometheus_retention_time: "24h", disable_hostname: true }],
    });
  });

  test("never disables TLS and never names node-specific values (they come from vault.env at boot)", () => {
    const text = renderVaultConfig(PROPS);
    expect(text).not.toMatch(/tls_disable|node_id|api_addr|cluster_addr\s*=/);
    expect(text).toContain(
      "# Vault's guidance for integrated storage: mlock would pin raft's memory-mapped BoltDB",
    );
  });

  test("accepts TLS 1.3 as the minimum", async () => {
    const config = await parse("vault.hcl", renderVaultConfig({ ...PROPS, tlsMinVersion: "tls13" }));
    expect(config.listener.tcp[0].tls_min_version).toBe("tls13");
  });

  test("keeps Terraform references (cross-stack key names) intact inside the HCL strings", async () => {
    const ring = "${data.terraform_remote_state.cross-stack-reference-input-prod-kms.outputs.ring_name}";
    const config = await parse(
      "vault.hcl",
      renderVaultConfig({ ...PROPS, seal: { ...PROPS.seal, keyRing: ring } }),
    );
    expect(config.seal.gcpckms[0].key_ring).toBe(ring);
  });

  test("auto-join looks for the Vault tag in the region's zones of the project", () => {
    expect(gceAutoJoin("p", "europe-west1")).toBe(
      "provider=gce project_name=p zone_pattern=europe-west1-.* tag_value=vault-server",
    );
  });
});

describe("renderHcl", () => {
  test("escapes quotes, backslashes and newlines in strings", async () => {
    const text = renderHcl([block("a", ['x"y'], [attribute("v", 'say "hi"\\\nbye')])]);
    expect(await parse("t.hcl", text)).toEqual({ a: { 'x"y': [{ v: 'say "hi"\\\nbye' }] } });
  });
});
