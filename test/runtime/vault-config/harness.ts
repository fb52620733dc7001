import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { chownSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Attributes, type TerraformJson, synthStack } from "../../support/synth";

/** One resource of the synthesized vault-config stack: its Terraform type, logical name and attributes. */
export interface Declared {
  readonly type: string;
  readonly name: string;
  readonly attributes: Attributes;
}

/** The synthesized `<env>-vault-config` stack, read as Terraform JSON (what `npm start` writes). */
export class SynthesizedVaultConfig {
  readonly stack: TerraformJson;

  constructor(readonly stackName: string) {
    this.stack = synthStack(stackName);
  }

  all(type: string): Declared[] {
    return Object.entries(this.stack.resource?.[type] ?? {}).map(([name, attributes]) => ({
      type,
      name,
      attributes,
    }));
  }

  one(type: string, where: (a: Attributes) => boolean = () => true): Declared {
    const found = this.all(type).filter((r) => where(r.attributes));
    if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
    return found[0];
  }

  /**
   * A value with `${vault_x.name.attr}` references to this stack's resources replaced by the attribute they
   * name (as Terraform would after creating them); any other interpolation is an error.
   */
  resolve<T>(value: T): T {
    if (typeof value === "string") {
      const whole = /^\$\{(vault_\w+)\.([\w-]+)\.(\w+)\}$/.exec(value);
      if (whole) {
        const [, type, name, attribute] = whole;
        const target = this.stack.resource?.[type]?.[name];
        if (!target || target[attribute] === undefined) throw new Error(`cannot resolve ${value}`);
        return this.resolve(target[attribute]);
      }
      if (value.includes("${")) throw new Error(`unresolved interpolation in ${value}`);
      return value;
    }
    if (Array.isArray(value)) return value.map((v) => this.resolve(v)) as T;
    if (value && typeof value === "object")
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.resolve(v)])) as T;
    return value;
  }
}

/** Every Vault server started here, killed if the test process exits first. */
const started = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of started) child.kill("SIGKILL");
});

/** A dev-mode Vault (in-memory storage, one node) on loopback, driven through its HTTP API and its CLI. */
export class DevVault {
  readonly dir: string;
  readonly address: string;
  private child?: ChildProcess;

  constructor(
    readonly binary: string,
    readonly port: number,
    readonly rootToken = `root-${Math.random().toString(36).slice(2)}`,
  ) {
    this.dir = mkdtempSync(join(tmpdir(), "vault-config-"));
    this.address = `http://127.0.0.1:${port}`;
  }

  async start(): Promise<void> {
    const log = openSync(join(this.dir, "vault.log"), "a");
    this.child = spawn(
      this.binary,
      [
        "server",
        "-dev",
        `-dev-root-token-id=${this.rootToken}`,
        `-dev-listen-address=127.0.0.1:${this.port}`,
      ],
      { env: { PATH: process.env.PATH, HOME: this.dir }, stdio: ["ignore", log, log] },
    );
    started.add(this.child);
    this.child.on("exit", () => started.delete(this.child!));
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        const response = await fetch(`${this.address}/v1/sys/health`);
        if (response.status === 200) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`dev Vault did not start:\n${this.log()}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  log(): string {
    return readFileSync(join(this.dir, "vault.log"), "utf8").split("\n").slice(-30).join("\n");
  }

  /** One API call; returns status and parsed body (errors included, never thrown). */
  async api(
    method: string,
    path: string,
    body?: unknown,
    token = this.rootToken,
  ): Promise<{ status: number; body: Attributes }> {
    const response = await fetch(`${this.address}/v1/${path}`, {
      method,
      headers: { "X-Vault-Token": token, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : {} };
  }

  /** An API call that must succeed (2xx). */
  async ok(method: string, path: string, body?: unknown, token?: string): Promise<Attributes> {
    const result = await this.api(method, path, body, token);
    if (result.status >= 300)
      throw new Error(
        `${method} ${path}: ${result.status} ${JSON.stringify(result.body.errors ?? result.body)}`,
      );
    return result.body;
  }

  /** The Vault CLI against this server (`input` on its standard input, for `-` arguments). */
  cli(
    args: readonly string[],
    token = this.rootToken,
    input?: string,
  ): { status: number | null; stdout: string; stderr: string } {
    const result = spawnSync(this.binary, args, {
      env: { PATH: process.env.PATH, HOME: this.dir, VAULT_ADDR: this.address, VAULT_TOKEN: token },
      input,
      encoding: "utf8",
      timeout: 60_000,
    });
    return { status: result.status, stdout: result.stdout ?? "", stderr: result.stderr ?? "" };
  }

  /** The server's process id (what systemd's `reload vault` signals: ExecReload=kill --signal HUP $MAINPID). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  stop(): void {
    this.child?.kill("SIGKILL");
    if (process.env.VAULT_TEST_KEEP !== "1") rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Audit entries of one file device: one JSON object per line. */
export function auditEntries(file: string): Attributes[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line));
}

/** Writes PostgreSQL's host-based authentication: postgres trusted on loopback, everyone else by SCRAM. */
export function passwordAuthentication(dataDir: string): void {
  writeFileSync(
    join(dataDir, "pg_hba.conf"),
    [
      "local all postgres trust",
      "host all postgres 127.0.0.1/32 trust",
      "host all all 127.0.0.1/32 scram-sha-256",
      "",
    ].join("\n"),
  );
}

/** The PEM certificates of a server TLS set-up: the CA that signed the server's certificate, and an unrelated CA. */
export interface ServerTls {
  readonly ca: string;
  readonly otherCa: string;
}

/**
 * Turns TLS on in a local PostgreSQL the way Cloud SQL presents it: a server certificate signed by a CA of its
 * own (made here with openssl), naming `<project>:<instance>` rather than the address clients use, so only the
 * chain can be verified (sslmode=verify-ca), not the host name. Reloads the server.
 */
export function serverTls(pg: { data: string; sql(sql: string): string }, commonName: string): ServerTls {
  const dir = mkdtempSync(join(tmpdir(), "vault-config-tls-"));
  try {
    const openssl = (args: string[]) => {
      const result = spawnSync("openssl", args, { cwd: dir, encoding: "utf8", timeout: 60_000 });
      if (result.status !== 0) throw new Error(`openssl ${args[0]} failed: ${result.stderr}`);
    };
    const selfSigned = (name: string, cn: string) =>
      openssl(
        ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", `/CN=${cn}`].concat([
          "-keyout",
          `${name}.key`,
          "-out",
          `${name}.pem`,
        ]),
      );
    selfSigned("ca", "Test server CA");
    selfSigned("other", "Another CA");
    openssl(
      ["req", "-newkey", "rsa:2048", "-nodes", "-subj", `/CN=${commonName}`].concat([
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
      ]),
    );
    openssl(
      ["x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial"].concat([
        "-days",
        "2",
        "-out",
        "server.pem",
      ]),
    );
    const owner =
      process.getuid?.() === 0
        ? Number(spawnSync("id", ["-u", "postgres"], { encoding: "utf8" }).stdout)
        : undefined;
    for (const file of ["server.pem", "server.key"]) {
      writeFileSync(join(pg.data, file), readFileSync(join(dir, file)), { mode: 0o600 });
      if (owner !== undefined) chownSync(join(pg.data, file), owner, owner);
    }
    pg.sql(
      "ALTER SYSTEM SET ssl = on; ALTER SYSTEM SET ssl_cert_file = 'server.pem'; ALTER SYSTEM SET ssl_key_file = 'server.key';",
    );
    pg.sql("SELECT pg_reload_conf()");
    return {
      ca: readFileSync(join(dir, "ca.pem"), "utf8"),
      otherCa: readFileSync(join(dir, "other.pem"), "utf8"),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
