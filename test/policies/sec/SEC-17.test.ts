import { SEC17VaultAuthRolesBound } from "../../../policies/controls/sec/SEC-17-vault-auth-roles-bound";
import { expectFails, expectPasses, resultFor } from "../../support/control-fixtures";
import { type Stacks, prodScope } from "./fixture";
import { addTo, vaultConfigResource } from "./vault-config-fixture";

const appRole = (s: Stacks) => vaultConfigResource(s, "vault_gcp_auth_backend_role", "gcp-auth_role-app_");

function edited(edit: (attributes: Record<string, unknown>) => void) {
  let address = "";
  const scope = prodScope((s) => {
    const found = appRole(s);
    address = found.address;
    edit(found.attributes);
  });
  return { scope, address };
}

describe("SEC-17 Every Vault login role is bound to specific identities and issues short-lived tokens", () => {
  test("passes the baseline: four GCP roles, each bound to one account, 900 s tokens", () => {
    const results = expectPasses(SEC17VaultAuthRolesBound, prodScope());
    expect(results).toHaveLength(4);
    const { scope, address } = edited(() => {});
    expect(resultFor(SEC17VaultAuthRolesBound, scope, address).evidence).toContainEqual({
      path: "bound_service_accounts",
      value: ["app-db@acme-sec-prod.iam.gserviceaccount.com"],
    });
  });

  test("fails a wildcard or missing service account, and a wildcard project", () => {
    const wildcard = edited((a) => (a.bound_service_accounts = ["*"]));
    expect(expectFails(SEC17VaultAuthRolesBound, wildcard.scope, wildcard.address)[0].message).toContain(
      "bound_service_accounts contains a wildcard",
    );
    const none = edited((a) => delete a.bound_service_accounts);
    expect(expectFails(SEC17VaultAuthRolesBound, none.scope, none.address)[0].message).toContain(
      "bound_service_accounts is empty",
    );
    const projects = edited((a) => (a.bound_projects = ["*"]));
    expectFails(SEC17VaultAuthRolesBound, projects.scope, projects.address);
  });

  test("fails long-lived and periodic tokens", () => {
    expectFails(SEC17VaultAuthRolesBound, edited((a) => delete a.token_ttl).scope);
    expectFails(SEC17VaultAuthRolesBound, edited((a) => (a.token_max_ttl = 2_764_800)).scope);
    const periodic = edited((a) => (a.token_period = 3600));
    expect(expectFails(SEC17VaultAuthRolesBound, periodic.scope, periodic.address)[0].message).toContain(
      "periodic token never expires",
    );
  });

  test("fails an OIDC role bound to no group, passes one bound to a group", () => {
    const scope = prodScope((s) =>
      addTo(s, "vault_jwt_auth_backend_role", {
        open: {
          role_name: "open",
          user_claim: "email",
          bound_audiences: ["id"],
          token_ttl: 900,
          token_max_ttl: 3600,
        },
        team: {
          role_name: "team",
          user_claim: "email",
          bound_audiences: ["id"],
          bound_claims: { groups: "platform-admins" },
          token_ttl: 900,
          token_max_ttl: 3600,
        },
      }),
    );
    expect(
      expectFails(SEC17VaultAuthRolesBound, scope, "vault_jwt_auth_backend_role.open")[0].message,
    ).toContain("neither bound_claims nor bound_subject");
    expect(resultFor(SEC17VaultAuthRolesBound, scope, "vault_jwt_auth_backend_role.team").status).toBe(
      "pass",
    );
  });
});
