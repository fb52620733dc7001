import { SEC14VaultNoPlaintextSecrets } from "../../../policies/controls/sec/SEC-14-vault-no-plaintext-secrets";
import { expectFails, expectPasses, resultFor, statuses } from "../../support/control-fixtures";
import { environmentStacks } from "../../support/environment";
import { after, prodScope } from "./fixture";
import { addTo, vaultConfigResource } from "./vault-config-fixture";

describe("SEC-14 No secret value in any Vault resource Terraform keeps", () => {
  test("passes the baseline: the database password is write-only, from an ephemeral variable", () => {
    const results = expectPasses(SEC14VaultNoPlaintextSecrets, prodScope());
    expect(results.length).toBeGreaterThan(10);
    const connection = vaultConfigResource(
      environmentStacks("prod"),
      "vault_database_secret_backend_connection",
      "database_connection",
    );
    expect(connection.attributes.postgresql.password_wo).toBe("${var.vault_db_bootstrap_password}");
    expect(connection.attributes.postgresql.password).toBeUndefined();
  });

  test("fails KV secrets, generic secrets and tokens declared in Terraform, and data sources reading secrets", () => {
    const change = (s: Parameters<Parameters<typeof after>[1]>[0]) => {
      addTo(s, "vault_kv_secret_v2", {
        app: { mount: "kv", name: "workloads/app/api", data_json: '{"key":"hunter2"}' },
      });
      addTo(s, "vault_generic_secret", { legacy: { path: "secret/x", data_json: '{"a":"b"}' } });
      addTo(s, "vault_token", { ci: { policies: ["app"] } });
      addTo(s, "vault_kv_secret_v2", { read: { mount: "kv", name: "workloads/app/api" } }, "data");
    };
    const failing = statuses(after(SEC14VaultNoPlaintextSecrets, change)).filter((r) => r.endsWith("fail"));
    expect(failing).toEqual([
      "vault_kv_secret_v2.app: fail",
      "vault_generic_secret.legacy: fail",
      "vault_token.ci: fail",
      "data.vault_kv_secret_v2.read: fail",
    ]);
    expectFails(SEC14VaultNoPlaintextSecrets, prodScope(change), "vault_kv_secret_v2.app");
  });

  test("fails a plaintext database password and an OIDC client secret, naming the path, never the value", () => {
    let address = "";
    const scope = prodScope((s) => {
      const connection = vaultConfigResource(
        s,
        "vault_database_secret_backend_connection",
        "database_connection",
      );
      address = connection.address;
      connection.attributes.postgresql.password = "correct-horse";
      addTo(s, "vault_jwt_auth_backend", {
        people: {
          path: "oidc",
          type: "oidc",
          oidc_client_id: "id",
          oidc_client_secret: "${var.client_secret}",
        },
      });
    });
    const [result] = expectFails(SEC14VaultNoPlaintextSecrets, scope, address);
    expect(result.message).toContain("sets postgresql.password");
    expect(JSON.stringify([result.message, result.evidence])).not.toContain("correct-horse");
    expect(resultFor(SEC14VaultNoPlaintextSecrets, scope, "vault_jwt_auth_backend.people")).toMatchObject({
      status: "fail",
      evidence: [{ path: "oidc_client_secret", value: "(set from an expression: the value lands in state)" }],
    });
  });
});
