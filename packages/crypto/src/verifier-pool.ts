/**
 * A pool of worker threads that verify signatures off the event loop, so that consensus
 * messages never wait behind a batch of transactions, and so that verification uses every core
 * (performance.md: two workers verify 1.97× as fast as one core).
 *
 * Key affinity: every signature by one public key goes to the same worker (workerForKey), so a
 * key is parsed into a KeyObject by one worker only and the workers' caches hold disjoint shares
 * of the keys instead of copies of the same ones. PERF: parsing a key costs about as much as
 * verifying with it (docs/performance.md); with thousands of payers and batches split by
 * position, most payers were parsed once per worker and the caches held threads× fewer keys.
 *
 * A batch is split by worker and queued per worker; each worker is sent slices of at most
 * VERIFIER_POOL_SLICE_ITEMS_MAX items in transferred ArrayBuffers, with at most
 * VERIFIER_POOL_IN_FLIGHT_SLICES of them posted at a time, and the answers are put back in the
 * batch's order. The rest waits here, not in the worker's message queue, so that a caller can
 * say just before an item is sent that it is no longer wanted (`verifyWanted`): a node that
 * checked a signature on its event loop meanwhile (a block holding it came first) does not
 * have it checked twice.
 */
import { randomBytes } from "node:crypto";
import { Worker } from "node:worker_threads";
import { fileURLToPath } from "node:url";
import { buildSync } from "esbuild";
import { encodeVerifyBatch } from "./verifier-pool-wire.ts";
import type { VerifyItem } from "./verifier.ts";

export interface VerifierPoolOptions {
  /** Worker threads; at least 1. */
  readonly threads: number;
  /**
   * Parsed public keys kept by the whole pool (default VERIFIER_POOL_CACHE_ENTRIES_DEFAULT);
   * each worker keeps an equal share, least recently used dropped first.
   */
  readonly cacheEntriesMax?: number;
}

/**
 * Items per message to a worker: about 50 ms of checks on one core here, so that what is
 * posted, and can no longer be withdrawn, stays small.
 */
export const VERIFIER_POOL_SLICE_ITEMS_MAX = 256;
/** Most worker threads a pool runs: beyond it, more threads only share the same cores. */
export const VERIFIER_POOL_THREADS_MAX = 64;

/** Slices posted to a worker and not answered yet: one being checked, one ready behind it. */
export const VERIFIER_POOL_IN_FLIGHT_SLICES = 2;

/**
 * A cached Ed25519 KeyObject costs about 1.8 KB of a worker's memory (0.8 KB of it JavaScript
 * heap: the KeyObject, its hex cache key and the Map entry), a P-256 one about 3 KB (measured on
 * Node 20). 50,000 keys are 90–150 MB: a day's active payers of a busy member, inside the
 * 500 MB a validator should need with a million accounts. Caching every one of a million accounts
 * would take 1.8–3 GB, more than a node should hold for this; a miss costs one parse (a fifth of
 * a verification with the JWK import).
 */
export const VERIFIER_POOL_CACHE_ENTRIES_DEFAULT = 50_000;

/** Key-cache lookups of the whole pool since it started, as the workers last reported them. */
export interface KeyCacheStats {
  readonly hits: number;
  readonly misses: number;
}

/** What a worker receives at start (workerData). */
export interface VerifierWorkerData {
  readonly cacheEntriesMax: number;
}

/** A worker's answer: one byte per item (1 valid), and its cumulative cache statistics. */
export interface VerifierWorkerReply {
  readonly id: number;
  readonly results: Uint8Array;
  readonly hits: number;
  readonly misses: number;
}

/**
 * The worker (0..threads-1) that verifies every signature by `publicKey`: eight bytes after the
 * first (a compressed P-256 key starts with its parity byte, 02 or 03), mixed with the pool's
 * secret `salt`. The key is the sender's choice; without the salt, keys ground to share a few
 * bytes would all land on one worker and every batch would wait for it. Malformed keys shorter
 * than nine bytes go to worker 0, which refuses them.
 */
export function workerForKey(publicKey: Uint8Array, threads: number, salt = 0): number {
  if (publicKey.length < 9) return 0;
  const k = publicKey;
  const low = (k[1]! | (k[2]! << 8) | (k[3]! << 16) | (k[4]! << 24)) ^ salt;
  const high = k[5]! | (k[6]! << 8) | (k[7]! << 16) | (k[8]! << 24);
  let h = Math.imul(low ^ Math.imul(high ^ salt, 0x85ebca6b), 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h ^ salt, 0x27d4eb2f);
  h ^= h >>> 15;
  return (h >>> 0) % threads;
}

interface Pending {
  resolve(results: Uint8Array): void;
  reject(error: Error): void;
}

/** One batch's answers, filled in as its slices come back. */
interface Batch {
  readonly items: readonly VerifyItem[];
  readonly wanted: ((index: number) => boolean) | undefined;
  readonly out: (boolean | undefined)[];
  /** Items not answered yet (checked, or found unwanted). */
  left: number;
  failed: boolean;
  readonly resolve: (out: (boolean | undefined)[]) => void;
  readonly reject: (error: Error) => void;
}

/** A worker's share of one batch: positions in the batch, in order, from `next` on. */
interface Share {
  readonly batch: Batch;
  readonly positions: readonly number[];
  next: number;
}

let bundledWorker: string | undefined;

/**
 * The worker's code as one plain script, built once per process. Workers do not inherit the
 * parent's module hooks, and the sources are TypeScript: a worker that registered tsx's loader
 * to import its module cost about 32 MB more RSS than one running this 13 KB bundle (two
 * workers: 83 against 18 MB), for code that needs only node:crypto. Building it takes about
 * 140 ms, once.
 */
function workerSource(): string {
  bundledWorker ??= buildSync({
    entryPoints: [fileURLToPath(new URL("./verifier-worker.ts", import.meta.url))],
    bundle: true,
    format: "cjs",
    platform: "node",
    target: "node20",
    write: false,
    logLevel: "silent",
  }).outputFiles[0]!.text;
  return bundledWorker;
}

export class VerifierPool {
  private readonly workers: Worker[] = [];
  /** Secret per pool: which worker a key lands on cannot be ground for (workerForKey). */
  private readonly salt = randomBytes(4).readInt32LE(0);
  private readonly pending = new Map<number, Pending>();
  private readonly stats: { hits: number; misses: number }[] = [];
  /** Per worker: shares waiting to be sent, oldest first. */
  private readonly queues: Share[][] = [];
  /** Per worker: slices posted and not answered. */
  private readonly inFlight: number[] = [];
  private nextId = 1;
  private closed = false;
  /** Set when a worker died: its share of the keys can no longer be verified. */
  private failure: Error | undefined;

  constructor(options: VerifierPoolOptions) {
    const { threads } = options;
    if (!Number.isInteger(threads) || threads < 1 || threads > VERIFIER_POOL_THREADS_MAX) {
      throw new RangeError(
        `threads: expected an integer from 1 to ${VERIFIER_POOL_THREADS_MAX}, got ${threads}`,
      );
    }
    const total = options.cacheEntriesMax ?? VERIFIER_POOL_CACHE_ENTRIES_DEFAULT;
    if (!Number.isSafeInteger(total) || total < 0) {
      throw new RangeError(`cacheEntriesMax: expected a non-negative integer, got ${total}`);
    }
    const workerData: VerifierWorkerData = { cacheEntriesMax: Math.ceil(total / threads) };
    const source = workerSource();
    for (let i = 0; i < threads; i++) {
      const worker = new Worker(source, { eval: true, workerData });
      const stats = { hits: 0, misses: 0 };
      worker.on("message", (reply: VerifierWorkerReply) => {
        stats.hits = reply.hits;
        stats.misses = reply.misses;
        const pending = this.pending.get(reply.id);
        this.pending.delete(reply.id);
        pending?.resolve(reply.results);
      });
      worker.on("error", (error) => this.fail(error));
      worker.on("exit", (code) => {
        if (!this.closed) this.fail(new Error(`a verifier worker stopped (exit code ${code})`));
      });
      this.workers.push(worker);
      this.stats.push(stats);
      this.queues.push([]);
      this.inFlight.push(0);
    }
  }

  get threads(): number {
    return this.workers.length;
  }

  keyCacheStats(): KeyCacheStats {
    let hits = 0;
    let misses = 0;
    for (const s of this.stats) {
      hits += s.hits;
      misses += s.misses;
    }
    return { hits, misses };
  }

  /** One boolean per item, in order: true only for a valid signature (see Verifier.verify). */
  async verifyBatch(items: readonly VerifyItem[]): Promise<boolean[]> {
    return (await this.verifyWanted(items, undefined)) as boolean[];
  }

  /**
   * As verifyBatch, but `wanted(i)` is asked just before item i is sent to a worker (in the
   * batch's order per worker, perhaps long after this call); an item no longer wanted is not
   * checked, and its answer is undefined. With `first`, the batch goes ahead of every batch
   * waiting (not of the slices posted already): a block the node waits for. `wanted` must not
   * call the pool: it runs while a worker's queue is being read.
   */
  verifyWanted(
    items: readonly VerifyItem[],
    wanted: ((index: number) => boolean) | undefined,
    options: { readonly first?: boolean } = {},
  ): Promise<(boolean | undefined)[]> {
    if (this.closed) return Promise.reject(new Error("the verifier pool is closed"));
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (items.length === 0) return Promise.resolve([]);
    const threads = this.workers.length;
    // Positions in `items` of each worker's share, in batch order.
    const shares: number[][] = Array.from({ length: threads }, () => []);
    for (let i = 0; i < items.length; i++) {
      shares[workerForKey(items[i]!.publicKey, threads, this.salt)]!.push(i);
    }
    return new Promise((resolve, reject) => {
      const batch: Batch = {
        items,
        wanted,
        out: new Array<boolean | undefined>(items.length),
        left: items.length,
        failed: false,
        resolve,
        reject,
      };
      shares.forEach((positions, worker) => {
        if (positions.length === 0) return;
        const share = { batch, positions, next: 0 };
        if (options.first === true) this.queues[worker]!.unshift(share);
        else this.queues[worker]!.push(share);
        this.pump(worker);
      });
    });
  }

  /** Sends `worker` slices from its queue while fewer than the in-flight bound are posted. */
  private pump(worker: number): void {
    const queue = this.queues[worker]!;
    while (this.inFlight[worker]! < VERIFIER_POOL_IN_FLIGHT_SLICES && queue.length > 0) {
      const share = queue[0]!;
      const { batch } = share;
      const slice: number[] = [];
      while (share.next < share.positions.length && slice.length < VERIFIER_POOL_SLICE_ITEMS_MAX) {
        const position = share.positions[share.next++]!;
        if (batch.wanted === undefined || batch.wanted(position)) slice.push(position);
        else this.answer(batch, position, undefined);
      }
      if (share.next === share.positions.length) queue.shift();
      if (slice.length === 0) continue;
      this.inFlight[worker]!++;
      this.send(
        worker,
        slice.map((i) => batch.items[i]!),
      ).then(
        (results) => {
          this.inFlight[worker]!--;
          for (let j = 0; j < slice.length; j++) this.answer(batch, slice[j]!, results[j] === 1);
          this.pump(worker);
        },
        (error: Error) => this.failBatch(batch, error),
      );
    }
  }

  private answer(batch: Batch, position: number, valid: boolean | undefined): void {
    batch.out[position] = valid;
    if (--batch.left === 0 && !batch.failed) batch.resolve(batch.out);
  }

  private failBatch(batch: Batch, error: Error): void {
    if (batch.failed) return;
    batch.failed = true;
    batch.reject(error);
  }

  private send(worker: number, items: readonly VerifyItem[]): Promise<Uint8Array> {
    const id = this.nextId++;
    const batch = encodeVerifyBatch(items);
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.workers[worker]!.postMessage({ id, batch }, [batch]);
    });
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.rejectAll(error);
  }

  private rejectAll(error: Error): void {
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
    for (const queue of this.queues) {
      for (const share of queue.splice(0)) this.failBatch(share.batch, error);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.rejectAll(new Error("the verifier pool was closed"));
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}
