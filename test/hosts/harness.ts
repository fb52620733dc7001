/**
 * The host harness: boots the startup scripts the baseline renders, exactly as the synthesized Terraform hands
 * them to Compute Engine, in a Debian 12 root filesystem (scripts/hosts/build-rootfs.sh) entered with unshare and
 * chroot (scripts/hosts/boot.sh), against loopback stand-ins for what Compute Engine and the vendors provide
 * (scripts/hosts/standins/): the metadata server, Secret Manager, and the vendors' apt repositories and
 * downloads, with stand-in packages of the same names and versions signed by a test key.
 *
 * What a test changes in a script before booting it, and nothing else: the vendor key fingerprints (the test
 * key signs the stand-in repositories) and the SHA-256 pins of plain downloads (the stand-in files' digests).
 * `prepareScript` makes each replacement and fails when the text it replaces is not there.
 *
 * Every VM's image carries, as Google's Debian images do, the Google Cloud packages keyring (package
 * google-cloud-packages-archive-keyring) among apt's trusted keyrings (IMAGE_GOOGLE_KEYRING): here a stand-in
 * key that signs the stand-in packages.cloud.google.com repository (the Ops Agent's), not the vendors' test key.
 *
 * Each VM is an overlay over the shared root filesystem (its boot disk; a fresh overlay is a rebuilt boot disk)
 * plus, where Terraform attaches one, a loop device over a sparse file (its data disk).
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Attributes, REPO_ROOT, type TerraformJson } from "../support/synth";

/**
 * Where Google's Debian images keep the Google Cloud packages keyring (an `apt-key list` on a GCE Debian VM);
 * the boot scripts do not name it: apt trusts every keyring in trusted.gpg.d.
 */
const IMAGE_GOOGLE_KEYRING = "/etc/apt/trusted.gpg.d/google-cloud-packages-archive-keyring.gpg";

export const ROOTFS = process.env.BASELINE_HOST_ROOTFS;
/** Why the host tests do not run, or undefined when they can. */
export const SKIP_REASON = !ROOTFS
  ? "BASELINE_HOST_ROOTFS is unset: the host harness needs a Debian 12 root filesystem (npm run test:hosts builds one)"
  : !existsSync(join(ROOTFS, "etc", "debian_version"))
    ? `BASELINE_HOST_ROOTFS=${ROOTFS} is not a root filesystem (no etc/debian_version)`
    : process.getuid?.() !== 0
      ? "the host harness needs root (unshare, chroot, loop devices)"
      : undefined;

/**
 * Set by scripts/hosts/run.sh (`npm run test:hosts`, what CI runs): the host suites must run, so a reason not
 * to is a failure, not a skip. The ordinary test run (`npx jest`, `npm test`) leaves it unset and skips them.
 */
export const HARNESS_REQUIRED = process.env.HOST_HARNESS_REQUIRED === "1";

/**
 * `describe` for host tests. When the harness cannot run, the body is not even collected (it synthesizes
 * stacks) and one test says why: skipped, so the ordinary test run stays fast; failing when the harness is
 * required (HOST_HARNESS_REQUIRED=1), so CI cannot pass without booting anything.
 */
export function describeHosts(title: string, body: () => void): void {
  if (SKIP_REASON) {
    if (!HARNESS_REQUIRED) process.stderr.write(`host harness: "${title}" skipped: ${SKIP_REASON}\n`);
    describe(title, () => cannotRun(SKIP_REASON));
  } else describe(title, body);
}

/** The one test of a host suite that cannot run: skipped, or failing when the harness is required. */
export function cannotRun(reason: string): void {
  if (HARNESS_REQUIRED) {
    test(`cannot run: ${reason}`, () => {
      throw new Error(`host harness required (HOST_HARNESS_REQUIRED=1), but ${reason}`);
    });
  } else test.skip(`skipped: ${reason}`, () => undefined);
}

const STANDINS = join(REPO_ROOT, "scripts", "hosts", "standins");
const BOOT = join(REPO_ROOT, "scripts", "hosts", "boot.sh");
/** Names the stand-in server answers for over HTTPS. */
const VENDOR_HOSTS = [
  "packages.wazuh.com",
  "raw.githubusercontent.com",
  "downloadcontent.opensuse.org",
  "apt.releases.hashicorp.com",
  "packages.cloud.google.com",
  "secretmanager.googleapis.com",
  "iamcredentials.googleapis.com",
  "storage.googleapis.com",
  "logging.googleapis.com",
];

export interface BootResult {
  readonly status: number;
  readonly output: string;
  readonly seconds: number;
}

/** A VM's own network (see Vm.isolateNftables): namespace paths, its interface name and address. */
export interface VmNetwork {
  readonly sensor: string;
  readonly client: string;
  readonly iface: string;
  readonly address: string;
}

export interface VmSpec {
  /** Host name, e.g. acme-prod-wazuh. */
  readonly name: string;
  /** Its service account's e-mail (the stand-in Secret Manager authorises by it). */
  readonly serviceAccount: string;
  /** Instance metadata the stand-in metadata server answers (paths under computeMetadata/v1/). */
  readonly metadata: Record<string, string>;
  /** The address the metadata server reports for nic0 (default: the VM's loopback address in the harness). */
  readonly address?: string;
  /** Attached disks by device name, with their size in MB. */
  readonly disks?: Record<string, number>;
}

function run(command: string, args: string[], options: { input?: string; cwd?: string } = {}): string {
  return execFileSync(command, args, { encoding: "utf8", stdio: ["pipe", "pipe", "pipe"], ...options });
}

/**
 * A Terraform string with the references the harness can know before apply resolved: service accounts' e-mail
 * and member (from account_id and project) and secrets' id (as the IAM bindings use it: the secret id).
 */
export function resolved(stack: TerraformJson, value: string): string {
  return value.replace(
    /\$\{([\w-]+)\.([\w-]+)\.(\w+)\}/g,
    (_, type: string, name: string, attribute: string) => {
      const resource = stack.resource?.[type]?.[name] as Attributes | undefined;
      if (!resource) throw new Error(`unresolved reference ${type}.${name}`);
      if (type === "google_service_account") {
        const email = `${resource.account_id}@${resource.project}.iam.gserviceaccount.com`;
        if (attribute === "email") return email;
        if (attribute === "member") return `serviceAccount:${email}`;
        if (attribute === "name") return `projects/${String(resource.project)}/serviceAccounts/${email}`;
      }
      if (type === "google_secret_manager_secret" && attribute === "id") return resource.secret_id as string;
      if (type === "google_storage_bucket" && attribute === "name") return resource.name as string;
      throw new Error(`the harness cannot resolve ${type}.${name}.${attribute}`);
    },
  );
}

function sha256(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

/** One VM: an overlay boot disk over the shared root filesystem, its loop-device data disks, its address. */
export class Vm {
  readonly ip: string;
  root = "";
  private upper = "";
  private readonly loops: Record<string, string> = {};
  private overlays = 0;

  constructor(
    private readonly harness: Harness,
    readonly spec: VmSpec,
    index: number,
  ) {
    this.ip = `${harness.net}.${10 + index}`;
    for (const [name, mb] of Object.entries(spec.disks ?? {})) {
      const image = join(harness.work, `${spec.name}-${name}.img`);
      run("truncate", ["-s", `${mb}M`, image]);
      this.loops[name] = run("losetup", ["--find", "--show", image]).trim();
    }
    this.newBootDisk();
  }

  /** A fresh boot disk (the image as Compute Engine creates it); the data disks stay. */
  newBootDisk(): void {
    this.unmountBootDisk();
    this.overlays += 1;
    const base = join(this.harness.work, `${this.spec.name}-boot-${this.overlays}`);
    this.upper = join(base, "upper");
    const workdir = join(base, "work");
    this.root = join(base, "root");
    for (const dir of [this.upper, workdir, this.root]) mkdirSync(dir, { recursive: true });
    run("mount", [
      "-t",
      "overlay",
      "overlay",
      "-o",
      `lowerdir=${ROOTFS},upperdir=${this.upper},workdir=${workdir}`,
      this.root,
    ]);
    this.prepareImage();
  }

  /**
   * What the harness adds to the image: name resolution, the test CA, the systemctl and gcloud stand-ins, and
   * the image's Google Cloud packages keyring (the stand-in Google key).
   */
  private prepareImage(): void {
    const h = this.harness;
    this.setImageKeyring(h.googleKeyring);
    writeFileSync(
      join(this.root, "etc", "hosts"),
      [
        "127.0.0.1 localhost",
        `${this.ip} ${this.spec.name} metadata.google.internal`,
        `${h.vendorIp} ${VENDOR_HOSTS.join(" ")}`,
        ...h.extraHosts,
        "",
      ].join("\n"),
    );
    writeFileSync(join(this.root, "etc", "hostname"), `${this.spec.name}\n`);
    copyFileSync("/etc/resolv.conf", join(this.root, "etc", "resolv.conf"));
    mkdirSync(join(this.root, "usr", "local", "share", "ca-certificates"), { recursive: true });
    copyFileSync(
      h.caCert,
      join(this.root, "usr", "local", "share", "ca-certificates", "host-harness-ca.crt"),
    );
    copyFileSync(join(STANDINS, "bin", "gcloud"), join(this.root, "usr", "bin", "gcloud"));
    copyFileSync(join(STANDINS, "bin", "systemctl"), join(this.root, "tmp", "systemctl-standin"));
    run("chroot", [
      this.root,
      "/bin/sh",
      "-c",
      "set -e; update-ca-certificates >/dev/null; " +
        "dpkg-divert --local --rename --add /usr/bin/systemctl >/dev/null; " +
        "install -m 0755 /tmp/systemctl-standin /usr/bin/systemctl; rm -f /tmp/systemctl-standin; chmod 0755 /usr/bin/gcloud",
    ]);
  }

  /**
   * Boots the VM once with `script` as its startup script; `after` (a bash script) then runs in the same boot,
   * while the services the boot started still run. `withoutDisks`: the data disks are not attached (a disk that
   * did not come up), so their fstab mounts fail.
   */
  boot(script: string, options: { after?: string; withoutDisks?: boolean } = {}): BootResult {
    const file = join(this.harness.work, `${this.spec.name}-startup-script`);
    writeFileSync(file, script, { mode: 0o700 });
    const after = join(this.harness.work, `${this.spec.name}-after-boot`);
    if (options.after) writeFileSync(after, options.after, { mode: 0o700 });
    const disks = options.withoutDisks
      ? []
      : Object.entries(this.loops).map(([name, device]) => `${name}=${device}`);
    const started = Date.now();
    const result = spawnSync(BOOT, [this.root, file, this.spec.name, ...disks], {
      encoding: "utf8",
      env: { ...process.env, BOOT_AFTER: options.after ? after : "" },
      timeout: 15 * 60 * 1000,
      maxBuffer: 64 * 1024 * 1024,
    });
    const output = `${result.stdout ?? ""}${result.stderr ?? ""}`;
    const seconds = (Date.now() - started) / 1000;
    writeFileSync(join(this.harness.work, `${this.spec.name}-boot-${Date.now()}.log`), output);
    return { status: result.status ?? -1, output, seconds };
  }

  /**
   * Gives the VM a network of its own for nftables: the boot shares the host's network (Debian's mirror is
   * reached through it), so a ruleset loaded there would filter the host. Instead `nft` in the VM (diverted
   * like systemctl) runs the real nft, installed by the script as /usr/sbin/nft.distrib, inside network
   * namespace `sensor`, whose one interface carries the host's primary interface name (the name the script
   * reads from the default route) and `address`, joined by a veth pair to namespace `client`, which holds
   * `clientAddresses` (sources of the harness's probes). Both namespaces go with `destroy`.
   */
  isolateNftables(iface: string, address: string, clientAddresses: readonly string[]): VmNetwork {
    const id = `hh${process.pid}-${this.spec.name}`.slice(0, 40);
    const net: VmNetwork = { sensor: `/run/netns/${id}-s`, client: `/run/netns/${id}-c`, iface, address };
    const sensor = `${id}-s`;
    const client = `${id}-c`;
    run("ip", ["netns", "add", sensor]);
    run("ip", ["netns", "add", client]);
    this.namespaces.push(sensor, client);
    run("ip", ["-n", sensor, "link", "add", iface, "type", "veth", "peer", "name", "peer0", "netns", client]);
    run("ip", ["-n", sensor, "addr", "add", address, "dev", iface]);
    for (const [ns, dev] of [
      [sensor, iface],
      [client, "peer0"],
    ]) {
      run("ip", ["-n", ns, "link", "set", "lo", "up"]);
      run("ip", ["-n", ns, "link", "set", dev, "up"]);
    }
    for (const source of clientAddresses) run("ip", ["-n", client, "addr", "add", source, "dev", "peer0"]);
    run("ip", ["-n", sensor, "route", "add", "default", "dev", iface]);
    const mountpoint = join(this.root, "var", "lib", "standin-netns");
    writeFileSync(mountpoint, "");
    run("mount", ["--bind", net.sensor, mountpoint]);
    this.bindMounts.push(mountpoint);
    writeFileSync(
      join(this.root, "tmp", "nft-standin"),
      "#!/bin/sh\n# Host harness: the real nft, in the VM's own network namespace (test/hosts/harness.ts).\n" +
        'exec nsenter --net=/var/lib/standin-netns /usr/sbin/nft.distrib "$@"\n',
    );
    run("chroot", [
      this.root,
      "/bin/sh",
      "-c",
      "set -e; dpkg-divert --local --rename --add /usr/sbin/nft >/dev/null; " +
        "install -m 0755 /tmp/nft-standin /usr/sbin/nft; rm -f /tmp/nft-standin",
    ]);
    return net;
  }

  /**
   * Puts `keyring` (a binary OpenPGP keyring file on the host) where the image's Google Cloud packages keyring
   * is, or removes that file (null): an image without it, or with another key in it.
   */
  setImageKeyring(keyring: string | null): void {
    const target = join(this.root, IMAGE_GOOGLE_KEYRING);
    rmSync(target, { force: true });
    if (keyring === null) return;
    mkdirSync(join(target, ".."), { recursive: true });
    copyFileSync(keyring, target);
    chmodSync(target, 0o644);
  }

  /** Runs a command in one of the VM's network namespaces, inside its root (its python3, its nft). */
  inNetwork(namespace: string, args: string[], input?: string): { status: number; output: string } {
    const result = spawnSync("nsenter", [`--net=${namespace}`, "chroot", this.root, ...args], {
      encoding: "utf8",
      input,
      timeout: 60 * 1000,
    });
    return { status: result.status ?? -1, output: `${result.stdout}${result.stderr}` };
  }

  /** Starts a command in one of the VM's network namespaces without waiting for it. */
  startInNetwork(namespace: string, args: string[]): ChildProcess {
    return spawn("nsenter", [`--net=${namespace}`, "chroot", this.root, ...args], {
      stdio: ["pipe", "pipe", "pipe"],
    });
  }

  private readonly namespaces: string[] = [];
  private readonly bindMounts: string[] = [];

  /** A file on the boot disk (null when absent). */
  read(path: string): string | null {
    const full = join(this.root, path);
    return existsSync(full) ? readFileSync(full, "utf8") : null;
  }

  /** Runs a command inside the VM's root, outside any boot (the disks are not mounted). */
  exec(command: string): { status: number; output: string } {
    const result = spawnSync("chroot", [this.root, "/bin/sh", "-c", command], { encoding: "utf8" });
    return { status: result.status ?? -1, output: `${result.stdout}${result.stderr}` };
  }

  /** Runs `inspect` with a data disk mounted (read-only unless `writable`) at a temporary directory, between boots. */
  withDataDisk<T>(name: string, inspect: (mountpoint: string) => T, options: { writable?: boolean } = {}): T {
    const mountpoint = mkdtempSync(join(this.harness.work, `${name}-mnt-`));
    run("mount", ["-o", options.writable ? "rw" : "ro,noload", this.loops[name], mountpoint]);
    try {
      return inspect(mountpoint);
    } finally {
      run("umount", [mountpoint]);
      rmSync(mountpoint, { recursive: true, force: true });
    }
  }

  private unmountBootDisk(): void {
    if (this.root && existsSync(this.root)) spawnSync("umount", ["-l", this.root]);
  }

  destroy(): void {
    for (const mountpoint of this.bindMounts) spawnSync("umount", [mountpoint]);
    for (const namespace of this.namespaces) spawnSync("ip", ["netns", "del", namespace]);
    this.unmountBootDisk();
    for (const device of Object.values(this.loops)) spawnSync("losetup", ["-d", device]);
  }
}

/** Stand-ins, test key and VMs for one test file. */
export class Harness {
  readonly work = mkdtempSync(join(tmpdir(), "host-harness-"));
  /** 127.77.N: a loopback /24 of this run (the whole 127/8 is local on Linux). */
  readonly net = `127.77.${10 + (process.pid % 240)}`;
  readonly vendorIp = `${this.net}.1`;
  readonly files = join(this.work, "files");
  readonly state = join(this.work, "state");
  readonly caCert = join(this.work, "ca.crt");
  readonly extraHosts: string[] = [];
  fingerprint = "";
  /** Binary keyrings: the stand-in for Google's key (the image's keyring), and the vendors' test key. */
  readonly googleKeyring: string;
  readonly vendorKeyring: string;
  /** SHA-256 of every plain download the stand-in serves, by URL. */
  downloads: Record<string, string> = {};
  private server?: ChildProcess;
  private readonly vms: Vm[] = [];
  private iam: { secret: string; role: string; member: string }[] = [];
  private accountIam: { account: string; role: string; member: string }[] = [];
  private bucketIam: { bucket: string; role: string; member: string; prefix: string }[] = [];

  /** `vaultBinary`: a real Vault server, packaged as HashiCorp's `vault` (with the Ops Agent stand-ins). */
  constructor(options: { vaultBinary?: string } = {}) {
    const built = JSON.parse(
      execFileSync("node", [join(STANDINS, "build-repo.mjs"), this.files, join(this.work, "gnupg")], {
        encoding: "utf8",
        env: { ...process.env, BASELINE_VAULT_BINARY: options.vaultBinary ?? "" },
        stdio: ["pipe", "pipe", "pipe"],
        maxBuffer: 16 * 1024 * 1024,
      }),
    ) as {
      fingerprint: string;
      downloads: Record<string, string>;
      googleKeyring: string;
      vendorKeyring: string;
    };
    this.fingerprint = built.fingerprint;
    this.downloads = built.downloads;
    this.googleKeyring = built.googleKeyring;
    this.vendorKeyring = built.vendorKeyring;
    this.makeCertificates();
  }

  private makeCertificates(): void {
    const w = this.work;
    run("openssl", [
      "req",
      "-x509",
      "-new",
      "-nodes",
      "-newkey",
      "rsa:2048",
      "-keyout",
      join(w, "ca.key"),
      "-out",
      this.caCert,
      "-days",
      "2",
      "-subj",
      "/CN=gcp-security-baseline host harness CA",
    ]);
    writeFileSync(
      join(w, "server.ext"),
      `subjectAltName=${VENDOR_HOSTS.map((h) => `DNS:${h}`).join(",")}\nextendedKeyUsage=serverAuth\n`,
    );
    run("openssl", [
      "req",
      "-new",
      "-nodes",
      "-newkey",
      "rsa:2048",
      "-keyout",
      join(w, "server.key"),
      "-out",
      join(w, "server.csr"),
      "-subj",
      "/CN=vendor stand-ins",
    ]);
    run("openssl", [
      "x509",
      "-req",
      "-in",
      join(w, "server.csr"),
      "-CA",
      this.caCert,
      "-CAkey",
      join(w, "ca.key"),
      "-CAcreateserial",
      "-out",
      join(w, "server.crt"),
      "-days",
      "2",
      "-extfile",
      join(w, "server.ext"),
    ]);
  }

  /**
   * The Secret Manager, service-account and bucket IAM bindings of the synthesized stacks, references resolved:
   * the stand-in authorises callers by them, so the scripts read and write secrets, mint tokens and create
   * objects only where Terraform lets their accounts (a bucket binding's condition gives its object prefix).
   */
  useIamOf(...stacks: TerraformJson[]): void {
    for (const stack of stacks) {
      for (const binding of Object.values(stack.resource?.google_service_account_iam_member ?? {})) {
        const account = /serviceAccounts\/([^/]+)$/.exec(
          resolved(stack, binding.service_account_id as string),
        );
        if (!account) throw new Error(`unreadable service_account_id ${String(binding.service_account_id)}`);
        this.accountIam.push({
          account: account[1],
          role: binding.role as string,
          member: resolved(stack, binding.member as string),
        });
      }
      for (const binding of Object.values(stack.resource?.google_storage_bucket_iam_member ?? {})) {
        const bucket = resolved(stack, binding.bucket as string);
        const expression = binding.condition ? resolved(stack, String(binding.condition.expression)) : "";
        const prefix = /startsWith\("projects\/_\/buckets\/[^/]+\/objects\/([^"]*)"\)/.exec(expression)?.[1];
        if (binding.condition && prefix === undefined) continue;
        this.bucketIam.push({
          bucket,
          role: binding.role as string,
          member: resolved(stack, binding.member as string),
          prefix: prefix ?? "",
        });
      }
      for (const binding of Object.values(stack.resource?.google_secret_manager_secret_iam_member ?? {})) {
        this.iam.push({
          secret: resolved(stack, binding.secret_id as string),
          role: binding.role as string,
          member: resolved(stack, binding.member as string),
        });
      }
    }
  }

  /** A VM of this run; boot it with `vm.boot(script)` once `start()` has run. */
  vm(spec: VmSpec): Vm {
    const vm = new Vm(this, spec, this.vms.length);
    this.vms.push(vm);
    return vm;
  }

  /** Starts the stand-in server for the VMs declared so far. */
  async start(): Promise<void> {
    const instances = Object.fromEntries(
      this.vms.map((vm) => [
        vm.ip,
        {
          serviceAccount: vm.spec.serviceAccount,
          values: {
            ...vm.spec.metadata,
            "instance/network-interfaces/0/ip": vm.spec.address ?? vm.ip,
            "instance/name": vm.spec.name,
          },
        },
      ]),
    );
    const config = join(this.work, "server.json");
    writeFileSync(
      config,
      JSON.stringify({
        vendorIp: this.vendorIp,
        cert: join(this.work, "server.crt"),
        key: join(this.work, "server.key"),
        files: this.files,
        state: this.state,
        iam: this.iam,
        accountIam: this.accountIam,
        bucketIam: this.bucketIam,
        instances,
      }),
    );
    mkdirSync(this.state, { recursive: true });
    const server = spawn("node", [join(STANDINS, "server.mjs"), config], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.server = server;
    let errors = "";
    server.stderr!.on("data", (chunk: Buffer) => (errors += chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      server.stdout!.on("data", (chunk: Buffer) => {
        if (chunk.toString().includes("READY")) resolve();
      });
      server.on("exit", (code) => reject(new Error(`stand-in server exited (${code}): ${errors}`)));
    });
  }

  /** The stand-in's request log (every download, metadata and Secret Manager call). */
  requests(): string {
    const file = join(this.state, "requests.log");
    return existsSync(file) ? readFileSync(file, "utf8") : "";
  }

  /** Objects the stand-in Cloud Storage holds in `bucket`, by name. */
  objects(bucket: string): Record<string, Buffer> {
    const dir = join(this.state, "gcs", bucket);
    if (!existsSync(dir)) return {};
    const names = run("find", [dir, "-type", "f", "-printf", "%P\\n"]).split("\n").filter(Boolean).sort();
    return Object.fromEntries(names.map((name) => [name, readFileSync(join(dir, name))]));
  }

  /** From now on, the stand-in stores any uploaded object whose name contains `match` corrupted (one byte). */
  corruptUploads(match: string): void {
    writeFileSync(join(this.state, "gcs-corrupt"), match);
  }

  /** The entries written to the stand-in Cloud Logging, with `by` (the caller). */
  logEntries(): Record<string, unknown>[] {
    const file = join(this.state, "logging.jsonl");
    if (!existsSync(file)) return [];
    return readFileSync(file, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  /** The versions of a secret in the stand-in Secret Manager, oldest first. */
  secretVersions(secret: string): string[] {
    const dir = join(this.state, "secrets", secret);
    if (!existsSync(dir)) return [];
    return run("ls", [dir])
      .split("\n")
      .filter(Boolean)
      .sort((a, b) => Number(a) - Number(b))
      .map((n) => readFileSync(join(dir, n), "utf8"));
  }

  /** Stores a secret version as if another VM had added it. */
  seedSecret(secret: string, value: string): void {
    const dir = join(this.state, "secrets", secret);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, String(this.secretVersions(secret).length + 1)), value);
  }

  private readonly originals = new Map<string, Buffer>();

  /** Replaces a served file (e.g. a tampered download) until `restoreServed`. */
  serve(host: string, path: string, content: string | Buffer): void {
    const file = join(this.files, host, path);
    if (!this.originals.has(file)) this.originals.set(file, readFileSync(file));
    writeFileSync(file, content);
  }

  restoreServed(host: string, path: string): void {
    const file = join(this.files, host, path);
    const original = this.originals.get(file);
    if (original) writeFileSync(file, original);
    this.originals.delete(file);
  }

  /**
   * The script as a test boots it: the vendor fingerprints `fingerprints` replaced by the test key's, and
   * every fetch_pinned digest by the stand-in file's. Each replacement must find its text.
   */
  prepareScript(script: string, options: { fingerprints?: readonly string[]; pins?: boolean } = {}): string {
    let out = script;
    for (const fingerprint of options.fingerprints ?? []) {
      if (!out.includes(fingerprint)) throw new Error(`the script does not pin ${fingerprint}`);
      out = out.split(fingerprint).join(this.fingerprint);
    }
    if (options.pins ?? true) {
      out = out.replace(/^(fetch_pinned '[^']+' )(\S+) (\S+) /gm, (_, head: string, url: string) => {
        const digest = this.downloads[url];
        if (!digest) throw new Error(`the stand-in serves no ${url}`);
        return `${head}${url} ${digest} `;
      });
    }
    return out;
  }

  /** Digest of a served file. */
  digestOf(host: string, path: string): string {
    return sha256(readFileSync(join(this.files, host, path)));
  }

  stop(): void {
    this.server?.kill();
    for (const vm of this.vms) vm.destroy();
    if (!process.env.BASELINE_HOST_KEEP) rmSync(this.work, { recursive: true, force: true });
  }
}
