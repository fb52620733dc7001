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
  caCertificateSecret: "acme-prod-vault-ca-cert",
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
  const certificateDir = join(root, "sm", PROPS.project, PROPS.caCertificateSecret);
  const script = join(root, "vault-node-tls");
  const owner = `${process.getuid?.() ?? 0}:${process.getgid?.() ?? 0}`;
  const versionsOf = (dir: string) =>
    readdirSync(dir)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(a) - Number(b))
      .map((v) => readFileSync(join(dir, v), "utf8"));

  beforeAll(() => {
    mkdirSync(join(root, "bin"));
    copyFileSync(
      join(__dirname, "../../../runtime/vault/fake-gcloud.sh"),
      join(root, "bin", "gcloud-standin"),
    );
    // Secret Manager's `latest` alias (the newest version), which the shared stand-in does not resolve.
    writeFileSync(
      join(root, "bin", "gcloud"),
      [
        "#!/bin/bash",
        'if [ "$3" = access ] && [ "$4" = latest ]; then',
        '  for a in "$@"; do',
        '    case "$a" in --project=*) p="${a#--project=}" ;; --secret=*) s="${a#--secret=}" ;; esac',
        "  done",
        "  v=\"$(find \"$FAKE_SECRET_MANAGER/$p/$s\" -maxdepth 1 -type f -name '[0-9]*' ! -name '*.*' -printf '%f\\n' 2>/dev/null | sort -n | tail -n 1)\"",
        '  set -- "$1" "$2" "$3" "${v:-latest}" "${@:5}"',
        "fi",
        'exec "$(dirname "$0")/gcloud-standin" "$@"',
        "",
      ].join("\n"),
    );
    spawnSync("chmod", ["0755", join(root, "bin", "gcloud"), join(root, "bin", "gcloud-standin")]);
    mkdirSync(secretDir, { recursive: true });
    mkdirSync(certificateDir, { recursive: true });
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

  test("publishes the CA certificate, and never its key, to the certificate-only secret", () => {
    const published = versionsOf(certificateDir);
    // Racing nodes may each add it once; every version is the agreed CA's certificate, alone.
    expect(published.length).toBeGreaterThanOrEqual(1);
    const ca = readFileSync(join(root, "n1", "ca.pem"), "utf8");
    for (const version of published) {
      expect(version).toBe(ca);
      expect(version).not.toMatch(/PRIVATE KEY/);
      expect(version.match(/-----BEGIN /g)).toEqual(["-----BEGIN "]);
    }
    expect(openssl("x509", "-in", join(certificateDir, "1"), "-noout", "-subject").stdout).toMatch(
      /acme-prod Vault CA/,
    );
    // The bundle (certificate and key) stays in the CA secret only.
    expect(versionsOf(secretDir)[0]).toMatch(/PRIVATE KEY/);
  });

  test("adds no version while the secret's latest is the CA certificate; adds one when it is not", async () => {
    const before = versionsOf(certificateDir).length;
    expect((await issue("n3", "10.20.16.4", fqdn(3))).out).toBe("current");
    expect(versionsOf(certificateDir)).toHaveLength(before);
    // Someone (or a rotation) left something else as the latest version: the node puts the CA back on top.
    writeFileSync(join(certificateDir, String(before + 1)), "not the CA\n");
    const again = await issue("n3", "10.20.16.4", fqdn(3));
    expect(again.out).toBe("current");
    const after = versionsOf(certificateDir);
    expect(after).toHaveLength(before + 2);
    expect(after[after.length - 1]).toBe(readFileSync(join(root, "n3", "ca.pem"), "utf8"));
  }, 30_000);

  test("a node that cannot publish keeps its TLS and says so", async () => {
    rmSync(certificateDir, { recursive: true });
    try {
      const result = await issue("n3", "10.20.16.4", fqdn(3));
      expect([result.code, result.out]).toEqual([0, "current"]);
      expect(result.err).toContain(
        "warning: could not publish the Vault CA certificate to secret acme-prod-vault-ca-cert",
      );
    } finally {
      mkdirSync(certificateDir, { recursive: true });
    }
  }, 30_000);

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
    // No CA secret came back into being (the certificate-only secret is another secret, left as it was).
    expect(readdirSync(join(root, "sm", PROPS.project))).toEqual([PROPS.caCertificateSecret]);
  }, 30_000);
});
