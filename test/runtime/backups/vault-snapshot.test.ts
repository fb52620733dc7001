import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT, attributesOf, synthStack } from "../../support/synth";
import { type FakeGoogle, LocalVault, VAULT_BINARY, fakeGoogle, makeTls, runScript } from "./vault";
import { VAULT_CA_SECRETS } from "../../../shared/vault";

/*
 * The Vault raft snapshot job's script (scripts/backups/vault-snapshot.sh) against a REAL Vault 1.21.0 server
 * (raft storage, TLS verified with its CA) on loopback, then a real restore of the uploaded snapshot into a
 * fresh Vault. The raft-snapshot policy and the GCP auth role are the ones the prod vault-config stack
 * synthesizes. Stand-ins, and only these: the GCP login is replaced by a token with that role's policies and
 * token settings (Vault's GCP auth method verifies JWTs with Google's IAM API, which cannot run here);
 * Google's metadata server, Secret Manager and Cloud Storage upload API are a loopback fake (fakeGoogle) that
 * checks the bearer token and stores objects in a directory, refusing to replace one; the Cloud KMS
 * auto-unseal is a one-share Shamir seal.
 */
const SCRIPT = join(REPO_ROOT, "scripts", "backups", "vault-snapshot.sh");
/** The raft snapshot job's policy and GCP auth role, as the prod vault-config stack declares them. */
const vaultConfig = synthStack("prod-vault-config");
const [POLICY] = attributesOf(vaultConfig, "vault_policy").filter((p) => p.name === "raft-snapshot");
const [ROLE] = attributesOf(vaultConfig, "vault_gcp_auth_backend_role").filter(
  (r) => r.role === "raft-snapshot",
);
/** The vault stack's certificate-only secret, which the Vault nodes fill with the CA certificate. */
const CA_SECRET = `projects/acme-sec-prod/secrets/${VAULT_CA_SECRETS.certificate("acme-prod")}`;
const BUCKET = "acme-sec-prod-backups";

const suite = VAULT_BINARY ? describe : describe.skip;
if (!VAULT_BINARY) {
  process.stderr.write(
    'Vault snapshot tests skipped: VAULT_BINARY is not set (VAULT_BINARY="$(scripts/vault/build.sh)" npx jest test/runtime/backups)\n',
  );
}

suite("vault-snapshot.sh against a real Vault, and a restore of what it uploaded", () => {
  jest.setTimeout(180_000);
  let root: string;
  let source: LocalVault;
  let google: FakeGoogle;
  let keys: { unsealKey: string; rootToken: string };
  let snapshotToken: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "vault-snapshot-"));
    source = new LocalVault(join(root, "source"), "127.15.0.1", 18200);
    await source.start();
    keys = await source.initialise();
    source.ok(["secrets", "enable", "-path=secret", "kv-v2"], keys.rootToken);
    source.ok(["kv", "put", "secret/app/db", "password=before-the-snapshot"], keys.rootToken);
    expect(ROLE).toMatchObject({ type: "iam", token_policies: ["raft-snapshot"] });
    writeFileSync(join(root, "raft-snapshot.hcl"), POLICY.policy);
    source.ok(["policy", "write", "raft-snapshot", join(root, "raft-snapshot.hcl")], keys.rootToken);
    snapshotToken = roleToken();
    google = await fakeGoogle(join(root, "gcs"), { [CA_SECRET]: readFileSync(source.caFile, "utf8") });
  });

  afterAll(async () => {
    await google?.close();
    await source?.stop();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  /** A token as the GCP auth role issues one: its policies, no default policy, its TTLs and type. */
  const roleToken = (): string =>
    source.json(
      [
        "token",
        "create",
        ...ROLE.token_policies.map((p: string) => `-policy=${p}`),
        `-no-default-policy=${ROLE.token_no_default_policy === true}`,
        `-ttl=${ROLE.token_ttl}s`,
        `-explicit-max-ttl=${ROLE.token_max_ttl}s`,
        `-type=${ROLE.token_type}`,
      ],
      keys.rootToken,
    ).auth.client_token;

  const environment = (overrides: Record<string, string> = {}) => ({
    VAULT_ADDR: source.addr,
    VAULT_AUTH_ROLE: "raft-snapshot",
    CA_SECRET,
    BUCKET,
    PREFIX: "vault/",
    GOOGLE_APIS_URL: google.url,
    METADATA_URL: google.url,
    ...overrides,
  });
  const uploaded = () => {
    try {
      return readdirSync(join(google.root, BUCKET, "vault")).sort();
    } catch {
      return [];
    }
  };

  test("the raft-snapshot policy allows the snapshot and nothing of the secrets", () => {
    const capabilities = (path: string) =>
      source.ok(["token", "capabilities", snapshotToken, path], keys.rootToken).trim();
    expect(capabilities("sys/storage/raft/snapshot")).toBe("read");
    expect(capabilities("secret/data/app/db")).toBe("deny");
    expect(capabilities("sys/storage/raft/snapshot-force")).toBe("deny");
    // No default policy on the role's tokens: revoking itself is the one token operation granted.
    expect(capabilities("auth/token/revoke-self")).toBe("update");
    expect(capabilities("auth/token/create")).toBe("deny");
    expect(capabilities("auth/token/lookup-self")).toBe("deny");
  });

  test("saves, verifies and uploads a dated snapshot; a fresh Vault restored from it holds the secret", async () => {
    const run = await runScript(SCRIPT, environment({ VAULT_TOKEN: snapshotToken }));
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: "" });
    expect(run.result).toMatchObject({
      severity: "INFO",
      job: "vault-snapshot",
      result: "success",
      uri: expect.stringMatching(/^gs:\/\/acme-sec-prod-backups\/vault\/raft-\d{8}T\d{6}Z\.snap$/),
      index: expect.any(Number),
      bytes: expect.any(Number),
    });
    const name = run.result.uri.replace(`gs://${BUCKET}/`, "");
    expect(uploaded()).toEqual([name.replace("vault/", "")]);
    // The CA came from Secret Manager, the object was created only if absent (ifGenerationMatch=0).
    expect(google.requests).toEqual(
      expect.arrayContaining([
        "GET /computeMetadata/v1/instance/service-accounts/default/token",
        `GET /secretmanager.googleapis.com/v1/${CA_SECRET}/versions/latest:access`,
        `POST /storage.googleapis.com/upload/storage/v1/b/${BUCKET}/o?uploadType=media&ifGenerationMatch=0&name=${name.replace("/", "%2F")}`,
      ]),
    );
    // The role's tokens have no default policy; the synthesized raft-snapshot policy allows
    // auth/token/revoke-self, so the job revokes its token once the snapshot is saved, and Vault no longer knows it.
    expect(run.result.token_revoked).toBe(true);
    const lookup = source.cli(["token", "lookup", snapshotToken], keys.rootToken);
    expect(lookup.status).not.toBe(0);
    expect(lookup.stderr).toMatch(/bad token|invalid token/i);
    // Written after the snapshot: must not be in the restored copy.
    source.ok(["kv", "put", "secret/app/db", "password=after-the-snapshot"], keys.rootToken);

    const file = join(google.root, BUCKET, name);
    const inspected = source.json(["operator", "raft", "snapshot", "inspect", file]);
    expect(inspected.Meta.Index).toBe(run.result.index);

    // The drill, as after losing the source cluster (stopped: a restored node that can still reach the source's
    // raft peers follows them and is removed): a fresh, separately initialised Vault takes the snapshot
    // (-force: another cluster's), seals, opens with the source's unseal key and serves the source's token and
    // data as of the snapshot, itself the only raft voter.
    await source.stop();
    const fresh = new LocalVault(join(root, "fresh"), "127.15.0.2", 18210);
    try {
      await fresh.start();
      const freshKeys = await fresh.initialise();
      expect(fresh.cli(["kv", "get", "secret/app/db"], freshKeys.rootToken).status).not.toBe(0);
      fresh.ok(["operator", "raft", "snapshot", "restore", "-force", file], freshKeys.rootToken);
      await fresh.waitFor("the restored node to seal", () => {
        const status = fresh.cli(["status", "-format=json"]);
        return status.stdout !== "" && JSON.parse(status.stdout).sealed === true;
      });
      await fresh.unseal(keys.unsealKey, keys.rootToken);
      const secret = fresh.json(["kv", "get", "secret/app/db"], keys.rootToken);
      expect(secret.data.data).toEqual({ password: "before-the-snapshot" });
      // The fresh cluster's own root token did not survive: the restored data is the source's.
      expect(fresh.cli(["token", "lookup"], freshKeys.rootToken).status).not.toBe(0);
      const peers = fresh.json(["operator", "raft", "list-peers"], keys.rootToken);
      expect(
        peers.data.config.servers.map((p: { node_id: string; voter: boolean }) => [p.node_id, p.voter]),
      ).toEqual([["node-18210", true]]);
    } finally {
      await fresh.stop();
      await source.start();
      await source.unseal(keys.unsealKey, keys.rootToken);
    }
  });

  test("without auth/token/revoke-self in the policy, the snapshot still succeeds and the line says the token lives on", async () => {
    // The synthesized policy minus its revoke-self rule (as it was before): the result line must not claim a
    // revocation Vault refused.
    const snapshotOnly = POLICY.policy.replace(/# [^\n]*\npath "auth\/token\/revoke-self" \{[^}]*\}\n/, "");
    expect(snapshotOnly).not.toContain("revoke-self");
    expect(snapshotOnly).toContain('path "sys/storage/raft/snapshot"');
    writeFileSync(join(root, "snapshot-only.hcl"), snapshotOnly);
    source.ok(["policy", "write", "raft-snapshot-only", join(root, "snapshot-only.hcl")], keys.rootToken);
    const token = source.json(
      ["token", "create", "-policy=raft-snapshot-only", "-no-default-policy", "-ttl=900s"],
      keys.rootToken,
    ).auth.client_token;
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const run = await runScript(SCRIPT, environment({ VAULT_TOKEN: token }));
    expect(run.result).toMatchObject({ result: "success", token_revoked: false });
    const left = source.json(["token", "lookup", token], keys.rootToken).data;
    expect(left.policies).toEqual(["raft-snapshot-only"]);
  });

  test("a token without the raft-snapshot policy gets nothing uploaded, and a failure line says why", async () => {
    const before = uploaded();
    const weak = source.json(["token", "create", "-policy=default"], keys.rootToken).auth.client_token;
    const run = await runScript(SCRIPT, environment({ VAULT_TOKEN: weak }));
    expect(run.status).toBe(1);
    expect(run.result).toMatchObject({ severity: "ERROR", job: "vault-snapshot", result: "failure" });
    expect(run.result.message).toContain("Vault refused or interrupted the snapshot");
    expect(run.result.detail).toContain("403");
    expect(uploaded()).toEqual(before);
  });

  test("a Vault whose certificate another CA signed is refused before any token is sent", async () => {
    const before = uploaded();
    makeTls(join(root, "other-ca"), "127.15.0.1", "Some other CA");
    const token = roleToken();
    const run = await runScript(
      SCRIPT,
      environment({ VAULT_TOKEN: token, VAULT_CACERT: join(root, "other-ca", "ca.pem") }),
    );
    expect(run.status).toBe(1);
    expect(run.result.message).toContain("Vault refused or interrupted the snapshot");
    expect(run.result.detail).toMatch(/certificate/i);
    expect(uploaded()).toEqual(before);
  });

  test("an object the bucket stores differently from the verified snapshot fails the run", async () => {
    const token = roleToken();
    google.corruptMd5 = "AAAAAAAAAAAAAAAAAAAAAA==";
    try {
      // A new second: a new object name.
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const run = await runScript(SCRIPT, environment({ VAULT_TOKEN: token }));
      expect(run.status).toBe(1);
      expect(run.result.message).toContain("the stored object's MD5 differs from the verified snapshot's");
    } finally {
      google.corruptMd5 = undefined;
    }
  });

  test("the GCP login: a JWT for vault/<role>, signed as the job's account, sent to the GCP auth method's role", async () => {
    // The real GCP auth method with the role as the vault-config stack declares it (iam type, bound to the
    // writer account): Vault accepts it; it then refuses the stand-in's signature, which no Google key made.
    source.ok(["auth", "enable", "gcp"], keys.rootToken);
    const settings = Object.entries(ROLE)
      // Terraform's own keys (meta-arguments, the mount and name) are not settings of the role.
      .filter(
        ([key]) =>
          !["//", "backend", "role", "depends_on", "provider", "lifecycle", "count", "for_each"].includes(
            key,
          ),
      )
      .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join(",") : String(value)}`);
    source.ok(["write", "auth/gcp/role/raft-snapshot", ...settings], keys.rootToken);
    expect(source.json(["read", "auth/gcp/role/raft-snapshot"], keys.rootToken).data).toMatchObject({
      type: "iam",
      bound_service_accounts: ["vault-snapshot-writer@acme-sec-prod.iam.gserviceaccount.com"],
      token_policies: ["raft-snapshot"],
    });
    const before = uploaded();
    const started = Math.floor(Date.now() / 1000);
    const run = await runScript(SCRIPT, environment());
    expect(run.status).toBe(1);
    expect(run.result.message).toContain("Vault refused the GCP login (role raft-snapshot)");
    expect(google.signed).toHaveLength(1);
    const [claims] = google.signed;
    expect(claims).toMatchObject({
      sub: "vault-snapshot-writer@acme-sec-prod.iam.gserviceaccount.com",
      aud: "vault/raft-snapshot",
    });
    expect(claims.exp).toBeGreaterThan(started + 500);
    expect(claims.exp).toBeLessThanOrEqual(started + 15 * 60);
    expect(uploaded()).toEqual(before);
  });

  test("an incomplete environment exits 2 before calling anything", async () => {
    const count = google.requests.length;
    for (const missing of ["VAULT_ADDR", "BUCKET", "PREFIX", "VAULT_AUTH_ROLE"]) {
      const run = await runScript(SCRIPT, environment({ [missing]: "" }));
      expect([run.status, run.result.message]).toEqual([2, `environment variable ${missing} is not set`]);
    }
    expect((await runScript(SCRIPT, environment({ PREFIX: "vault" }))).status).toBe(2);
    expect((await runScript(SCRIPT, environment({ VAULT_ADDR: "http://127.15.0.1:18200" }))).status).toBe(2);
    expect(google.requests.length).toBe(count);
  });
});
