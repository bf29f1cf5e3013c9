/**
 * The worker thread of a VerifierPool: verifies batches with its own key cache (its share of the
 * pool's keys, see workerForKey) and answers with one byte per item (1 valid, 0 not) and its
 * cache statistics. Its module scope belongs to this thread alone.
 */
import { parentPort, workerData } from "node:worker_threads";
import { Verifier } from "./verifier.ts";
import { decodeVerifyBatch } from "./verifier-pool-wire.ts";
import type { VerifierWorkerData, VerifierWorkerReply } from "./verifier-pool.ts";

const port = parentPort;
if (port === null) throw new Error("verifier-worker.ts runs only as a worker thread");
const verifier = new Verifier({
  cacheEntriesMax: (workerData as VerifierWorkerData).cacheEntriesMax,
});
port.on("message", (request: { id: number; batch: ArrayBuffer }) => {
  const items = decodeVerifyBatch(request.batch);
  const results = new Uint8Array(items.length);
  for (let i = 0; i < items.length; i++) {
    // A chain id or purpose signingMessage refuses is as good as a bad signature here.
    try {
      results[i] = verifier.verify(items[i]!) ? 1 : 0;
    } catch {
      results[i] = 0;
    }
  }
  const reply: VerifierWorkerReply = {
    id: request.id,
    results,
    hits: verifier.cacheHits,
    misses: verifier.cacheMisses,
  };
  port.postMessage(reply, [results.buffer]);
});
