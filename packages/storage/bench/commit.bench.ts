/**
 * `npm run bench:commit`: what a block's durable write costs the node's main thread, the
 * synchronous way (blocks.saveCommitted then wal.prune: two synced transactions on this thread)
 * against commitBlock (one transaction whose commit and sync run on lmdb-js's write thread).
 *
 * Each trial commits BLOCKS blocks of PAYLOAD bytes, one every PERIOD_MS (each once the
 * previous is durable, as a node does). Reported per mode: the main thread's busy time per
 * commit (performance.eventLoopUtilization: time not idle in the event loop, which a
 * synchronous fsync counts as busy and a sync on another thread does not), the latency of a
 * commit (call to durable) and the event loop's longest stall. Modes alternate within each
 * round; medians over TRIALS rounds, and the per-round ratios async ÷ sync.
 * A benchmark, not a test. The directory is under os.tmpdir(); set TMPDIR for another disk.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { openStorage } from "../src/index.ts";
import { IDENTITY, blockAt, h } from "../test/blocks.ts";

const BLOCKS = Number(process.env.COMMIT_BENCH_BLOCKS ?? 60);
const PERIOD_MS = 50;
const PAYLOAD = 100_000; // About 500 payments of 200 bytes.
const TRIALS = Number(process.env.COMMIT_BENCH_TRIALS ?? 5);
const CHUNK = new Uint8Array(4096).fill(7);

type Mode = "sync" | "async";
interface Trial {
  busyMsPerCommit: number;
  commitMs: number;
  stallMaxMs: number;
}

const blocks = Array.from({ length: BLOCKS }, (_, i) => blockAt(i + 1, { payloadBytes: PAYLOAD }));
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function trial(mode: Mode): Promise<Trial> {
  const dir = mkdtempSync(join(tmpdir(), "tongbao-commit-bench-"));
  const storage = await openStorage({ dir, ...IDENTITY });
  const delay = monitorEventLoopDelay({ resolution: 1 });
  const commitMs: number[] = [];
  try {
    delay.enable();
    const start = performance.now();
    const before = performance.eventLoopUtilization();
    for (const [i, block] of blocks.entries()) {
      await sleep(Math.max(0, start + i * PERIOD_MS - performance.now()));
      // A peer's vote for the next height waits in the WAL, as it would in a node.
      storage.wal.append(h(block.height + 1), CHUNK.subarray(0, 200), false);
      const t0 = performance.now();
      if (mode === "sync") {
        storage.blocks.saveCommitted(block);
        storage.wal.prune(h(block.height + 1));
      } else {
        await storage.commitBlock(block);
      }
      commitMs.push(performance.now() - t0);
    }
    const used = performance.eventLoopUtilization(before);
    delay.disable();
    return {
      busyMsPerCommit: used.active / BLOCKS,
      commitMs: median(commitMs),
      stallMaxMs: delay.max / 1e6,
    };
  } finally {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const rounds: Record<Mode, Trial>[] = [];
for (let t = 0; t < TRIALS; t++) {
  const round = {} as Record<Mode, Trial>;
  for (const mode of t % 2 === 0 ? (["sync", "async"] as const) : (["async", "sync"] as const)) {
    round[mode] = await trial(mode);
  }
  rounds.push(round);
}
console.log(
  `${BLOCKS} blocks of ${PAYLOAD.toLocaleString("en")} B, one every ${PERIOD_MS} ms; ` +
    `medians of ${TRIALS} rounds`,
);
for (const mode of ["sync", "async"] as const) {
  const m = (f: (r: Record<Mode, Trial>) => number) => median(rounds.map(f)).toFixed(2);
  console.log(
    `${mode.padEnd(5)}  main thread busy ${m((r) => r[mode].busyMsPerCommit).padStart(6)} ms/commit` +
      `  commit latency ${m((r) => r[mode].commitMs).padStart(6)} ms` +
      `  longest stall ${m((r) => r[mode].stallMaxMs).padStart(6)} ms`,
  );
}
const ratios = (f: (t: Trial) => number) =>
  rounds.map((r) => (f(r.async) / f(r.sync)).toFixed(2)).join(" ");
console.log(`async ÷ sync per round: busy ${ratios((t) => t.busyMsPerCommit)}`);
console.log(`                        latency ${ratios((t) => t.commitMs)}`);
