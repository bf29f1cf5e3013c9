/**
 * One node per data directory. LMDB's own locks are per process, so two node processes on one
 * directory would both open it — and two validators sharing safety data could sign twice. A
 * LOCK file holding the owner's pid refuses the second; a lock left by a dead process (kill -9)
 * is taken over.
 */
import { mkdir, open, readFile, rm } from "node:fs/promises";
import { join } from "node:path";

export class DataDirInUseError extends Error {
  override name = "DataDirInUseError";
}

export interface DataDirLock {
  readonly path: string;
  release(): Promise<void>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export async function lockDataDir(dir: string): Promise<DataDirLock> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, "LOCK");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(path, "wx", 0o600);
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      return { path, release: () => rm(path, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const pid = Number((await readFile(path, "utf8").catch(() => "")).trim());
    if (Number.isSafeInteger(pid) && pid > 0 && alive(pid)) {
      const owner = pid === process.pid ? "another node in this process" : `process ${pid}`;
      throw new DataDirInUseError(
        `data directory ${dir} is in use by ${owner}: stop that node first ` +
          `(if no node runs there, delete ${path})`,
      );
    }
    // A dead owner: its lock is stale.
    await rm(path, { force: true });
  }
  throw new DataDirInUseError(
    `data directory ${dir}: could not take ${path}; another node may be starting there`,
  );
}
