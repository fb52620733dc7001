import { type SpawnSyncReturns, spawnSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";

/** Programs the drill and the tests need from one PostgreSQL installation. */
const PROGRAMS = ["initdb", "pg_ctl", "postgres", "psql", "pg_dump", "pg_restore"];

/**
 * The bin directory of a local PostgreSQL: $PG_BIN when set, else the newest of /usr/lib/postgresql/<major>/bin
 * (Debian) holding every program the tests need; undefined when there is none.
 */
export function findPostgresBin(): string | undefined {
  const candidates = process.env.PG_BIN
    ? [process.env.PG_BIN]
    : existsSync("/usr/lib/postgresql")
      ? readdirSync("/usr/lib/postgresql")
          .filter((v) => /^\d+$/.test(v))
          .sort((a, b) => Number(b) - Number(a))
          .map((v) => `/usr/lib/postgresql/${v}/bin`)
      : [];
  return candidates.find((dir) => PROGRAMS.every((p) => existsSync(join(dir, p))));
}

/** A free TCP port on loopback, from the kernel. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const AS_ROOT = userInfo().uid === 0;

/**
 * A throwaway PostgreSQL server listening on 127.0.0.1 only (trust authentication, loopback only), in a new
 * temporary directory; run as the postgres user when the tests run as root (initdb refuses root).
 */
export class LocalPostgres {
  readonly dir: string;
  readonly data: string;
  private started = false;

  constructor(
    readonly bin: string,
    readonly port: number,
  ) {
    this.dir = mkdtempSync(join(tmpdir(), "backup-drill-pg-"));
    chmodSync(this.dir, 0o755);
    if (AS_ROOT) chownSync(this.dir, uidOf("postgres"), gidOf("postgres"));
    this.data = join(this.dir, "data");
  }

  /** Environment for libpq clients (psql, pg_dump, the drill's --server mode). */
  get env(): NodeJS.ProcessEnv {
    return { ...process.env, PGHOST: "127.0.0.1", PGPORT: String(this.port), PGUSER: "postgres" };
  }

  start(): void {
    this.asServer(["initdb", "-D", this.data, "-U", "postgres", "--auth=trust", "--no-sync"], 60_000);
    this.asServer(
      [
        "pg_ctl",
        "-D",
        this.data,
        "-w",
        "-t",
        "60",
        "-l",
        join(this.dir, "server.log"),
        "-o",
        `-c listen_addresses=127.0.0.1 -p ${this.port} -c unix_socket_directories='${this.dir}' -c fsync=off`,
        "start",
      ],
      90_000,
    );
    this.started = true;
  }

  /** Runs SQL through psql (ON_ERROR_STOP) as `user` on `database`; throws with psql's output on failure. */
  sql(sql: string, database = "postgres", user = "postgres"): string {
    const result = spawnSync(
      join(this.bin, "psql"),
      ["-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-U", user, "-d", database, "-f", "-"],
      { env: this.env, input: sql, encoding: "utf8", timeout: 60_000 },
    );
    if (result.status !== 0) throw new Error(`psql failed: ${result.stderr}${result.error ?? ""}`);
    return result.stdout.trim();
  }

  /** Runs a client program of this installation (pg_dump, ...) against the server. */
  client(program: string, args: string[]): SpawnSyncReturns<Buffer> {
    const result = spawnSync(join(this.bin, program), args, { env: this.env, timeout: 120_000 });
    if (result.status !== 0) throw new Error(`${program} failed: ${result.stderr}${result.error ?? ""}`);
    return result;
  }

  stop(): void {
    if (this.started) {
      const stop = [join(this.bin, "pg_ctl"), "-D", this.data, "-m", "immediate", "-w", "stop"];
      if (AS_ROOT) spawnSync("runuser", ["-u", "postgres", "--", ...stop], { timeout: 60_000 });
      else spawnSync(stop[0], stop.slice(1), { timeout: 60_000 });
      this.started = false;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  private asServer(args: string[], timeout: number): void {
    const [program, ...rest] = args;
    const command = AS_ROOT
      ? spawnSync("runuser", ["-u", "postgres", "--", join(this.bin, program), ...rest], {
          timeout,
          encoding: "utf8",
        })
      : spawnSync(join(this.bin, program), rest, { timeout, encoding: "utf8" });
    if (command.status !== 0) throw new Error(`${program} failed: ${command.stderr}${command.error ?? ""}`);
  }
}

function uidOf(user: string): number {
  return Number(spawnSync("id", ["-u", user], { encoding: "utf8" }).stdout.trim());
}

function gidOf(user: string): number {
  return Number(spawnSync("id", ["-g", user], { encoding: "utf8" }).stdout.trim());
}
