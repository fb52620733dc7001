import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { get as httpsGet } from "node:https";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NODE_TLS_SCRIPT, cidrToOpenssl } from "../../../constructs/sec/vault/node-tls";
import { POST_INIT_HELPER } from "../../../constructs/sec/vault/post-init";
import { vaultNodeEnvironment } from "../../../constructs/sec/vault/startup-script";
import { attributesOf, synthStack } from "../../support/synth";

/** The Vault server binary to run (scripts/vault/build.sh prints its path); unset skips the cluster tests. */
export const VAULT_BINARY = process.env.VAULT_BINARY;

/** What a synthesized vault stack gives each node, exactly as the instance template carries it. */
export interface RenderedVault {
  readonly stack: string;
  /** The server configuration (template metadata `vault-config`). */
  readonly config: string;
  /** vault-node-tls and vault-post-init, cut out of the boot script that installs them. */
  readonly nodeTlsScript: string;
  readonly postInitHelper: string;
  /** The name every node certificate carries (leader_tls_servername). */
  readonly serviceName: string;
  /** The project named by the boot script's TLS script (the CA secret's project). */
  readonly project: string;
  readonly caSecret: string;
  /** target_size of the group. */
  readonly nodes: number;
  /** stateful_internal_ip of the group: what keeps a recreated node's address. */
  readonly statefulInternalIp: unknown;
}

export function renderedVault(stackName: string): RenderedVault {
  const stack = synthStack(stackName);
  const [template] = attributesOf(stack, "google_compute_instance_template");
  const [group] = attributesOf(stack, "google_compute_region_instance_group_manager");
  const script: string = template.metadata_startup_script;
  const nodeTlsScript = heredoc(script, NODE_TLS_SCRIPT);
  const config: string = template.metadata["vault-config"];
  return {
    stack: stackName,
    config,
    nodeTlsScript,
    postInitHelper: heredoc(script, POST_INIT_HELPER),
    serviceName: only(/leader_tls_servername\s*=\s*"([^"]+)"/g, config),
    project: only(/^readonly PROJECT='([^']+)'$/gm, nodeTlsScript),
    caSecret: only(/^readonly CA_SECRET='([^']+)'$/gm, nodeTlsScript),
    nodes: group.target_size,
    statefulInternalIp: group.stateful_internal_ip,
  };
}

/** The body of the literal here-document that writes `path` in a boot script. */
export function heredoc(script: string, path: string): string {
  const start = `cat > ${path} <<'END_OF_FILE'\n`;
  const at = script.indexOf(start);
  if (at < 0 || script.indexOf(start, at + 1) >= 0) throw new Error(`expected one here-document for ${path}`);
  const body = script.slice(at + start.length);
  return body.slice(0, body.indexOf("\nEND_OF_FILE\n")) + "\n";
}

function only(pattern: RegExp, text: string): string {
  const found = [...text.matchAll(pattern)].map((m) => m[1]);
  if (new Set(found).size !== 1)
    throw new Error(`expected one value for ${pattern}, found ${found.join(", ")}`);
  return found[0];
}

/** Replaces `from` (which must occur exactly `times` times) with `to`: every swap is explicit and checked. */
export function swap(text: string, from: string | RegExp, to: string, times = 1): string {
  const pattern = typeof from === "string" ? new RegExp(escapeRegExp(from), "g") : new RegExp(from, "g");
  const count = [...text.matchAll(pattern)].length;
  if (count !== times) throw new Error(`expected ${times} occurrence(s) of ${String(from)}, found ${count}`);
  return text.replace(pattern, () => to);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` every second until it returns a value other than undefined/false, or fails after `ms`. */
export async function waitFor<T>(what: string, ms: number, probe: () => T | undefined | false): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const value = probe();
      if (value !== undefined && value !== false) return value;
      last = value;
    } catch (error) {
      last = error instanceof Error ? error.message : error;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out after ${ms / 1000} s waiting for ${what} (last: ${String(last)})`);
    await sleep(1000);
  }
}

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** What `vault status -format=json` prints (the fields the tests read). */
export interface VaultStatus {
  readonly initialized: boolean;
  readonly sealed: boolean;
  readonly ha_enabled?: boolean;
  readonly is_self?: boolean;
  readonly cluster_id?: string;
  readonly raft_applied_index?: number;
}

/** What `vault operator raft autopilot state -format=json` prints (the fields the tests read). */
export interface AutopilotState {
  readonly Healthy: boolean;
  readonly FailureTolerance: number;
  readonly Voters: readonly string[];
  readonly Servers: Record<
    string,
    { readonly Healthy: boolean; readonly NodeStatus: string; readonly Status: string }
  >;
}

/** `vault list-peers` entry. */
export interface Peer {
  readonly node_id: string;
  readonly address: string;
  readonly leader: boolean;
  readonly voter: boolean;
}

/** Every server process started here, killed if the test process exits before stop() ran. */
const started = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of started) child.kill("SIGKILL");
});

interface NodeProcess {
  readonly name: string;
  readonly ip: string;
  readonly child: ChildProcess;
  readonly exited: Promise<void>;
}

/**
 * Real Vault servers on loopback addresses, configured from a synthesized stack's rendered configuration with
 * only these swaps: the gcpckms seal becomes a transit seal on a fourth (dev, TLS) Vault; the GCE auto_join
 * becomes one leader_api_addr per peer (the same leader_tls_servername and CA file); paths and the listener's
 * 0.0.0.0 move to the node's directory and loopback address. TLS material comes from the boot script's own
 * vault-node-tls, run with a stand-in gcloud over a directory. Every process is killed by stop().
 */
export class LocalVaultCluster {
  readonly root: string;
  private readonly nodes = new Map<string, NodeProcess>();
  private transit?: { ip: string; token: string; caFile: string; child: NodeProcess };
  private readonly tlsScript: string;
  readonly caFile: string;
  readonly auditLog: string;

  constructor(
    readonly rendered: RenderedVault,
    /** The node range the test's CA may certify, swapped for the Vault subnet. */
    nodeRange: string,
  ) {
    this.root = mkdtempSync(join(tmpdir(), `vault-${rendered.stack}-`));
    mkdirSync(join(this.root, "bin"));
    copyFileSync(join(__dirname, "fake-gcloud.sh"), join(this.root, "bin", "gcloud"));
    spawnSync("chmod", ["0755", join(this.root, "bin", "gcloud")]);
    // The secret the stack declares, still without a version.
    mkdirSync(join(this.root, "secret-manager", rendered.project, rendered.caSecret), { recursive: true });
    this.tlsScript = join(this.root, "vault-node-tls");
    writeFileSync(
      this.tlsScript,
      swap(rendered.nodeTlsScript, /permitted;IP:[0-9./]+/, `permitted;IP:${cidrToOpenssl(nodeRange)}`),
      { mode: 0o755 },
    );
    this.caFile = join(this.root, "ca.pem");
    this.auditLog = join(this.root, "audit.log");
  }

  /** The fourth Vault: a dev server with TLS whose transit engine stands in for Cloud KMS. */
  async startTransit(ip: string): Promise<void> {
    const dir = join(this.root, "transit");
    mkdirSync(dir);
    const token = `transit-${Math.random().toString(36).slice(2)}`;
    const child = this.spawnVault("transit", ip, dir, [
      "server",
      "-dev",
      `-dev-root-token-id=${token}`,
      `-dev-listen-address=${ip}:8200`,
      "-dev-tls",
      `-dev-tls-cert-dir=${dir}`,
      `-dev-tls-san=${ip}`,
    ]);
    this.transit = { ip, token, caFile: join(dir, "vault-ca.pem"), child };
    const transitCli = (args: string[]) => {
      const result = this.run(args, { addr: `https://${ip}:8200`, token, caFile: join(dir, "vault-ca.pem") });
      if (result.status !== 0) throw new Error(`transit ${args.join(" ")}: ${result.stderr}`);
    };
    await waitFor("the transit Vault", 60_000, () => {
      transitCli(["status"]);
      return true;
    });
    transitCli(["secrets", "enable", "transit"]);
    transitCli(["write", "-f", "transit/keys/vault-unseal"]);
  }

  nodeDir(name: string): string {
    return join(this.root, "nodes", name);
  }

  fqdn(name: string): string {
    return `${name}.europe-west2-a.c.${this.rendered.project}.internal`;
  }

  /** Runs the boot script's vault-node-tls for a node: `issued` or `current`. */
  async issueTls(name: string, ip: string): Promise<string> {
    const tlsDir = join(this.nodeDir(name), "tls");
    mkdirSync(this.nodeDir(name), { recursive: true });
    const uid = process.getuid?.() ?? 0;
    const gid = process.getgid?.() ?? 0;
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn("bash", [this.tlsScript, ip, this.fqdn(name)], {
        env: {
          PATH: `${join(this.root, "bin")}:${process.env.PATH}`,
          FAKE_SECRET_MANAGER: join(this.root, "secret-manager"),
          VAULT_TLS_DIR: tlsDir,
          VAULT_TLS_OWNER: `${uid}:${gid}`,
        },
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d) => (stdout += d));
      child.stderr.on("data", (d) => (stderr += d));
      child.on("close", (code) =>
        code === 0 ? resolve(stdout.trim()) : reject(new Error(`vault-node-tls ${name}: ${code}\n${stderr}`)),
      );
    });
    copyFileSync(join(tlsDir, "ca.pem"), this.caFile);
    return output;
  }

  /** Versions of the CA secret, in the order they were added. */
  caVersions(): string[] {
    const dir = join(this.root, "secret-manager", this.rendered.project, this.rendered.caSecret);
    return spawnSync("ls", [dir], { encoding: "utf8" })
      .stdout.split("\n")
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(a) - Number(b))
      .map((v) => readFileSync(join(dir, v), "utf8"));
  }

  /** The rendered configuration with the documented swaps, for one node. */
  configFor(name: string, ip: string, peers: readonly string[]): string {
    if (!this.transit) throw new Error("start the transit Vault first");
    const dir = this.nodeDir(name);
    let config = this.rendered.config;
    config = swap(config, '"/opt/vault/data"', `"${join(dir, "data")}"`);
    config = swap(config, '"/opt/vault/tls/', `"${join(dir, "tls")}/`, 3);
    config = swap(config, '"0.0.0.0:8200"', `"${ip}:8200"`);
    config = swap(config, '"0.0.0.0:8201"', `"${ip}:8201"`);
    config = swap(
      config,
      /seal "gcpckms" \{\n(?: +\w+ += "[^"\n]*"\n)*\}/,
      [
        'seal "transit" {',
        `  address     = "https://${this.transit.ip}:8200"`,
        `  token       = "${this.transit.token}"`,
        '  key_name    = "vault-unseal"',
        '  mount_path  = "transit/"',
        `  tls_ca_cert = "${this.transit.caFile}"`,
        "}",
      ].join("\n"),
    );
    const retryJoin = /\n( *)retry_join \{\n([^}]*)\n *\}/.exec(config);
    if (!retryJoin) throw new Error("no retry_join block in the rendered configuration");
    const [block, indentation, body] = retryJoin;
    const kept = body.split("\n").filter((line) => !/^\s*auto_join(_scheme)?\s*=/.test(line));
    if (kept.length !== body.split("\n").length - 2)
      throw new Error("expected auto_join and auto_join_scheme");
    const joins = peers.map((peer) =>
      [
        `${indentation}retry_join {`,
        `${indentation}  leader_api_addr = "https://${peer}:8200"`,
        ...kept,
        `${indentation}}`,
      ].join("\n"),
    );
    config = swap(config, block, `\n${joins.join("\n\n")}`);
    for (const left of ["gcpckms", "auto_join", "/opt/vault", "0.0.0.0"])
      if (config.includes(left)) throw new Error(`the local configuration still names ${left}`);
    return config;
  }

  /** Starts a node with its directory's data and TLS, at `ip`, joining `peers`; waits until it listens. */
  async start(name: string, ip: string, peers: readonly string[]): Promise<void> {
    if (this.nodes.has(name)) throw new Error(`${name} is running`);
    if (await listening(ip, 8200)) throw new Error(`${ip}:8200 is in use by another process`);
    const dir = this.nodeDir(name);
    mkdirSync(join(dir, "data"), { recursive: true });
    const file = join(dir, "vault.hcl");
    writeFileSync(file, this.configFor(name, ip, peers));
    const environment = Object.fromEntries(
      vaultNodeEnvironment(name, ip).map((line) => line.split(/=(.*)/s).slice(0, 2)),
    );
    this.nodes.set(name, this.spawnVault(name, ip, dir, ["server", `-config=${file}`], environment));
    await waitFor(`${name} to listen on ${ip}:8200`, 60_000, () => this.answers(ip)).catch((error: Error) => {
      throw new Error(`${error.message}\n--- ${name} log:\n${this.logTail(name)}`);
    });
  }

  private answers(ip: string): boolean {
    for (const node of this.nodes.values())
      if (node.ip === ip && node.child.exitCode !== null)
        throw new Error(`the server exited (${node.child.exitCode})`);
    return this.run(["status", "-format=json"], { addr: `https://${ip}:8200` }).stdout.includes(
      '"initialized"',
    );
  }

  private spawnVault(
    name: string,
    ip: string,
    dir: string,
    args: string[],
    environment: Record<string, string> = {},
  ): NodeProcess {
    if (!VAULT_BINARY) throw new Error("VAULT_BINARY is not set");
    const log = openSync(join(dir, "vault.log"), "a");
    const child = spawn(VAULT_BINARY, args, {
      env: { PATH: process.env.PATH, HOME: this.root, ...environment },
      stdio: ["ignore", log, log],
    });
    started.add(child);
    const exited = new Promise<void>((resolve) =>
      child.on("exit", () => {
        started.delete(child);
        resolve();
      }),
    );
    return { name, ip, child, exited };
  }

  /** Kills a node (SIGKILL: a lost VM, not a clean shutdown) and waits for it to exit. */
  async kill(name: string): Promise<void> {
    const node = this.nodes.get(name);
    if (!node) throw new Error(`${name} is not running`);
    node.child.kill("SIGKILL");
    await node.exited;
    this.nodes.delete(name);
  }

  /** Deletes a stopped node's raft data and TLS files: a new, empty disk (and a new boot disk). */
  wipe(name: string): void {
    if (this.nodes.has(name)) throw new Error(`${name} is running`);
    rmSync(join(this.nodeDir(name), "data"), { recursive: true, force: true });
    rmSync(join(this.nodeDir(name), "tls"), { recursive: true, force: true });
  }

  /** The Vault CLI against one address, verifying TLS with the deployment CA unless told otherwise. */
  run(
    args: readonly string[],
    options: { addr: string; token?: string; caFile?: string | null; serverName?: string },
  ): CliResult {
    if (!VAULT_BINARY) throw new Error("VAULT_BINARY is not set");
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? "",
      HOME: this.root,
      VAULT_ADDR: options.addr,
      // Init on a loaded 2-core machine (the rest of the suite running beside it) took over 10 s once.
      VAULT_CLIENT_TIMEOUT: "60s",
    };
    const caFile = options.caFile === undefined ? this.caFile : options.caFile;
    if (caFile !== null) env.VAULT_CACERT = caFile;
    if (options.token) env.VAULT_TOKEN = options.token;
    if (options.serverName) env.VAULT_TLS_SERVER_NAME = options.serverName;
    const result = spawnSync(VAULT_BINARY, args, { env, encoding: "utf8", timeout: 90_000 });
    return { status: result.status, stdout: result.stdout ?? "", stderr: result.stderr ?? "" };
  }

  /** The CLI against a node; throws on a non-zero exit. Returns stdout parsed as JSON when it is JSON. */
  ok(ip: string, args: readonly string[], token?: string): unknown {
    const result = this.run(args, { addr: `https://${ip}:8200`, token });
    if (result.status !== 0) throw new Error(`vault ${args.join(" ")} on ${ip}: ${result.stderr.trim()}`);
    return args.includes("-format=json") ? JSON.parse(result.stdout) : result.stdout;
  }

  /** The HTTP status of a GET on a node's API (TLS verified with the deployment CA), as a health check sees it. */
  httpStatus(ip: string, path: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const request = httpsGet(
        {
          host: ip,
          port: 8200,
          path,
          ca: readFileSync(this.caFile),
          servername: this.rendered.serviceName,
          timeout: 10_000,
        },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      request.on("error", reject);
    });
  }

  /** `vault status` of a node (exit 2 when sealed still prints it). */
  status(ip: string): VaultStatus {
    const result = this.run(["status", "-format=json"], { addr: `https://${ip}:8200` });
    if (result.status !== 0 && result.status !== 2)
      throw new Error(`vault status on ${ip}: ${result.stderr}`);
    return JSON.parse(result.stdout);
  }

  peers(ip: string, token: string): Peer[] {
    const peers = <{ data: { config: { servers: Peer[] } } }>(
      this.ok(ip, ["operator", "raft", "list-peers", "-format=json"], token)
    );
    return peers.data.config.servers;
  }

  autopilot(ip: string, token: string): AutopilotState {
    return <AutopilotState>this.ok(ip, ["operator", "raft", "autopilot", "state", "-format=json"], token);
  }

  /** Runs the boot script's vault-post-init against a node, with the test's audit log path. */
  postInit(ip: string, token: string, threshold: string): CliResult {
    const helper = join(this.root, "vault-post-init");
    let text = swap(
      this.rendered.postInitHelper,
      "file_path=/var/log/vault/audit.log",
      `file_path=${this.auditLog}`,
    );
    text = swap(
      text,
      /-dead-server-last-contact-threshold=\S+/,
      `-dead-server-last-contact-threshold=${threshold}`,
    );
    writeFileSync(helper, text, { mode: 0o755 });
    const result = spawnSync("bash", [helper], {
      env: {
        PATH: `${join(this.root, "vault-bin")}:${process.env.PATH}`,
        HOME: this.root,
        VAULT_ADDR: `https://${ip}:8200`,
        VAULT_CACERT: this.caFile,
        VAULT_TOKEN: token,
      },
      encoding: "utf8",
      timeout: 60_000,
    });
    return { status: result.status, stdout: result.stdout ?? "", stderr: result.stderr ?? "" };
  }

  /** Puts the binary on PATH as `vault`, as the package installs it, for the helper scripts. */
  installCli(): void {
    if (!VAULT_BINARY) throw new Error("VAULT_BINARY is not set");
    mkdirSync(join(this.root, "vault-bin"), { recursive: true });
    spawnSync("ln", ["-sf", VAULT_BINARY, join(this.root, "vault-bin", "vault")]);
  }

  /** The last lines of a node's log, for a failure message. */
  logTail(name: string, lines = 40): string {
    try {
      return readFileSync(join(this.nodeDir(name), "vault.log"), "utf8")
        .split("\n")
        .slice(-lines)
        .join("\n");
    } catch {
      return "(no log)";
    }
  }

  running(): string[] {
    return [...this.nodes.keys()];
  }

  /** Kills every process it started and removes its directory (kept with VAULT_TEST_KEEP=1). */
  async stop(): Promise<void> {
    const all = [...this.nodes.values(), ...(this.transit ? [this.transit.child] : [])];
    for (const node of all) node.child.kill("SIGKILL");
    await Promise.all(all.map((node) => node.exited));
    this.nodes.clear();
    if (process.env.VAULT_TEST_KEEP !== "1") rmSync(this.root, { recursive: true, force: true });
  }
}

function listening(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.setTimeout(1000);
    socket.on("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.on("error", () => resolve(false));
    socket.on("timeout", () => {
      socket.destroy();
      resolve(false);
    });
  });
}
