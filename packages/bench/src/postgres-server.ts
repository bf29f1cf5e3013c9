/**
 * A throw-away PostgreSQL server for the peer: Debian's binaries, a fresh cluster in a temp
 * directory, listening on 127.0.0.1 only, stopped and deleted afterwards.
 *
 * PostgreSQL refuses to run as root, so when the bench runs as root the cluster belongs to the
 * `postgres` user (created by Debian's package): the temp directory is handed to it and
 * initdb/pg_ctl run through `runuser -u postgres`. Durability is left as a payments database
 * would have it and checked, not assumed: fsync, synchronous_commit and full_page_writes on.
 * (initdb's --no-sync only skips flushing the empty cluster it creates; it does not touch how
 * the server commits.)
 *
 * Anything missing is reported as a PostgresUnavailableError whose message says why, so the bench
 * can skip the peer and run the rest.
 */
import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { chown, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export class PostgresUnavailableError extends Error {
  override name = "PostgresUnavailableError";
}

export interface PostgresBinaries {
  readonly binDir: string;
  readonly version: string;
}

/** Debian's layout first (/usr/lib/postgresql/VERSION/bin, newest), then the PATH. */
export function findPostgres(): PostgresBinaries | undefined {
  const root = "/usr/lib/postgresql";
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => existsSync(join(root, v, "bin", "initdb")))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0] !== undefined) {
      return { binDir: join(root, versions[0], "bin"), version: versions[0] };
    }
  }
  for (const dir of (process.env["PATH"] ?? "").split(":")) {
    if (dir !== "" && existsSync(join(dir, "initdb")) && existsSync(join(dir, "pg_ctl"))) {
      return { binDir: dir, version: "unknown" };
    }
  }
  return undefined;
}

const isRoot = () => process.getuid?.() === 0;

/**
 * Installs Debian's postgresql with apt-get when it is missing and the bench may (root, apt-get
 * present). Resolves with the binaries, or throws PostgresUnavailableError saying why not.
 */
export async function ensurePostgres(options: {
  install: boolean;
  log: (line: string) => void;
}): Promise<PostgresBinaries> {
  const found = findPostgres();
  if (found !== undefined) return found;
  if (!options.install) {
    throw new PostgresUnavailableError(
      "PostgreSQL is not installed (no initdb in /usr/lib/postgresql/*/bin or on the PATH); " +
        "install it with `apt-get install -y postgresql`, or run without --no-install",
    );
  }
  if (!isRoot() || !existsSync("/usr/bin/apt-get")) {
    throw new PostgresUnavailableError(
      "PostgreSQL is not installed and the bench cannot install it here (needs root and apt-get); " +
        "install Debian's postgresql package and run again",
    );
  }
  options.log("installing PostgreSQL: apt-get update && apt-get install -y postgresql …");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  try {
    await run("apt-get", ["update"], { env, maxBuffer: 64 * 1024 * 1024 });
    await run("apt-get", ["install", "-y", "postgresql"], { env, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? "")
      .trim()
      .split("\n")
      .slice(-3);
    throw new PostgresUnavailableError(
      `apt-get could not install postgresql: ${stderr.join(" / ") || (error as Error).message}`,
    );
  }
  const installed = findPostgres();
  if (installed === undefined) {
    throw new PostgresUnavailableError("apt-get installed postgresql but no initdb was found");
  }
  return installed;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function passwdEntry(user: string): Promise<{ uid: number; gid: number } | undefined> {
  const line = readFileSync("/etc/passwd", "utf8")
    .split("\n")
    .find((l) => l.startsWith(`${user}:`));
  if (line === undefined) return undefined;
  const fields = line.split(":");
  return { uid: Number(fields[2]), gid: Number(fields[3]) };
}

export interface RunningPostgres {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly database: string;
  readonly version: string;
  /** The postmaster; its children are the backends. */
  readonly pid: number;
  readonly dir: string;
  stop(): Promise<void>;
}

/** The server settings the peer depends on: durable commits, local connections only. */
function serverOptions(port: number, socketDir: string): string {
  return [
    "-c listen_addresses=127.0.0.1",
    `-p ${port}`,
    `-k ${socketDir}`,
    "-c fsync=on",
    "-c synchronous_commit=on",
    "-c full_page_writes=on",
    "-c max_connections=100",
  ].join(" ");
}

export async function startPostgres(binaries: PostgresBinaries): Promise<RunningPostgres> {
  const asRoot = isRoot();
  const owner = asRoot ? await passwdEntry("postgres") : undefined;
  if (asRoot && owner === undefined) {
    throw new PostgresUnavailableError(
      "running as root and there is no `postgres` user to own the cluster (Debian's postgresql " +
        "package creates it); run the bench as a non-root user, or install the package",
    );
  }
  const dir = await mkdtemp(join(tmpdir(), "tongbao-pg-"));
  const data = join(dir, "data");
  const log = join(dir, "postgres.log");
  const bin = (name: string) => join(binaries.binDir, name);
  const as = (command: string, args: readonly string[]) =>
    asRoot
      ? run("runuser", ["-u", "postgres", "--", command, ...args], { cwd: dir })
      : run(command, [...args], { cwd: dir });
  const fail = async (what: string, error: unknown): Promise<never> => {
    const stderr = String((error as { stderr?: string }).stderr ?? "").trim();
    const tail = existsSync(log) ? readFileSync(log, "utf8").trim().split("\n").slice(-3) : [];
    await rm(dir, { recursive: true, force: true });
    throw new PostgresUnavailableError(
      `${what} failed: ${[stderr, ...tail].filter((l) => l !== "").join(" / ") || (error as Error).message}`,
    );
  };
  if (owner !== undefined) await chown(dir, owner.uid, owner.gid);
  const port = await freePort();
  try {
    await as(bin("initdb"), [
      "-D",
      data,
      "-U",
      "postgres",
      "-A",
      "trust",
      "-E",
      "UTF8",
      "--locale=C",
      "--no-sync",
    ]);
  } catch (error) {
    return fail("initdb", error);
  }
  try {
    await as(bin("pg_ctl"), [
      "-D",
      data,
      "-l",
      log,
      "-w",
      "-t",
      "60",
      "-o",
      serverOptions(port, dir),
      "start",
    ]);
  } catch (error) {
    return fail("pg_ctl start", error);
  }
  const pid = Number(readFileSync(join(data, "postmaster.pid"), "utf8").split("\n")[0]);
  let stopped = false;
  return {
    host: "127.0.0.1",
    port,
    user: "postgres",
    database: "postgres",
    version: binaries.version,
    pid,
    dir,
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        await as(bin("pg_ctl"), ["-D", data, "-m", "fast", "-w", "-t", "30", "stop"]);
      } catch {
        // Already gone; the directory goes anyway.
        try {
          process.kill(pid, "SIGKILL");
        } catch {
          // Not running.
        }
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
