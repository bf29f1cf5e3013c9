/**
 * Durable write rates of the LMDB storage on this machine's disk: committed blocks per second
 * (each one synced write of block + pointer) at a few payload sizes, and WAL appends per second
 * (each durable append one synced write). A benchmark, not a test: `npm run bench:storage`.
 * Each figure is the median of TRIALS runs, with the range, because fsync latency on a shared
 * virtual disk varies several-fold from one second to the next. The directory is under
 * os.tmpdir(); set TMPDIR to measure another disk.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Height } from "@tongbao/types";
import { openStorage, type Storage } from "../src/index.ts";
import { IDENTITY, blockAt, h } from "../test/blocks.ts";

const TRIAL_MS = 2_000;
const TRIALS = 5;

/** Runs `step` for TRIAL_MS, TRIALS times; returns operations per second of each trial. */
function measure(step: () => void): number[] {
  const rates: number[] = [];
  for (let trial = 0; trial < TRIALS; trial++) {
    let count = 0;
    const start = performance.now();
    while (performance.now() - start < TRIAL_MS) {
      step();
      count++;
    }
    rates.push((count * 1000) / (performance.now() - start));
  }
  return rates;
}

function summary(rates: number[]): string {
  const sorted = [...rates].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
  return `${fmt(median)}/s (range ${fmt(sorted[0]!)}–${fmt(sorted.at(-1)!)})`;
}

function benchBlocks(storage: Storage): void {
  for (const payloadBytes of [1024, 64 * 1024, 1024 * 1024]) {
    // The store does not read the bytes, so one encoded block serves every height.
    const template = blockAt(1, { payloadBytes, receipts: true });
    const rates = measure(() => {
      const height = (storage.blocks.lastHeight() + 1) as Height;
      storage.blocks.saveCommitted({ ...template, height });
    });
    console.log(`saveCommitted, ${payloadBytes / 1024} KiB payload: ${summary(rates)}`);
  }
}

function benchWal(storage: Storage): void {
  const record = new Uint8Array(200).fill(7);
  const height = h(storage.blocks.lastHeight() + 1);
  for (const durableEvery of [1, 4]) {
    let appended = 0;
    const rates = measure(() => {
      storage.wal.append(height, record, ++appended % durableEvery === 0);
    });
    storage.wal.prune(h(height + 1));
    const what = durableEvery === 1 ? "every append durable" : `1 in ${durableEvery} durable`;
    console.log(`WAL append, 200-byte records, ${what}: ${summary(rates)}`);
  }
}

const dir = mkdtempSync(join(tmpdir(), "tongbao-bench-"));
try {
  const storage = await openStorage({ dir, ...IDENTITY });
  benchBlocks(storage);
  benchWal(storage);
  await storage.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
