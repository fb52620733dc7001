import { existsSync, readFileSync } from "node:fs";
import { SERVING_PATH } from "../../../constructs/sec/vault/health-checks";
import { LocalVaultCluster, type Peer, VAULT_BINARY, renderedVault, sleep, waitFor } from "./harness";

/*
 * Real Vault servers (the release scripts/vault/build.sh builds: 1.21.0) on loopback addresses, each configured
 * from the HCL a synthesized vault stack renders (3 nodes: staging, 5 nodes: prod), with only what cannot run
 * here swapped (see LocalVaultCluster): the gcpckms seal by a transit seal on a fourth Vault, GCE auto_join by
 * static retry_join targets, paths and bind addresses. Every node gets its certificate from the boot script's
 * own vault-node-tls (a stand-in gcloud keeps the CA secret in a directory) and every CLI call verifies TLS.
 */
const suite = VAULT_BINARY ? describe : describe.skip;
if (!VAULT_BINARY) {
  // One line in the run's output says why and how to run them.
  console.info(
    'Real Vault cluster tests skipped: VAULT_BINARY is not set (VAULT_BINARY="$(scripts/vault/build.sh)" npx jest test/runtime/vault)',
  );
}

const MINUTE = 60_000;
const SECRET = "secret/ha";

/** Node name -> loopback address. */
type Layout = Record<string, string>;

async function form(cluster: LocalVaultCluster, layout: Layout): Promise<string> {
  const ips = Object.values(layout);
  // Every node issues its certificate at once, as a new group's nodes boot together: they race to create the CA.
  const issued = await Promise.all(Object.entries(layout).map(([name, ip]) => cluster.issueTls(name, ip)));
  expect(issued).toEqual(ips.map(() => "issued"));
  const versions = cluster.caVersions();
  expect(versions.length).toBeGreaterThanOrEqual(1);
  // All nodes trust the oldest CA version, whoever won the race.
  const oldest = versions[0].slice(0, versions[0].indexOf("-----END CERTIFICATE-----"));
  expect(readFileSync(cluster.caFile, "utf8").startsWith(oldest)).toBe(true);

  for (const [name, ip] of Object.entries(layout)) await cluster.start(name, ip, ips);
  for (const ip of ips) expect(cluster.status(ip)).toMatchObject({ initialized: false, sealed: true });

  // The runbook: init on one node (recovery keys, auto-unseal), then vault-post-init with the root token.
  const [first] = ips;
  const init = cluster.run(
    ["operator", "init", "-recovery-shares=5", "-recovery-threshold=3", "-format=json"],
    {
      addr: `https://${first}:8200`,
    },
  );
  if (init.status !== 0) throw new Error(`vault operator init: ${init.stderr}`);
  const { root_token: token, recovery_keys_b64: recovery } = JSON.parse(init.stdout);
  expect(recovery).toHaveLength(5);
  const post = cluster.postInit(first, token, "1m");
  if (post.status !== 0) throw new Error(`vault-post-init: ${post.stderr}`);
  expect(post.stdout).toMatch(/Cleanup Dead Servers\s+true/);
  expect(post.stdout).toMatch(new RegExp(`Min Quorum\\s+${ips.length}`));
  return token;
}

/** Autopilot's view from `ip` once every name in `voters` is a healthy voter and no one else is listed. */
async function healthy(
  cluster: LocalVaultCluster,
  ip: string,
  token: string,
  voters: string[],
  ms = 2 * MINUTE,
) {
  return waitFor(`${voters.join(", ")} as the healthy voters`, ms, () => {
    const state = cluster.autopilot(ip, token);
    const servers = Object.values(state.Servers);
    return (
      state.Healthy === true &&
      [...state.Voters].sort().join() === [...voters].sort().join() &&
      servers.length === voters.length &&
      servers.every((s) => s.Healthy && s.Status !== "non-voter") &&
      state
    );
  });
}

/** A (re)started node is back: unsealed, caught up with the leader, and all of `voters` healthy voters. */
async function rejoined(
  cluster: LocalVaultCluster,
  ip: string,
  leaderIp: string,
  token: string,
  voters: string[],
  ms = 2 * MINUTE,
) {
  await waitFor(`${ip} unsealed and caught up with ${leaderIp}`, ms, () => {
    const status = cluster.status(ip);
    return status.sealed === false && appliedIndex(cluster, ip) >= appliedIndex(cluster, leaderIp);
  });
  return healthy(cluster, leaderIp, token, voters, ms);
}

function leaderOf(cluster: LocalVaultCluster, ip: string, token: string): Peer | undefined {
  return cluster.peers(ip, token).find((p) => p.leader);
}

function read(cluster: LocalVaultCluster, ip: string, token: string): string {
  return (<{ data: { data: { value: string } } }>cluster.ok(ip, ["kv", "get", "-format=json", SECRET], token))
    .data.data.value;
}

function write(cluster: LocalVaultCluster, ip: string, token: string, value: string): void {
  cluster.ok(ip, ["kv", "put", SECRET, `value=${value}`], token);
}

function appliedIndex(cluster: LocalVaultCluster, ip: string): number {
  return Number(cluster.status(ip).raft_applied_index);
}

suite("a 3-node Vault cluster from the staging stack's rendered configuration (real Vault servers)", () => {
  const layout: Layout = { "vault-1": "127.0.0.11", "vault-2": "127.0.0.12", "vault-3": "127.0.0.13" };
  const ips = Object.values(layout);
  let cluster: LocalVaultCluster;
  let token = "";

  beforeAll(async () => {
    const rendered = renderedVault("staging-vault");
    expect(rendered.nodes).toBe(3);
    cluster = new LocalVaultCluster(rendered, "127.0.0.0/24");
    cluster.installCli();
    await cluster.startTransit("127.0.0.10");
  }, 2 * MINUTE);

  afterAll(async () => {
    await cluster?.stop();
  }, MINUTE);

  test(
    "forms with TLS verified: init on one node, the others join over verified HTTPS and become voters",
    async () => {
      token = await form(cluster, layout);
      const state = await healthy(cluster, ips[0], token, Object.keys(layout));
      expect(state.FailureTolerance).toBe(1);
      const clusterIds = ips.map((ip) => cluster.status(ip).cluster_id);
      expect(new Set(clusterIds).size).toBe(1);
      expect(
        cluster
          .peers(ips[0], token)
          .map((p) => p.address)
          .sort(),
      ).toEqual(ips.map((ip) => `${ip}:8201`));
      // Every node's certificate names its own address (verified above by connecting to the IP) and the
      // service name the node CLI and retry_join use.
      for (const ip of ips)
        expect(
          cluster.run(["status"], { addr: `https://${ip}:8200`, serverName: cluster.rendered.serviceName })
            .status,
        ).toBe(0);
      // Verification is on: without the deployment's CA the same call is refused.
      const unverified = cluster.run(["status"], { addr: `https://${ips[0]}:8200`, caFile: null });
      expect(unverified.status).not.toBe(0);
      expect(unverified.stderr).toMatch(/certificate signed by unknown authority|certificate is not trusted/);
    },
    4 * MINUTE,
  );

  test(
    "a write on the leader is readable after the leader is lost; the old leader comes back a healthy voter",
    async () => {
      cluster.ok(ips[0], ["secrets", "enable", "-path=secret", "kv-v2"], token);
      const lost = leaderOf(cluster, ips[0], token)!;
      const leaderIp = layout[lost.node_id];
      write(cluster, leaderIp, token, "before-leader-loss");
      await cluster.kill(lost.node_id);

      const survivors = ips.filter((ip) => ip !== leaderIp);
      const next = await waitFor("a new leader", 2 * MINUTE, () => {
        const leader = leaderOf(cluster, survivors[0], token);
        return leader && leader.node_id !== lost.node_id && leader;
      });
      for (const ip of survivors) expect(read(cluster, ip, token)).toBe("before-leader-loss");
      write(cluster, layout[next.node_id], token, "after-leader-loss");

      // Reboot or recreation with its raft disk and its (stateful) address: back without any manual step.
      await cluster.start(lost.node_id, leaderIp, ips);
      await rejoined(cluster, leaderIp, layout[next.node_id], token, Object.keys(layout));
      expect(read(cluster, leaderIp, token)).toBe("after-leader-loss");
    },
    5 * MINUTE,
  );

  test(
    "a node back with its raft data at a NEW address is shut out of raft while looking healthy; at its stable address it is a voter again",
    async () => {
      const leader = leaderOf(cluster, ips[0], token)!;
      const name = Object.keys(layout).find((n) => n !== leader.node_id)!;
      const leaderIp = layout[leader.node_id];
      const moved = "127.0.0.17";
      await cluster.kill(name);
      // What a recreated VM without a stateful IP would do: same name, same raft disk, another address.
      expect(await cluster.issueTls(name, moved)).toBe("issued");
      await cluster.start(name, moved, ips);
      await waitFor(`${name} unsealed at ${moved}`, MINUTE, () => cluster.status(moved).sealed === false);
      const before = appliedIndex(cluster, moved);
      write(cluster, leaderIp, token, "while-moved");
      await sleep(20_000);
      // Raft still knows only the old address and never replicates to the new one ...
      expect(cluster.peers(leaderIp, token).find((p) => p.node_id === name)?.address).toBe(
        `${layout[name]}:8201`,
      );
      expect(appliedIndex(cluster, moved)).toBe(before);
      expect(appliedIndex(cluster, leaderIp)).toBeGreaterThan(before);
      // ... while it answers as an unsealed standby: the load balancer's serving health check passes it.
      expect(cluster.status(moved)).toMatchObject({ initialized: true, sealed: false, ha_enabled: true });
      expect(cluster.status(moved).is_self).not.toBe(true);
      expect(await cluster.httpStatus(moved, SERVING_PATH)).toBe(200);

      // The group's stateful internal IP gives the recreated node its address back: no manual step.
      await cluster.kill(name);
      expect(await cluster.issueTls(name, layout[name])).toBe("issued");
      await cluster.start(name, layout[name], ips);
      await rejoined(cluster, layout[name], leaderIp, token, Object.keys(layout));
      expect(read(cluster, layout[name], token)).toBe("while-moved");
    },
    5 * MINUTE,
  );

  test(
    "a node whose raft disk (and boot disk) is replaced by an empty one rejoins, catches up and votes",
    async () => {
      const leader = leaderOf(cluster, ips[0], token)!;
      const name = Object.keys(layout).find((n) => n !== leader.node_id)!;
      await cluster.kill(name);
      cluster.wipe(name);
      expect(await cluster.issueTls(name, layout[name])).toBe("issued");
      await cluster.start(name, layout[name], ips);
      await rejoined(cluster, layout[name], layout[leader.node_id], token, Object.keys(layout));
      expect(read(cluster, layout[name], token)).toBe("while-moved");
    },
    4 * MINUTE,
  );

  test(
    "autopilot keeps a dead voter while the cluster is at its configured size, and removes it once a new node joined",
    async () => {
      const leader = leaderOf(cluster, ips[0], token)!;
      const leaderIp = layout[leader.node_id];
      const dead = Object.keys(layout).find((n) => n !== leader.node_id)!;
      await cluster.kill(dead);
      // Past the dead-server threshold (1m here, 10m deployed) and a reconcile interval: min_quorum (3) holds it.
      await sleep(80_000);
      const waiting = cluster.autopilot(leaderIp, token);
      expect(Object.keys(waiting.Servers).sort()).toEqual(Object.keys(layout).sort());
      expect(waiting.Servers[dead].Healthy).toBe(false);
      expect(waiting.Servers[dead].NodeStatus).not.toBe("alive");
      expect(waiting.FailureTolerance).toBe(0);

      // A replacement instance: a new name, a new address, an empty disk.
      const survivors = Object.keys(layout).filter((n) => n !== dead);
      const replacement = "vault-4";
      const replacementIp = "127.0.0.14";
      expect(await cluster.issueTls(replacement, replacementIp)).toBe("issued");
      await cluster.start(replacement, replacementIp, [...ips, replacementIp]);
      const state = await rejoined(
        cluster,
        replacementIp,
        leaderIp,
        token,
        [...survivors, replacement],
        3 * MINUTE,
      );
      expect(state.FailureTolerance).toBe(1);
      expect(read(cluster, replacementIp, token)).toBe("while-moved");
      // The audit device vault-post-init enabled recorded the requests.
      expect(existsSync(cluster.auditLog) && readFileSync(cluster.auditLog, "utf8")).toMatch(
        /"path":"secret\/data\/ha"/,
      );
    },
    6 * MINUTE,
  );
});

suite("a 5-node Vault cluster from the prod stack's rendered configuration (real Vault servers)", () => {
  const layout: Layout = {
    "vault-1": "127.0.0.21",
    "vault-2": "127.0.0.22",
    "vault-3": "127.0.0.23",
    "vault-4": "127.0.0.24",
    "vault-5": "127.0.0.25",
  };
  const ips = Object.values(layout);
  let cluster: LocalVaultCluster;
  let token = "";

  beforeAll(async () => {
    const rendered = renderedVault("prod-vault");
    expect(rendered.nodes).toBe(5);
    cluster = new LocalVaultCluster(rendered, "127.0.0.0/24");
    cluster.installCli();
    await cluster.startTransit("127.0.0.20");
  }, 2 * MINUTE);

  afterAll(async () => {
    await cluster?.stop();
  }, MINUTE);

  test(
    "forms with 5 voters, tolerating 2 failures",
    async () => {
      token = await form(cluster, layout);
      const state = await healthy(cluster, ips[0], token, Object.keys(layout), 3 * MINUTE);
      expect(state.FailureTolerance).toBe(2);
    },
    5 * MINUTE,
  );

  test(
    "loses the leader and a follower at once: the other 3 keep the data and accept writes; the 2 return as voters",
    async () => {
      cluster.ok(ips[0], ["secrets", "enable", "-path=secret", "kv-v2"], token);
      const leader = leaderOf(cluster, ips[0], token)!;
      write(cluster, layout[leader.node_id], token, "five-before");
      const follower = Object.keys(layout).find((n) => n !== leader.node_id)!;
      await Promise.all([cluster.kill(leader.node_id), cluster.kill(follower)]);

      const rest = Object.keys(layout).filter((n) => n !== leader.node_id && n !== follower);
      const next = await waitFor("a new leader among the 3", 2 * MINUTE, () => {
        const found = leaderOf(cluster, layout[rest[0]], token);
        return found && rest.includes(found.node_id) && found;
      });
      for (const name of rest) expect(read(cluster, layout[name], token)).toBe("five-before");
      write(cluster, layout[next.node_id], token, "five-after");

      await cluster.start(leader.node_id, layout[leader.node_id], ips);
      await cluster.start(follower, layout[follower], ips);
      await rejoined(
        cluster,
        layout[leader.node_id],
        layout[next.node_id],
        token,
        Object.keys(layout),
        3 * MINUTE,
      );
      const state = await rejoined(
        cluster,
        layout[follower],
        layout[next.node_id],
        token,
        Object.keys(layout),
      );
      expect(state.FailureTolerance).toBe(2);
      for (const name of [leader.node_id, follower])
        expect(read(cluster, layout[name], token)).toBe("five-after");
    },
    6 * MINUTE,
  );
});
