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
 * A batch is split by worker, one message per worker (at most VERIFIER_POOL_SLICE_ITEMS_MAX
 * items each), shipped in transferred ArrayBuffers; answers are put back in the batch's order.
 */
import { randomBytes } from "node:crypto";
import { Worker } from "node:worker_threads";
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

/** Bounds one request: a worker answers a slice of at most this many items at a time. */
export const VERIFIER_POOL_SLICE_ITEMS_MAX = 2_000;

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

export class VerifierPool {
  private readonly workers: Worker[] = [];
  /** Secret per pool: which worker a key lands on cannot be ground for (workerForKey). */
  private readonly salt = randomBytes(4).readInt32LE(0);
  private readonly pending = new Map<number, Pending>();
  private readonly stats: { hits: number; misses: number }[] = [];
  private nextId = 1;
  private closed = false;
  /** Set when a worker died: its share of the keys can no longer be verified. */
  private failure: Error | undefined;

  constructor(options: VerifierPoolOptions) {
    const { threads } = options;
    if (!Number.isInteger(threads) || threads < 1 || threads > 64) {
      throw new RangeError(`threads: expected an integer from 1 to 64, got ${threads}`);
    }
    const total = options.cacheEntriesMax ?? VERIFIER_POOL_CACHE_ENTRIES_DEFAULT;
    if (!Number.isSafeInteger(total) || total < 0) {
      throw new RangeError(`cacheEntriesMax: expected a non-negative integer, got ${total}`);
    }
    const workerData: VerifierWorkerData = { cacheEntriesMax: Math.ceil(total / threads) };
    for (let i = 0; i < threads; i++) {
      // Workers do not inherit the parent's module hooks, and the sources are TypeScript: the
      // worker registers tsx's loader first, then imports its module.
      const url = new URL("./verifier-worker.ts", import.meta.url).href;
      const boot = `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(url)}); })`;
      const worker = new Worker(boot, { eval: true, workerData });
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
    if (this.closed) throw new Error("the verifier pool is closed");
    if (this.failure !== undefined) throw this.failure;
    if (items.length === 0) return [];
    const threads = this.workers.length;
    // Positions in `items` of each worker's share, in batch order.
    const shares: number[][] = Array.from({ length: threads }, () => []);
    for (let i = 0; i < items.length; i++) {
      shares[workerForKey(items[i]!.publicKey, threads, this.salt)]!.push(i);
    }
    const requests: Promise<void>[] = [];
    const out = new Array<boolean>(items.length);
    shares.forEach((positions, worker) => {
      for (let start = 0; start < positions.length; start += VERIFIER_POOL_SLICE_ITEMS_MAX) {
        const slice = positions.slice(start, start + VERIFIER_POOL_SLICE_ITEMS_MAX);
        requests.push(
          this.send(
            worker,
            slice.map((i) => items[i]!),
          ).then((results) => {
            for (let j = 0; j < slice.length; j++) out[slice[j]!] = results[j] === 1;
          }),
        );
      }
    });
    await Promise.all(requests);
    return out;
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
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.rejectAll(new Error("the verifier pool was closed"));
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}
