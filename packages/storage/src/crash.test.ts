// Goal: a validator killed with SIGKILL at any instant finds on restart a consistent prefix of
// whole blocks that includes every block, durable WAL record and safety save it had reported
// done — the LMDB backend's durability claims, checked against real processes and a real disk.
// Method: a child process (test/crash-writer.ts) writes height after height and prints each
// write after it returns; the parent kills it after a delay drawn from a seeded Prng, reopens the
// directory and checks heights 1..last are all present and byte-identical to what the writer
// generated, the WAL of the next height holds every reported durable record in order, and the
// safety data is at least as far as reported; then reopens again and expects the same state.
// Several rounds run on one directory, so each child also recovers from the previous kill.
// A failure prints the seed; STORAGE_CRASH_SEED=<seed> replays the same delays.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Prng } from "@tongbao/std";
import { IDENTITY, h } from "../test/blocks.ts";
import { crashBlockAt, walRecordAt, walRecordId } from "../test/crash-data.ts";
import { openStorage } from "./index.ts";

const SEED = Number(process.env.STORAGE_CRASH_SEED ?? 20_240_601);
const ROUNDS = 10;
/** The kill comes this long after the child reports its first block of the round. */
const KILL_DELAY_MS_MAX = 200;
/** A writer that has saved no block after this long is broken, not slow. */
const STALLED_WRITER_MS = 60_000;
const WRITER = new URL("../test/crash-writer.ts", import.meta.url).pathname;
const PACKAGE_DIR = new URL("..", import.meta.url).pathname;

interface Reports {
  readonly startHeight: number;
  readonly blocks: number[];
  readonly wal: Array<{ height: number; index: number }>;
  readonly safety: number[];
}

/** Runs one writer until it has saved a block, waits `delayMs`, kills it, returns its reports. */
function runAndKill(dir: string, round: number, delayMs: number): Promise<Reports> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", WRITER, dir, String(SEED), String(round)],
      { cwd: PACKAGE_DIR, stdio: ["ignore", "pipe", "pipe"] },
    );
    let stdout = "";
    let stderr = "";
    let killScheduled = false;
    // Never leave a writer behind: one that saves no block at all is stopped and reported.
    const watchdog = setTimeout(() => child.kill("SIGKILL"), STALLED_WRITER_MS);
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      if (!killScheduled && /^block /m.test(stdout)) {
        killScheduled = true;
        clearTimeout(watchdog);
        setTimeout(() => child.kill("SIGKILL"), delayMs);
      }
    });
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(watchdog);
      if (!killScheduled) {
        reject(new Error(`writer saved no block (exit ${code ?? signal}):\n${stderr}`));
        return;
      }
      if (signal !== "SIGKILL") {
        reject(new Error(`writer exited with ${code ?? signal} before the kill:\n${stderr}`));
        return;
      }
      const reports: Reports = { startHeight: -1, blocks: [], wal: [], safety: [] };
      let startHeight = -1;
      for (const line of stdout.split("\n")) {
        const [kind, a, b] = line.split(" ");
        if (kind === "ready") startHeight = Number(a);
        else if (kind === "block") reports.blocks.push(Number(a));
        else if (kind === "safety") reports.safety.push(Number(a));
        else if (kind === "wal") reports.wal.push({ height: Number(a), index: Number(b) });
      }
      resolve({ ...reports, startHeight });
    });
  });
}

interface Observed {
  readonly lastHeight: number;
  readonly nextWal: Uint8Array[];
  readonly safetyHeight: number | undefined;
}

/** Opens the directory, checks everything the writer reported, and returns what it found. */
async function check(dir: string, round: number, reports: Reports): Promise<Observed> {
  const storage = await openStorage({ dir, ...IDENTITY });
  try {
    const last = storage.blocks.lastHeight();
    const reportedLast = Math.max(reports.startHeight, ...reports.blocks);
    assert.ok(last >= reportedLast, `block ${reportedLast} was reported saved; last is ${last}`);
    assert.ok(last <= reportedLast + 1, `last height ${last} was never written`);
    // A gap-free prefix: every height from 1 to last, byte-identical to what was generated.
    let height = 0;
    for (const block of storage.blocks.range(h(1), h(last))) {
      height++;
      assert.deepEqual(block, crashBlockAt(SEED, height), `block ${height} differs`);
    }
    assert.equal(height, last, "range stopped before the last height");
    assert.equal(storage.blocks.loadCommitted(h(last + 1)), undefined);
    assert.deepEqual(storage.blocks.lastCommitted()?.blockId, crashBlockAt(SEED, last).blockId);

    // The WAL of the height in progress: intact records in append order (round, then index),
    // including every durable one this round reported.
    const nextWal = storage.wal.records(h(last + 1));
    const ids = nextWal.map(walRecordId);
    ids.forEach((id, i) => {
      assert.equal(id.height, last + 1);
      assert.deepEqual(nextWal[i], walRecordAt(SEED, id.round, id.height, id.index));
      const previous = ids[i - 1];
      if (previous !== undefined) {
        const ordered =
          previous.round < id.round || (previous.round === id.round && previous.index < id.index);
        assert.ok(ordered, `WAL records out of order at position ${i}`);
      }
    });
    for (const reported of reports.wal.filter((r) => r.height === last + 1)) {
      const found = ids.some((id) => id.round === round && id.index === reported.index);
      assert.ok(found, `durable WAL record ${last + 1}/${reported.index} is missing`);
    }

    const safetyHeight = storage.safety.load()?.last?.height;
    const reportedSafety = Math.max(0, ...reports.safety);
    assert.ok((safetyHeight ?? 0) >= reportedSafety, "a reported safety save is missing");
    assert.ok((safetyHeight ?? 0) <= last + 1, "safety data ahead of anything written");
    return { lastHeight: last, nextWal, safetyHeight };
  } finally {
    await storage.close();
  }
}

test(
  "SIGKILL at a random moment leaves a consistent, complete prefix",
  { timeout: 120_000 },
  async () => {
    const prng = new Prng(SEED);
    const dir = mkdtempSync(join(tmpdir(), "tongbao-crash-"));
    try {
      let previous = 0;
      for (let round = 0; round < ROUNDS; round++) {
        const delayMs = prng.between(0, KILL_DELAY_MS_MAX);
        const reports = await runAndKill(dir, round, delayMs);
        assert.equal(reports.startHeight, previous, "the writer resumed from another height");
        const observed = await check(dir, round, reports);
        // Reopening is idempotent: a second open finds exactly the same state.
        assert.deepEqual(await check(dir, round, reports), observed);
        previous = observed.lastHeight;
      }
      assert.ok(previous >= ROUNDS, "each round saves at least one block before the kill");
    } catch (error) {
      throw new Error(`crash test failed with seed ${SEED} (STORAGE_CRASH_SEED=${SEED})`, {
        cause: error,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
