/**
 * A pool of worker threads that verify signatures off the event loop, so that consensus
 * messages never wait behind a batch of transactions, and so that verification uses every core
 * (performance.md: two workers verify 1.97× as fast as one core).
 *
 * Batches are split across the workers and shipped in transferred ArrayBuffers. Each worker
 * keeps its own cache of parsed keys.
 */
import { Worker } from "node:worker_threads";
import { encodeVerifyBatch } from "./verifier-pool-wire.ts";
import type { VerifyItem } from "./verifier.ts";

export interface VerifierPoolOptions {
  /** Worker threads; at least 1. */
  readonly threads: number;
}

/** Bounds one request: a worker answers a slice of at most this many items at a time. */
export const VERIFIER_POOL_SLICE_ITEMS_MAX = 2_000;

interface Pending {
  resolve(results: Uint8Array): void;
  reject(error: Error): void;
}

export class VerifierPool {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private next = 0;
  private closed = false;

  constructor(options: VerifierPoolOptions) {
    if (!Number.isInteger(options.threads) || options.threads < 1 || options.threads > 64) {
      throw new RangeError(`threads: expected an integer from 1 to 64, got ${options.threads}`);
    }
    for (let i = 0; i < options.threads; i++) {
      // Workers do not inherit the parent's module hooks, and the sources are TypeScript: the
      // worker registers tsx's loader first, then imports its module.
      const url = new URL("./verifier-worker.ts", import.meta.url).href;
      const boot = `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(url)}); })`;
      const worker = new Worker(boot, { eval: true });
      worker.on("message", (reply: { id: number; results: Uint8Array }) => {
        const pending = this.pending.get(reply.id);
        this.pending.delete(reply.id);
        pending?.resolve(reply.results);
      });
      worker.on("error", (error) => this.failAll(error));
      this.workers.push(worker);
    }
  }

  get threads(): number {
    return this.workers.length;
  }

  /** One boolean per item, in order: true only for a valid signature (see Verifier.verify). */
  async verifyBatch(items: readonly VerifyItem[]): Promise<boolean[]> {
    if (this.closed) throw new Error("the verifier pool is closed");
    if (items.length === 0) return [];
    const sliceSize = Math.min(
      VERIFIER_POOL_SLICE_ITEMS_MAX,
      Math.ceil(items.length / this.workers.length),
    );
    const slices: Promise<Uint8Array>[] = [];
    for (let start = 0; start < items.length; start += sliceSize) {
      slices.push(this.send(items.slice(start, start + sliceSize)));
    }
    const out: boolean[] = [];
    for (const results of await Promise.all(slices)) for (const r of results) out.push(r === 1);
    return out;
  }

  private send(items: readonly VerifyItem[]): Promise<Uint8Array> {
    const id = this.nextId++;
    const worker = this.workers[this.next]!;
    this.next = (this.next + 1) % this.workers.length;
    const batch = encodeVerifyBatch(items);
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, batch }, [batch]);
    });
  }

  private failAll(error: Error): void {
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.failAll(new Error("the verifier pool was closed"));
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}
