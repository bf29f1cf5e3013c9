/**
 * Building the wallet from Node: what the devnet runs before it starts its gateways, and what
 * `npm run build -w @tongbao/wallet` runs. vite bundles src/ (and the workspace packages it
 * imports) into dist/; a stamp in dist/ records a hash of every input, so an unchanged wallet is
 * not rebuilt and a changed one — or a changed client, api, codec, ledger, types or std — is.
 *
 * Several processes may want the build at once (two devnets of the test suite): a lock file
 * lets one build while the others wait and then find it fresh. A build is written beside dist/
 * and swapped in by two renames, so a gateway serving dist/ never sees it half-written.
 */
import { createHash } from "node:crypto";
import { open, readFile, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { WALLET_ROOT, walletViteConfig } from "./vite-config.ts";

/** Where the build goes, and what a gateway serves at /wallet/. */
export const WALLET_DIST_DIR = join(WALLET_ROOT, "dist");

/** The input hash of the build in dist/; a dot file, so the gateway never serves it. */
const STAMP_FILE = ".build-stamp";

/** Sources bundled into the wallet besides its own: the browser side of these packages. */
const BUNDLED_PACKAGES = [
  "client",
  "api",
  "emvqr",
  "codec",
  "ledger",
  "travel-rule",
  "types",
  "std",
];

/** What a stale check hashes: the wallet's page, sources and build config, and its imports'. */
async function inputFiles(): Promise<string[]> {
  const packages = join(WALLET_ROOT, "..");
  const roots = [
    join(WALLET_ROOT, "index.html"),
    join(WALLET_ROOT, "package.json"),
    join(WALLET_ROOT, "build", "vite-config.ts"),
    join(WALLET_ROOT, "src"),
    join(WALLET_ROOT, "public"),
    ...BUNDLED_PACKAGES.flatMap((name) => [
      join(packages, name, "package.json"),
      join(packages, name, "src"),
    ]),
    // The versions of preact, vite and noble in use.
    join(WALLET_ROOT, "..", "..", "package-lock.json"),
  ];
  const files: string[] = [];
  const walk = async (path: string): Promise<void> => {
    const info = await stat(path).catch(() => undefined);
    if (info === undefined) return;
    if (info.isFile()) {
      if (!/\.test\.tsx?$/.test(path)) files.push(path);
      return;
    }
    for (const name of (await readdir(path)).sort()) await walk(join(path, name));
  };
  for (const root of roots) await walk(root);
  return files;
}

/** A hash over the inputs' paths and contents: equal hashes mean an equal build. */
export async function walletInputHash(): Promise<string> {
  const hash = createHash("sha256");
  for (const file of await inputFiles()) {
    hash.update(relative(WALLET_ROOT, file)).update("\0");
    hash.update(await readFile(file)).update("\0");
  }
  return hash.digest("hex");
}

/** True when dist/ is missing or was built from other inputs than the current ones. */
export async function walletBuildStale(outDir = WALLET_DIST_DIR): Promise<boolean> {
  const stamp = await readFile(join(outDir, STAMP_FILE), "utf8").catch(() => undefined);
  const index = await stat(join(outDir, "index.html")).catch(() => undefined);
  return stamp === undefined || index === undefined || stamp.trim() !== (await walletInputHash());
}

export interface WalletBuild {
  readonly outDir: string;
  /** Files written, relative to outDir, with their sizes. */
  readonly files: ReadonlyArray<{ readonly file: string; readonly bytes: number }>;
  readonly durationMs: number;
}

/** How long a process waits for another's build before giving up: a cold build takes ~10 s. */
export const BUILD_LOCK_WAIT_MS = 180_000;
const BUILD_LOCK_POLL_MS = 250;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Runs `work` holding `outDir`'s build lock; a lock left by a dead process is taken over. */
async function withBuildLock<T>(outDir: string, work: () => Promise<T>): Promise<T> {
  const lock = `${outDir}.lock`;
  const deadline = performance.now() + BUILD_LOCK_WAIT_MS;
  for (;;) {
    try {
      const handle = await open(lock, "wx");
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number(await readFile(lock, "utf8").catch(() => ""));
      if (Number.isInteger(owner) && owner > 0 && !alive(owner)) {
        await rm(lock, { force: true });
        continue;
      }
      if (performance.now() > deadline) {
        throw new Error(
          `another process (pid ${owner}) has been building the wallet for too long; delete ${lock} if it is gone`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, BUILD_LOCK_POLL_MS));
    }
  }
  try {
    return await work();
  } finally {
    await rm(lock, { force: true });
  }
}

/** Builds the wallet into `outDir` (dist/ by default) and stamps it. */
export async function buildWallet(options: { outDir?: string } = {}): Promise<WalletBuild> {
  const outDir = options.outDir ?? WALLET_DIST_DIR;
  return withBuildLock(outDir, () => buildUnlocked(outDir));
}

async function buildUnlocked(outDir: string): Promise<WalletBuild> {
  const started = performance.now();
  const inputHash = await walletInputHash();
  const next = `${outDir}-next`;
  const previous = `${outDir}-previous`;
  // Loaded here, not at the top: a gateway that only serves a build never loads vite.
  const { build } = await import("vite");
  await build({ ...walletViteConfig({ outDir: next }), logLevel: "warn" });
  await writeFile(join(next, STAMP_FILE), inputHash + "\n");
  await rm(previous, { recursive: true, force: true });
  await rename(outDir, previous).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "ENOENT") throw error;
  });
  await rename(next, outDir);
  await rm(previous, { recursive: true, force: true });
  const files: { file: string; bytes: number }[] = [];
  const list = async (dir: string): Promise<void> => {
    for (const name of (await readdir(dir)).sort()) {
      if (name.startsWith(".")) continue;
      const path = join(dir, name);
      const info = await stat(path);
      if (info.isDirectory()) await list(path);
      else files.push({ file: relative(outDir, path), bytes: info.size });
    }
  };
  await list(outDir);
  return { outDir, files, durationMs: performance.now() - started };
}

/**
 * Builds the wallet if its build is missing or stale; `onProgress` hears one line before a
 * build starts (it takes a few seconds). Resolves with the build directory and whether it built.
 */
export async function ensureWalletBuilt(
  options: { outDir?: string; onProgress?: (line: string) => void } = {},
): Promise<{ outDir: string; built: WalletBuild | undefined }> {
  const outDir = options.outDir ?? WALLET_DIST_DIR;
  if (!(await walletBuildStale(outDir))) return { outDir, built: undefined };
  options.onProgress?.("Building the web wallet (vite, a few seconds)…");
  // Another process may be building it now: wait for the lock, then look again.
  const built = await withBuildLock(outDir, async () =>
    (await walletBuildStale(outDir)) ? buildUnlocked(outDir) : undefined,
  );
  return { outDir, built };
}
