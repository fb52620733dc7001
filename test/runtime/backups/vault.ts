import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { connect } from "node:net";
import { dirname, join } from "node:path";

/** The Vault server binary (scripts/vault/build.sh prints its path); unset skips the tests that need it. */
export const VAULT_BINARY = process.env.VAULT_BINARY;

const started = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of started) child.kill("SIGKILL");
});

function run(command: string, args: string[], cwd: string): void {
  const result = spawnSync(command, args, { cwd, encoding: "utf8", timeout: 60_000 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")}: ${result.stderr}`);
}

/** A CA and a server certificate for `ip` (and `localhost`), made with openssl in `dir`: ca.pem, server.pem, server-key.pem. */
export function makeTls(dir: string, ip: string, caName = "Test Vault CA"): void {
  mkdirSync(dir, { recursive: true });
  run("openssl", ["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ca-key.pem"], dir);
  run(
    "openssl",
    ["req", "-x509", "-new", "-key", "ca-key.pem", "-days", "2", "-subj", `/CN=${caName}`, "-out", "ca.pem"],
    dir,
  );
  run("openssl", ["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "server-key.pem"], dir);
  run("openssl", ["req", "-new", "-key", "server-key.pem", "-subj", "/CN=vault", "-out", "server.csr"], dir);
  writeFileSync(join(dir, "ext.cnf"), `subjectAltName=IP:${ip},DNS:localhost\n`);
  run(
    "openssl",
    [
      "x509",
      "-req",
      "-in",
      "server.csr",
      "-CA",
      "ca.pem",
      "-CAkey",
      "ca-key.pem",
      "-CAcreateserial",
      "-days",
      "2",
      "-extfile",
      "ext.cnf",
      "-out",
      "server.pem",
    ],
    dir,
  );
}

function listening(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** JSON the tests read (CLI output, the script's log lines). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * One real Vault server with integrated (raft) storage and a TLS listener on a loopback address, Shamir-sealed
 * (one key share): the deployment's Cloud KMS auto-unseal cannot run here.
 */
export class LocalVault {
  private child?: ChildProcess;
  private exited?: Promise<void>;
  readonly addr: string;
  readonly caFile: string;

  constructor(
    readonly dir: string,
    readonly ip: string,
    readonly port: number,
  ) {
    this.addr = `https://${ip}:${port}`;
    this.caFile = join(dir, "tls", "ca.pem");
  }

  async start(): Promise<void> {
    if (!VAULT_BINARY) throw new Error("VAULT_BINARY is not set");
    if (await listening(this.ip, this.port)) throw new Error(`${this.addr} is in use by another process`);
    mkdirSync(join(this.dir, "data"), { recursive: true });
    if (!existsSync(this.caFile)) makeTls(join(this.dir, "tls"), this.ip);
    const tls = join(this.dir, "tls");
    const config = join(this.dir, "vault.hcl");
    writeFileSync(
      config,
      [
        `storage "raft" {`,
        `  path    = "${join(this.dir, "data")}"`,
        `  node_id = "node-${this.port}"`,
        `}`,
        `listener "tcp" {`,
        `  address         = "${this.ip}:${this.port}"`,
        `  cluster_address = "${this.ip}:${this.port + 1}"`,
        `  tls_cert_file   = "${join(tls, "server.pem")}"`,
        `  tls_key_file    = "${join(tls, "server-key.pem")}"`,
        `  tls_min_version = "tls12"`,
        `}`,
        `api_addr      = "${this.addr}"`,
        `cluster_addr  = "https://${this.ip}:${this.port + 1}"`,
        `disable_mlock = true`,
        "",
      ].join("\n"),
    );
    const log = openSync(join(this.dir, "vault.log"), "a");
    const child = spawn(VAULT_BINARY, ["server", `-config=${config}`], {
      env: { PATH: process.env.PATH, HOME: this.dir },
      stdio: ["ignore", log, log],
    });
    started.add(child);
    this.child = child;
    this.exited = new Promise((resolve) =>
      child.on("exit", () => {
        started.delete(child);
        resolve();
      }),
    );
    await this.waitFor("the server to answer", () => {
      if (child.exitCode !== null) throw new Error(`vault exited: ${this.logTail()}`);
      return this.cli(["status", "-format=json"]).stdout.includes('"initialized"');
    });
  }

  async stop(): Promise<void> {
    if (!this.child) return;
    this.child.kill("SIGKILL");
    await this.exited;
    this.child = undefined;
  }

  logTail(): string {
    const file = join(this.dir, "vault.log");
    return existsSync(file) ? readFileSync(file, "utf8").slice(-3000) : "";
  }

  /** The Vault CLI against this server, TLS verified with its CA. */
  cli(args: readonly string[], token?: string, format?: "json"): CliResult {
    if (!VAULT_BINARY) throw new Error("VAULT_BINARY is not set");
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? "",
      HOME: this.dir,
      VAULT_ADDR: this.addr,
      VAULT_CACERT: this.caFile,
      VAULT_CLIENT_TIMEOUT: "60s",
    };
    if (token) env.VAULT_TOKEN = token;
    if (format) env.VAULT_FORMAT = format;
    const result = spawnSync(VAULT_BINARY, args, { env, encoding: "utf8", timeout: 90_000 });
    return { status: result.status, stdout: result.stdout ?? "", stderr: result.stderr ?? "" };
  }

  /** The CLI; throws on a non-zero exit; its output. */
  ok(args: readonly string[], token?: string, format?: "json"): string {
    const result = this.cli(args, token, format);
    if (result.status !== 0) throw new Error(`vault ${args.join(" ")}: ${result.stderr.trim()}`);
    return result.stdout;
  }

  /** The CLI printing JSON (VAULT_FORMAT); throws on a non-zero exit; its output parsed. */
  json(args: readonly string[], token?: string): Json {
    return JSON.parse(this.ok(args, token, "json"));
  }

  /** Initialises with one key share, unseals, and waits for the node to be the active raft leader. */
  async initialise(): Promise<{ unsealKey: string; rootToken: string }> {
    const init = this.json(["operator", "init", "-key-shares=1", "-key-threshold=1"]);
    const keys = { unsealKey: init.unseal_keys_b64[0] as string, rootToken: init.root_token as string };
    await this.unseal(keys.unsealKey, keys.rootToken);
    return keys;
  }

  async unseal(key: string, token: string): Promise<void> {
    this.ok(["operator", "unseal", key]);
    await this.waitFor("the node to become active", () => {
      const result = this.cli(["read", "-format=json", "sys/leader"], token);
      return result.status === 0 && JSON.parse(result.stdout).data.is_self === true;
    });
  }

  async waitFor(what: string, probe: () => boolean, ms = 60_000): Promise<void> {
    const deadline = Date.now() + ms;
    let last: unknown;
    for (;;) {
      try {
        if (probe()) return;
      } catch (error) {
        last = error instanceof Error ? error.message : error;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (${String(last)})`);
      await sleep(500);
    }
  }
}

/** What the stand-in for Google's APIs has seen and stored. */
export interface FakeGoogle {
  readonly url: string;
  /** Object names created in each bucket, and their bytes, under `root/<bucket>/<name>`. */
  readonly root: string;
  readonly requests: string[];
  /** Claims of each JWT signed through the IAM Credentials stand-in. */
  readonly signed: Record<string, unknown>[];
  /** Makes the next uploads report this MD5 instead of the stored bytes' (a corrupted store). */
  corruptMd5?: string;
  close(): Promise<void>;
}

/**
 * A loopback stand-in for the four Google APIs the snapshot job calls, each checking the bearer token the
 * metadata server handed out: the metadata server (token, email), IAM Credentials' signJwt for
 * that account only (recording the claims; the signature is not a real one), Secret Manager (`versions/latest:access`,
 * payloads from `secrets`) and the Cloud Storage JSON API's media upload, which writes objects into `root`
 * and refuses to replace one under ifGenerationMatch=0 (412), as Cloud Storage does.
 */
export async function fakeGoogle(
  root: string,
  secrets: Record<string, string>,
  email = "vault-snapshot-writer@acme-sec-prod.iam.gserviceaccount.com",
): Promise<FakeGoogle> {
  const token = `ya29.fake-${Math.random().toString(36).slice(2)}`;
  const requests: string[] = [];
  const signed: Record<string, unknown>[] = [];
  const state: { corruptMd5?: string } = {};
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const url = new URL(req.url ?? "/", "http://fake");
      requests.push(`${req.method} ${url.pathname}${url.search}`);
      const send = (status: number, value: unknown) => {
        res.writeHead(status, { "Content-Type": "application/json" });
        res.end(typeof value === "string" ? value : JSON.stringify(value));
      };
      if (url.pathname.startsWith("/computeMetadata/")) {
        if (req.headers["metadata-flavor"] !== "Google") return send(403, { error: "no Metadata-Flavor" });
        if (url.pathname.endsWith("/default/token"))
          return send(200, { access_token: token, expires_in: 3599, token_type: "Bearer" });
        if (url.pathname.endsWith("/default/email")) return send(200, email);
        return send(404, { error: "unknown metadata" });
      }
      if (req.headers.authorization !== `Bearer ${token}`) return send(401, { error: "bad token" });
      const secret =
        /^\/secretmanager\.googleapis\.com\/v1\/(projects\/[^/]+\/secrets\/[^/]+)\/versions\/latest:access$/.exec(
          url.pathname,
        );
      if (secret && req.method === "GET") {
        const payload = secrets[secret[1]];
        if (payload === undefined) return send(404, { error: { code: 404, message: "NOT_FOUND" } });
        return send(200, {
          name: `${secret[1]}/versions/1`,
          payload: { data: Buffer.from(payload).toString("base64") },
        });
      }
      const sign =
        /^\/iamcredentials\.googleapis\.com\/v1\/projects\/-\/serviceAccounts\/([^/:]+):signJwt$/.exec(
          url.pathname,
        );
      if (sign && req.method === "POST") {
        if (sign[1] !== email)
          return send(403, { error: { code: 403, message: "iam.serviceAccounts.signJwt" } });
        const payload = JSON.parse(body.toString()).payload as string;
        signed.push(JSON.parse(payload));
        const part = (text: string) => Buffer.from(text).toString("base64url");
        return send(200, {
          keyId: "fake-key",
          signedJwt: `${part('{"alg":"RS256","typ":"JWT","kid":"fake-key"}')}.${part(payload)}.${part("signature")}`,
        });
      }
      const upload = /^\/storage\.googleapis\.com\/upload\/storage\/v1\/b\/([^/]+)\/o$/.exec(url.pathname);
      if (upload && req.method === "POST") {
        const name = url.searchParams.get("name");
        if (url.searchParams.get("uploadType") !== "media" || !name)
          return send(400, { error: "bad upload" });
        const file = join(root, upload[1], name);
        if (url.searchParams.get("ifGenerationMatch") === "0" && existsSync(file))
          return send(412, { error: { code: 412, message: "conditionNotMet" } });
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, body);
        return send(200, {
          bucket: upload[1],
          name,
          size: String(body.length),
          md5Hash: state.corruptMd5 ?? createHash("md5").update(body).digest("base64"),
        });
      }
      return send(404, { error: `no fake for ${req.method} ${url.pathname}` });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    root,
    requests,
    signed,
    get corruptMd5() {
      return state.corruptMd5;
    },
    set corruptMd5(value: string | undefined) {
      state.corruptMd5 = value;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Runs a script with bash (asynchronously: the fake APIs live in this process), and parses its JSON lines. */
export function runScript(
  script: string,
  env: Record<string, string>,
): Promise<{ status: number | null; lines: Json[]; result: Json; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", [script], { env: { PATH: process.env.PATH ?? "", ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
    child.on("error", reject);
    child.on("close", (status) => {
      clearTimeout(timer);
      const lines = stdout
        .split("\n")
        .filter((l) => l !== "")
        .map((l) => JSON.parse(l));
      resolve({ status, lines, result: lines[lines.length - 1], stderr });
    });
  });
}
