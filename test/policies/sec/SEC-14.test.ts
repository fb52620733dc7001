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

  test("fails a password inside the connection URL unless it is the {{username}}:{{password}} template", () => {
    let address = "";
    const scope = prodScope((s) => {
      const connection = vaultConfigResource(
        s,
        "vault_database_secret_backend_connection",
        "database_connection",
      );
      address = connection.address;
      // The baseline's URL (host from the data stack) with a literal password instead of the template.
      connection.attributes.postgresql.connection_url = String(
        connection.attributes.postgresql.connection_url,
      ).replace("{{password}}", "correct-horse");
      addTo(s, "vault_database_secret_backend_connection", {
        literal: {
          backend: "database",
          name: "literal",
          postgresql: {
            connection_url: "postgresql://vault:correct-horse@10.0.0.5:5432/app?sslmode=require",
          },
        },
        half: {
          backend: "database",
          name: "half",
          postgresql: { connection_url: "postgresql://{{username}}:${var.pw}@10.0.0.6:5432/app" },
        },
        user: {
          backend: "database",
          name: "user",
          postgresql: { connection_url: "postgresql://vault@10.0.0.7:5432/app", username: "vault" },
        },
      });
    });
    const [result] = expectFails(SEC14VaultNoPlaintextSecrets, scope, address);
    expect(result.message).toBe(
      `${address}: sets postgresql.connection_url (password in the URL): the value lands in Terraform state`,
    );
    expect(JSON.stringify([result.message, result.evidence])).not.toContain("correct-horse");
    const literal = expectFails(
      SEC14VaultNoPlaintextSecrets,
      scope,
      "vault_database_secret_backend_connection.literal",
    );
    expect(literal[0].evidence).toEqual([
      { path: "postgresql.connection_url (password in the URL)", value: "(set: 13 characters, not shown)" },
    ]);
    expect(
      resultFor(SEC14VaultNoPlaintextSecrets, scope, "vault_database_secret_backend_connection.half"),
    ).toMatchObject({
      status: "fail",
      evidence: [
        {
          path: "postgresql.connection_url (password in the URL)",
          value: "(set from an expression: the value lands in state)",
        },
      ],
    });
    // A user name alone is no secret; the baseline's template passes (first test).
    expect(
      resultFor(SEC14VaultNoPlaintextSecrets, scope, "vault_database_secret_backend_connection.user").status,
    ).toBe("pass");
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
