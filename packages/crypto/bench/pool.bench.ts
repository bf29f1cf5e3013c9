/**
 * `npm run bench:verifier-pool`: signatures per second through the VerifierPool, as a node
 * meets them: N signatures by K distinct Ed25519 keys (payers drawn from a seeded PRNG), sent in
 * batches of B with a few batches in flight, through a fresh pool (cold key caches: every key is
 * met for the first time) and then again, shuffled into new batches, through the same pool
 * (warm: keys met before, as far as the caches kept them). Prints one line per
 * round and the medians; `--json` prints them as JSON.
 *
 *   --signatures N (40,000)  --keys K (10,000)  --threads T (2)  --batch B (1,000)
 *   --inflight F (4)  --rounds R (3)  --cache C (the pool's default)
 *
 * A benchmark, never a test: it asserts only that every signature is valid.
 */
import assert from "node:assert/strict";
import { parseArgs } from "node:util";
import { KeyType } from "@tongbao/codec";
import { Prng } from "@tongbao/std";
import {
  VerifierPool,
  generateKeyPair,
  sign,
  signingKeyFromPrivateKey,
  type VerifyItem,
} from "../src/index.ts";

const { values } = parseArgs({
  options: {
    signatures: { type: "string", default: "40000" },
    keys: { type: "string", default: "10000" },
    threads: { type: "string", default: "2" },
    batch: { type: "string", default: "1000" },
    inflight: { type: "string", default: "4" },
    rounds: { type: "string", default: "3" },
    cache: { type: "string" },
    json: { type: "boolean", default: false },
  },
});
const positive = (name: string, text: string | undefined): number => {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 1)
    throw new RangeError(`--${name}: expected a positive integer, got ${text}`);
  return n;
};
const N = positive("signatures", values.signatures);
const K = positive("keys", values.keys);
const THREADS = positive("threads", values.threads);
const BATCH = positive("batch", values.batch);
const INFLIGHT = positive("inflight", values.inflight);
const ROUNDS = positive("rounds", values.rounds);
const CACHE = values.cache === undefined ? undefined : positive("cache", values.cache);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const log = (line: string) => {
  if (!values.json) console.log(line);
};

log(`generating ${K.toLocaleString("en")} keys and ${N.toLocaleString("en")} signatures…`);
const keyPairs = Array.from({ length: K }, () => {
  const keyPair = generateKeyPair(KeyType.Ed25519);
  return { ...keyPair, signingKey: signingKeyFromPrivateKey(keyPair.privateKey) };
});
const prng = new Prng(20_261_121);
const items: VerifyItem[] = [];
for (let i = 0; i < N; i++) {
  const keyPair = keyPairs[prng.int(K)]!;
  const input = { chainId: "tongbao-bench-1", purpose: "tx", payload: new Uint8Array(120) };
  new DataView(input.payload.buffer).setUint32(0, i);
  items.push({
    ...input,
    keyType: keyPair.type,
    publicKey: keyPair.publicKey,
    signature: sign(keyPair.signingKey, input),
  });
}
/** The same items in new batches: a pool that splits by position must not see a replay. */
function batchesOf(list: readonly VerifyItem[]): VerifyItem[][] {
  const out: VerifyItem[][] = [];
  for (let i = 0; i < N; i += BATCH) out.push(list.slice(i, i + BATCH));
  return out;
}
const shuffled = items.map((item) => ({ item, rank: prng.int(2 ** 31) }));
shuffled.sort((a, b) => a.rank - b.rank);
const coldBatches = batchesOf(items);
const warmBatches = batchesOf(shuffled.map((s) => s.item));

/** Signatures per second over all batches, at most INFLIGHT batches waiting at once. */
async function pass(pool: VerifierPool, batches: readonly VerifyItem[][]): Promise<number> {
  const start = performance.now();
  let next = 0;
  const lane = async () => {
    while (next < batches.length) {
      const results = await pool.verifyBatch(batches[next++]!);
      assert.ok(results.every(Boolean), "every bench signature is valid");
    }
  };
  await Promise.all(Array.from({ length: INFLIGHT }, lane));
  return N / ((performance.now() - start) / 1000);
}

interface Round {
  cold: number;
  warm: number;
  hitRate?: number;
}
const rounds: Round[] = [];
for (let r = 0; r < ROUNDS; r++) {
  const pool = new VerifierPool({
    threads: THREADS,
    ...(CACHE !== undefined && { cacheEntriesMax: CACHE }),
  });
  try {
    await pool.verifyBatch(items.slice(0, 1)); // Workers loaded before the clock starts.
    const cold = await pass(pool, coldBatches);
    const warm = await pass(pool, warmBatches);
    // Pools without statistics (older versions) report no hit rate.
    const stats = (
      pool as { keyCacheStats?: () => { hits: number; misses: number } }
    ).keyCacheStats?.();
    const hitRate = stats === undefined ? undefined : stats.hits / (stats.hits + stats.misses);
    rounds.push({ cold, warm, ...(hitRate !== undefined && { hitRate }) });
    log(
      `round ${r + 1}: cold ${Math.round(cold)}/s, warm ${Math.round(warm)}/s` +
        (hitRate === undefined ? "" : `, key cache hit rate ${(hitRate * 100).toFixed(1)} %`),
    );
  } finally {
    await pool.close();
  }
}
const summary = {
  signatures: N,
  keys: K,
  threads: THREADS,
  batch: BATCH,
  coldPerSecond: Math.round(median(rounds.map((r) => r.cold))),
  warmPerSecond: Math.round(median(rounds.map((r) => r.warm))),
  hitRate: rounds[0]?.hitRate === undefined ? null : median(rounds.map((r) => r.hitRate!)),
};
if (values.json) console.log(JSON.stringify(summary));
else log(`medians: cold ${summary.coldPerSecond}/s, warm ${summary.warmPerSecond}/s`);
