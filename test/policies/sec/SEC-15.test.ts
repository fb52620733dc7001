import { SEC15VaultDbCredentialTtl } from "../../../policies/controls/sec/SEC-15-vault-db-credential-ttl";
import { expectFails, expectPasses, resultFor } from "../../support/control-fixtures";
import { type Stacks, prodScope } from "./fixture";
import { vaultConfigResource } from "./vault-config-fixture";

const role = (s: Stacks) => vaultConfigResource(s, "vault_database_secret_backend_role", "database_role-app");

function edited(edit: (attributes: Record<string, unknown>) => void) {
  let address = "";
  const scope = prodScope((s) => {
    const found = role(s);
    address = found.address;
    edit(found.attributes);
  });
  return { scope, address };
}

describe("SEC-15 Dynamic database credentials expire within an hour, and within a day at most", () => {
  test("passes the baseline: 3600 s, at most 14400 s", () => {
    const [result] = expectPasses(SEC15VaultDbCredentialTtl, prodScope());
    expect(result.message).toContain("credentials live 3600 s, at most 14400 s");
  });

  test("fails a role without TTLs (Vault's 32-day default)", () => {
    const { scope, address } = edited((a) => {
      delete a.default_ttl;
      delete a.max_ttl;
    });
    const [result] = expectFails(SEC15VaultDbCredentialTtl, scope, address);
    expect(result.message).toContain("default_ttl is not set");
    expect(result.message).toContain("max_ttl is not set");
  });

  test("fails TTLs above the bounds, and 0", () => {
    expectFails(SEC15VaultDbCredentialTtl, edited((a) => (a.default_ttl = 7200)).scope);
    expectFails(SEC15VaultDbCredentialTtl, edited((a) => (a.max_ttl = 172_800)).scope);
    const zero = edited((a) => (a.default_ttl = 0));
    expect(resultFor(SEC15VaultDbCredentialTtl, zero.scope, zero.address).message).toContain(
      "0 means the system default",
    );
  });

  test("a TTL from an expression is unknown", () => {
    const { scope, address } = edited((a) => (a.max_ttl = "${var.max_ttl}"));
    expect(resultFor(SEC15VaultDbCredentialTtl, scope, address).status).toBe("unknown");
  });
});
