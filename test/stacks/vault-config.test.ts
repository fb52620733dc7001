import { type Attributes, attributesOf, normalise, synthBaseline, synthStack } from "../support/synth";

describe("vault-config stack", () => {
  const stack = synthStack("prod-vault-config");

  test("is synthesized per environment, after the vault and data stacks", () => {
    const names = Object.keys(synthBaseline());
    expect(names).toEqual(expect.arrayContaining(["staging-vault-config", "prod-vault-config"]));
    const state = stack.data?.terraform_remote_state ?? {};
    expect(Object.keys(state).sort()).toEqual([
      "cross-stack-reference-input-prod-data",
      "cross-stack-reference-input-prod-vault",
    ]);
  });

  test("reaches Vault at the internal load balancer (or vault_address) over TLS with the deployment CA", () => {
    const [provider] = stack.provider!.vault as Attributes[];
    expect(provider.address).toMatch(
      /^\$\{coalesce\(var\.vault_address, "https:\/\/\$\{data\.terraform_remote_state\.cross-stack-reference-input-prod-vault\.outputs\.cross-stack-output-google_compute_addressvault_lb_address_\w+address\}:8200"\)\}$/,
    );
    expect(provider).toMatchObject({
      ca_cert_file: "${var.vault_ca_cert_file}",
      tls_server_name: "vault.acme-prod.internal",
      skip_tls_verify: false,
    });
    expect(provider.token).toBeUndefined(); // VAULT_TOKEN at apply time
  });

  test("gives the database connection only a write-only password from an ephemeral variable", () => {
    const variables = stack.variable as Record<string, Attributes>;
    expect(variables.vault_db_bootstrap_password).toMatchObject({ ephemeral: true, sensitive: true });
    const [connection] = attributesOf(stack, "vault_database_secret_backend_connection");
    expect(connection.postgresql).toMatchObject({
      username: "vault",
      password_wo: "${var.vault_db_bootstrap_password}",
      password_wo_version: 1,
    });
    expect(connection.postgresql.password).toBeUndefined();
    expect(connection.postgresql.connection_url).toMatch(
      /^postgresql:\/\/\{\{username\}\}:\{\{password\}\}@\$\{.*private_ip_address\}:5432\/app\?sslmode=verify-ca$/,
    );
    // The server's certificate is checked against the instance's own server CA (from the data stack).
    expect(connection.postgresql.tls_ca).toMatch(
      /^\$\{data\.terraform_remote_state\.cross-stack-reference-input-prod-data\.outputs\.cross-stack-output-google_sql_database_instancepostgres_instance_\w+server_ca_cert0cert\}$/,
    );
  });

  test("binds each GCP login role to one service account of the project", () => {
    const roles = attributesOf(stack, "vault_gcp_auth_backend_role").map((r) => [
      r.role,
      r.type,
      r.bound_service_accounts,
      r.token_policies,
    ]);
    roles.sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(roles).toEqual([
      ["app", "iam", ["app-db@acme-sec-prod.iam.gserviceaccount.com"], ["app"]],
      [
        "raft-snapshot",
        "iam",
        ["vault-snapshot-writer@acme-sec-prod.iam.gserviceaccount.com"],
        ["raft-snapshot"],
      ],
      ["reports", "iam", ["app-reports@acme-sec-prod.iam.gserviceaccount.com"], ["reports"]],
      ["reports-gce", "gce", ["app-reports@acme-sec-prod.iam.gserviceaccount.com"], ["reports"]],
    ]);
  });

  test("lets Vault's account mint tokens only for the impersonated accounts", () => {
    const creators = attributesOf(stack, "google_service_account_iam_member").filter(
      (m) => m.role === "roles/iam.serviceAccountTokenCreator",
    );
    expect(creators).toEqual([
      expect.objectContaining({
        service_account_id:
          "projects/acme-sec-prod/serviceAccounts/app-bq-reader@acme-sec-prod.iam.gserviceaccount.com",
        role: "roles/iam.serviceAccountTokenCreator",
      }),
    ]);
  });

  test("lets each workload's account sign its own login JWT (iam login), on itself only, nothing else", () => {
    const [role] = attributesOf(stack, "google_project_iam_custom_role").filter((r) =>
      String(r.role_id).endsWith("_vault_login_sign_jwt"),
    );
    expect(role).toMatchObject({
      project: "acme-sec-prod",
      role_id: "acme_prod_vault_login_sign_jwt",
      permissions: ["iam.serviceAccounts.signJwt"],
    });
    const name = Object.entries(stack.resource!.google_project_iam_custom_role).find(
      ([, r]) => r.role_id === role.role_id,
    )![0];
    const signers = attributesOf(stack, "google_service_account_iam_member")
      .filter((m) => m.role === `\${google_project_iam_custom_role.${name}.name}`)
      .map((m) => [m.service_account_id, m.member]);
    const account = (id: string) => `${id}@acme-sec-prod.iam.gserviceaccount.com`;
    // Every workload has an iam login role (app, reports); the raft snapshot job's grant is the backup stack's.
    expect(signers).toEqual(
      ["app-db", "app-reports"].map((id) => [
        `projects/acme-sec-prod/serviceAccounts/${account(id)}`,
        `serviceAccount:${account(id)}`,
      ]),
    );
  });

  test("creates the accounts no other stack owns, keyless, before Vault or IAM refer to them", () => {
    expect(
      attributesOf(stack, "google_service_account")
        .map((a) => a.account_id)
        .sort(),
    ).toEqual(["app-bq-reader", "app-reports"]);
    expect(attributesOf(stack, "google_service_account_key")).toEqual([]);
    const accounts = Object.keys(stack.resource!.google_service_account).map(
      (n) => `google_service_account.${n}`,
    );
    const after = (type: string) => attributesOf(stack, type).map((a) => a.depends_on as string[]);
    for (const dependsOn of [
      ...after("vault_gcp_auth_backend_role"),
      ...after("google_service_account_iam_member"),
    ])
      expect(dependsOn).toEqual(expect.arrayContaining(accounts));
    // Vault asks Google about an impersonated account when it is registered: its token-creator grant comes first.
    expect(after("vault_gcp_secret_impersonated_account")).toEqual([
      [expect.stringMatching(/^google_service_account_iam_member\.token-creator-app-bq-reader$/)],
    ]);
  });

  test("declares no OIDC method unless configured", () => {
    expect(attributesOf(stack, "vault_auth_backend")).toEqual([]);
  });

  test("matches the snapshot", () => {
    expect(normalise(stack)).toMatchSnapshot();
  });
});
