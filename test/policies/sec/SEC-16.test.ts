import { SEC16VaultKvVersions } from "../../../policies/controls/sec/SEC-16-vault-kv-versions";
import { expectFails, expectPasses, resultFor } from "../../support/control-fixtures";
import { prodScope } from "./fixture";
import { addTo, vaultConfigResource } from "./vault-config-fixture";

describe("SEC-16 Every KV secrets engine is version 2 with a bounded number of versions", () => {
  test("passes the baseline: kv version 2 keeping 10 versions", () => {
    const results = expectPasses(SEC16VaultKvVersions, prodScope());
    expect(results.map((r) => r.message)).toEqual([
      expect.stringContaining("KV v2 keeping at most 10 versions"),
    ]);
  });

  test("fails max_versions 0 (Vault's default) or above 100, and a mount without its config", () => {
    let address = "";
    const unbounded = prodScope((s) => {
      address = vaultConfigResource(s, "vault_mount", "kv_mount").address;
      vaultConfigResource(s, "vault_kv_secret_backend_v2", "kv_config").attributes.max_versions = 0;
    });
    expectFails(SEC16VaultKvVersions, unbounded, address);
    const many = prodScope((s) => {
      vaultConfigResource(s, "vault_kv_secret_backend_v2", "kv_config").attributes.max_versions = 1000;
    });
    expectFails(SEC16VaultKvVersions, many, address);
    const none = prodScope((s) => {
      delete s["prod-vault-config"].resource!.vault_kv_secret_backend_v2;
    });
    expect(resultFor(SEC16VaultKvVersions, none, address).message).toContain("no vault_kv_secret_backend_v2");
  });

  test("fails a KV version 1 mount", () => {
    const scope = prodScope((s) => addTo(s, "vault_mount", { legacy: { path: "secret", type: "kv" } }));
    const [result] = expectFails(SEC16VaultKvVersions, scope, "vault_mount.legacy");
    expect(result.message).toContain("KV version 1");
  });
});
