import { spawn, spawnSync } from "node:child_process";
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cidrToOpenssl, renderVaultNodeTlsScript } from "../../../../constructs/sec/vault/node-tls";
import { shellcheck } from "../../../support/shellcheck";

const PROPS = {
  project: "acme-sec-prod",
  caSecret: "acme-prod-vault-tls-ca",
  serviceName: "vault.acme-prod.internal",
  caName: "acme-prod Vault CA",
  permittedDns: ["vault.acme-prod.internal", "c.acme-sec-prod.internal"],
  permittedRanges: ["10.20.16.0/24"],
};
const SCRIPT = renderVaultNodeTlsScript(PROPS);

describe("renderVaultNodeTlsScript", () => {
  test("passes shellcheck and holds no Terraform template syntax (it travels in a startup script)", () => {
    expect(shellcheck(SCRIPT)).toEqual([]);
    expect(SCRIPT).not.toMatch(/[$%]\{/);
  });

  test("creates a name-constrained CA only when the secret has none, and agrees on its oldest enabled version", () => {
    expect(SCRIPT).toContain(
      "readonly NAME_CONSTRAINTS='permitted;DNS:vault.acme-prod.internal,permitted;DNS:c.acme-sec-prod.internal," +
        "permitted;IP:10.20.16.0/255.255.255.0'",
    );
    expect(SCRIPT).toContain(
      'gcloud secrets versions list "$CA_SECRET" --project="$PROJECT" --filter="state=ENABLED" \\\n' +
        "    --sort-by=createTime --limit=1 --format='value(name.basename())'",
    );
    expect(SCRIPT).toContain('version="$(oldest_ca_version)" || return 1');
  });

  test("refuses a CA without name constraints, and converts ranges to OpenSSL's form", () => {
    expect(() => renderVaultNodeTlsScript({ ...PROPS, permittedRanges: [] })).toThrow("at least one");
    expect(cidrToOpenssl("10.20.16.0/24")).toBe("10.20.16.0/255.255.255.0");
    expect(cidrToOpenssl("127.0.0.1/32")).toBe("127.0.0.1/255.255.255.255");
    expect(cidrToOpenssl("10.0.0.0/9")).toBe("10.0.0.0/255.128.0.0");
    expect(() => cidrToOpenssl("10.0.0.0/33")).toThrow("expected an IPv4 range");
  });
});

/*
 * The script itself, run with bash and OpenSSL against a stand-in for gcloud (test/runtime/vault/fake-gcloud.sh)
 * that keeps the CA secret in a directory: what every node does at boot, without a Vault server.
 */
describe("vault-node-tls, run", () => {
  const root = mkdtempSync(join(tmpdir(), "vault-node-tls-"));
  const secretDir = join(root, "sm", PROPS.project, PROPS.caSecret);
  const script = join(root, "vault-node-tls");
  const owner = `${process.getuid?.() ?? 0}:${process.getgid?.() ?? 0}`;

  beforeAll(() => {
    mkdirSync(join(root, "bin"));
    copyFileSync(join(__dirname, "../../../runtime/vault/fake-gcloud.sh"), join(root, "bin", "gcloud"));
    spawnSync("chmod", ["0755", join(root, "bin", "gcloud")]);
    mkdirSync(secretDir, { recursive: true });
    writeFileSync(script, SCRIPT, { mode: 0o755 });
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  function issue(
    node: string,
    ip: string,
    ...names: string[]
  ): Promise<{ code: number; out: string; err: string }> {
    return new Promise((resolve) => {
      const child = spawn("bash", [script, ip, ...names], {
        env: {
          PATH: `${join(root, "bin")}:${process.env.PATH}`,
          FAKE_SECRET_MANAGER: join(root, "sm"),
          VAULT_TLS_DIR: join(root, node),
          VAULT_TLS_OWNER: owner,
        },
      });
      let out = "";
      let err = "";
      child.stdout.on("data", (d) => (out += d));
      child.stderr.on("data", (d) => (err += d));
      child.on("close", (code) => resolve({ code: code ?? -1, out: out.trim(), err }));
    });
  }

  const openssl = (...args: string[]) => spawnSync("openssl", args, { encoding: "utf8" });
  const fqdn = (n: number) => `vault-${n}.europe-west2-a.c.acme-sec-prod.internal`;

  test("three nodes booting at once race to create the CA and all end up with certificates from the oldest", async () => {
    const results = await Promise.all([1, 2, 3].map((n) => issue(`n${n}`, `10.20.16.${n + 1}`, fqdn(n))));
    expect(results.map((r) => [r.code, r.out])).toEqual([
      [0, "issued"],
      [0, "issued"],
      [0, "issued"],
    ]);
    const versions = readdirSync(secretDir)
      .filter((v) => /^\d+$/.test(v))
      .sort();
    expect(versions.length).toBeGreaterThanOrEqual(1);
    const oldest = readFileSync(join(secretDir, "1"), "utf8");
    for (const n of [1, 2, 3]) {
      const ca = readFileSync(join(root, `n${n}`, "ca.pem"), "utf8");
      expect(oldest.startsWith(ca.trim())).toBe(true);
      expect(
        openssl("verify", "-CAfile", join(root, `n${n}`, "ca.pem"), join(root, `n${n}`, "vault.pem")).status,
      ).toBe(0);
      // Only the node's own key and certificate and the CA certificate: the CA key never stays on the node.
      expect(readdirSync(join(root, `n${n}`)).sort()).toEqual(["ca.pem", "vault-key.pem", "vault.pem"]);
    }
    const cert = openssl(
      "x509",
      "-in",
      join(root, "n1", "vault.pem"),
      "-noout",
      "-ext",
      "subjectAltName",
    ).stdout;
    expect(cert).toContain(`IP Address:10.20.16.2, DNS:vault.acme-prod.internal, DNS:${fqdn(1)}`);
    const ca = openssl("x509", "-in", join(root, "n1", "ca.pem"), "-noout", "-text").stdout;
    expect(ca).toMatch(
      /Name Constraints: critical\s+Permitted:\s+DNS:vault\.acme-prod\.internal\s+DNS:c\.acme-sec-prod\.internal\s+IP:10\.20\.16\.0\/255\.255\.255\.0/,
    );
    expect(ca).toMatch(/Subject: CN ?= ?acme-prod Vault CA/);
  }, 60_000);

  test("keeps a current certificate, and reissues when the node's address changes", async () => {
    expect((await issue("n1", "10.20.16.2", fqdn(1))).out).toBe("current");
    const before = readFileSync(join(root, "n1", "vault.pem"), "utf8");
    expect((await issue("n1", "10.20.16.9", fqdn(1))).out).toBe("issued");
    expect(readFileSync(join(root, "n1", "vault.pem"), "utf8")).not.toBe(before);
  }, 30_000);

  test("refuses to certify an address outside the CA's range, leaving the current certificate in place", async () => {
    const before = readFileSync(join(root, "n2", "vault.pem"), "utf8");
    const result = await issue("n2", "192.168.1.5", fqdn(2));
    expect(result.code).toBe(1);
    expect(result.err).toContain("the Vault CA may not certify 192.168.1.5");
    expect(readFileSync(join(root, "n2", "vault.pem"), "utf8")).toBe(before);
  }, 30_000);

  test("fails rather than creating a CA when the secret cannot be listed", async () => {
    rmSync(secretDir, { recursive: true });
    const result = await new Promise<number>((resolve) => {
      // One attempt is enough to see the behaviour; the script retries 30 times 10 s apart.
      const child = spawn("timeout", ["5", "bash", script, "10.20.16.3", fqdn(3)], {
        env: {
          PATH: `${join(root, "bin")}:${process.env.PATH}`,
          FAKE_SECRET_MANAGER: join(root, "sm"),
          VAULT_TLS_DIR: join(root, "n4"),
          VAULT_TLS_OWNER: owner,
        },
      });
      child.on("close", (code) => resolve(code ?? -1));
    });
    expect(result).toBe(124); // still retrying when stopped
    expect(readdirSync(join(root, "sm", PROPS.project))).toEqual([]);
  }, 30_000);
});
