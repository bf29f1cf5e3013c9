// Goal: the worker-thread pool gives exactly the answers of the in-thread Verifier, in order,
// for random mixes of valid and invalid signatures and keys of both types; every key is parsed
// by one worker only (key affinity); a dead worker fails the pool instead of hanging it; and it
// refuses use after close.
// Method: sign with real keys, then corrupt signatures, payloads and keys at positions drawn
// from a seeded Prng; compare the pool's answers with Verifier.verify item by item; count the
// pool's key parses against the number of distinct valid keys.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Worker } from "node:worker_threads";
import { KeyType } from "@tongbao/codec";
import { Prng, hexToBytes } from "@tongbao/std";
import {
  VERIFIER_POOL_IN_FLIGHT_SLICES,
  VERIFIER_POOL_SLICE_ITEMS_MAX,
  Verifier,
  VerifierPool,
  generateKeyPair,
  sign,
  signingKeyFromPrivateKey,
  workerForKey,
  type VerifyItem,
} from "./index.ts";

const SEED = Number(process.env.VERIFIER_POOL_SEED ?? 20_261_121);
const OFF_CURVE_P256 = hexToBytes("02" + "00".repeat(31) + "01");

function signers(count: number) {
  return Array.from({ length: count }, (_, i) => {
    const keyPair = generateKeyPair(i % 3 === 2 ? KeyType.P256 : KeyType.Ed25519);
    return { keyPair, signingKey: signingKeyFromPrivateKey(keyPair.privateKey) };
  });
}

/** `count` items by `keys` signers, about a third of them broken in one of several ways. */
function randomBatch(prng: Prng, keys: ReturnType<typeof signers>, count: number): VerifyItem[] {
  const items: VerifyItem[] = [];
  for (let i = 0; i < count; i++) {
    const { keyPair, signingKey } = keys[prng.int(keys.length)]!;
    const input = { chainId: "tongbao-test", purpose: "tx", payload: prng.bytes(prng.int(40)) };
    const item = {
      ...input,
      keyType: keyPair.type,
      publicKey: keyPair.publicKey,
      signature: sign(signingKey, input),
    };
    switch (prng.int(12)) {
      case 0:
        items.push({ ...item, signature: item.signature.map((b, j) => (j === 5 ? b ^ 1 : b)) });
        break;
      case 1:
        items.push({ ...item, payload: Uint8Array.of(9, 9, 9) });
        break;
      case 2:
        items.push({ ...item, keyType: KeyType.P256, publicKey: OFF_CURVE_P256 });
        break;
      case 3:
        items.push({ ...item, publicKey: new Uint8Array(0) });
        break;
      case 4:
        items.push({ ...item, publicKey: prng.bytes(item.publicKey.length) });
        break;
      case 5:
        items.push({ ...item, signature: item.signature.subarray(0, 63) });
        break;
      default:
        items.push(item);
    }
  }
  return items;
}

function expected(items: readonly VerifyItem[]): boolean[] {
  const verifier = new Verifier();
  return items.map((item) => verifier.verify(item));
}

test("the pool answers as the in-thread verifier does, in order, for random mixes", async () => {
  const prng = new Prng(SEED);
  const keys = signers(24);
  const pool = new VerifierPool({ threads: 3 });
  try {
    for (const count of [1, 7, 300, VERIFIER_POOL_SLICE_ITEMS_MAX * 3 + 11]) {
      const items = randomBatch(prng, keys, count);
      const want = expected(items);
      if (count > 100) assert.ok(want.includes(true) && want.includes(false), "a real mix");
      assert.deepEqual(await pool.verifyBatch(items), want, `seed ${SEED}, ${count} items`);
    }
    // Batches in flight at once come back each to its own caller.
    const batches = [0, 1, 2, 3].map(() => randomBatch(prng, keys, 200));
    const answers = await Promise.all(batches.map((b) => pool.verifyBatch(b)));
    batches.forEach((b, i) => assert.deepEqual(answers[i], expected(b), `seed ${SEED}`));
    assert.deepEqual(await pool.verifyBatch([]), []);
  } finally {
    await pool.close();
  }
});

test("an item no longer wanted when its turn comes is not checked, and answers undefined", async () => {
  const prng = new Prng(SEED + 5);
  const keys = signers(12);
  const pool = new VerifierPool({ threads: 1 });
  try {
    // One worker: the first slices are posted at once; the rest wait in the pool, in order.
    const posted = VERIFIER_POOL_IN_FLIGHT_SLICES * VERIFIER_POOL_SLICE_ITEMS_MAX;
    const items = randomBatch(prng, keys, posted * 3);
    const want = expected(items);
    const withdrawn = new Set<number>();
    const asked: number[] = [];
    const answers = pool.verifyWanted(items, (i) => {
      asked.push(i);
      return !withdrawn.has(i);
    });
    assert.equal(asked.length, posted, "only the slices posted at once were asked about");
    // Withdrawn after the call: among the posted items (too late) and the waiting ones.
    for (let i = 0; i < items.length; i += 3) withdrawn.add(i);
    const out = await answers;
    out.forEach((answer, i) => {
      if (i >= posted && withdrawn.has(i)) assert.equal(answer, undefined, `item ${i}`);
      else assert.equal(answer, want[i], `item ${i}, seed ${SEED + 5}`);
    });
    assert.deepEqual(
      asked,
      items.map((_, i) => i),
      "each asked about once, in order",
    );
  } finally {
    await pool.close();
  }
});

test("a batch sent first goes ahead of the waiting ones, behind the slices posted", async () => {
  const prng = new Prng(SEED + 6);
  const keys = signers(8);
  const pool = new VerifierPool({ threads: 1 });
  try {
    const posted = VERIFIER_POOL_IN_FLIGHT_SLICES * VERIFIER_POOL_SLICE_ITEMS_MAX;
    const early = randomBatch(prng, keys, posted * 4);
    const urgent = randomBatch(prng, keys, 10);
    const late = randomBatch(prng, keys, 10);
    const order: string[] = [];
    const answers = await Promise.all(
      [
        pool.verifyBatch(early),
        pool.verifyBatch(late),
        pool.verifyWanted(urgent, undefined, { first: true }),
      ].map((answer, i) =>
        answer.then((out) => (order.push(["early", "late", "urgent"][i]!), out)),
      ),
    );
    assert.deepEqual(order, ["urgent", "early", "late"]);
    assert.deepEqual(answers, [expected(early), expected(late), expected(urgent)]);
  } finally {
    await pool.close();
  }
});

test("each key is parsed by one worker only", async () => {
  const prng = new Prng(SEED + 1);
  const keys = signers(40);
  const pool = new VerifierPool({ threads: 4 });
  try {
    // Every key signs in every batch, in a new order each time; with batches split by position,
    // each key would meet several of the four workers and be parsed by each.
    for (let round = 0; round < 3; round++) {
      const order = keys.map((key) => ({ key, rank: prng.int(1_000_000) }));
      order.sort((a, b) => a.rank - b.rank);
      const items = order.map(({ key: { keyPair, signingKey } }) => {
        const input = { chainId: "tongbao-test", purpose: "tx", payload: prng.bytes(8) };
        const signature = sign(signingKey, input);
        return { ...input, keyType: keyPair.type, publicKey: keyPair.publicKey, signature };
      });
      assert.ok((await pool.verifyBatch(items)).every(Boolean));
    }
    assert.deepEqual(pool.keyCacheStats(), { hits: 80, misses: 40 });
  } finally {
    await pool.close();
  }
});

test("workerForKey is in range and spreads keys over the workers", () => {
  const prng = new Prng(SEED + 2);
  for (const threads of [1, 2, 3, 8]) {
    const counts = new Array<number>(threads).fill(0);
    for (let i = 0; i < 800; i++) {
      const key = prng.bytes(i % 2 === 0 ? 32 : 33);
      const worker = workerForKey(key, threads);
      assert.equal(workerForKey(key, threads), worker);
      counts[worker]!++;
    }
    for (const count of counts) assert.ok(count > 800 / threads / 2, `${threads}: ${counts}`);
  }
  assert.equal(workerForKey(new Uint8Array(0), 4), 0);
});

test("keys that share their leading bytes still spread over the workers, whatever the salt", () => {
  // A sender may grind keys that agree on a few bytes; the mix of eight bytes with the pool's
  // secret salt spreads them anyway.
  const prng = new Prng(SEED + 3);
  for (const salt of [0, 0x5a5a5a5a, -1, 123_456_789]) {
    const counts = [0, 0];
    for (let i = 0; i < 400; i++) {
      const key = prng.bytes(32);
      key[1] = 0xab; // the bytes the earlier choice used, all the same
      key[2] = 0xcd;
      counts[workerForKey(key, 2, salt)]!++;
    }
    for (const count of counts) assert.ok(count > 100, `salt ${salt}: ${counts}`);
  }
  // The same key goes to the same worker of one pool, and the salt changes the assignment.
  const keys = Array.from({ length: 64 }, () => prng.bytes(32));
  const moved = keys.filter((k) => workerForKey(k, 2, 1) !== workerForKey(k, 2, 2)).length;
  assert.ok(moved > 8 && moved < 56, `${moved} of 64 keys change worker with the salt`);
});

test("a worker that dies fails what waits and what comes after, instead of hanging", async () => {
  const prng = new Prng(SEED + 3);
  const keys = signers(6);
  const pool = new VerifierPool({ threads: 2 });
  try {
    await pool.verifyBatch(randomBatch(prng, keys, 10));
    // Reach the worker as a crash would: nothing public stops one.
    const workers = (pool as unknown as { workers: Worker[] }).workers;
    const waiting = pool.verifyBatch(randomBatch(prng, keys, 2_000));
    await workers[1]!.terminate();
    await assert.rejects(waiting, /verifier worker stopped/);
    await assert.rejects(pool.verifyBatch(randomBatch(prng, keys, 10)), /verifier worker stopped/);
  } finally {
    await pool.close();
  }
});

test("a closed pool refuses work, and bad options are refused", async () => {
  const pool = new VerifierPool({ threads: 1 });
  await pool.close();
  await assert.rejects(pool.verifyBatch(randomBatch(new Prng(1), signers(1), 1)), /closed/);
  assert.throws(() => new VerifierPool({ threads: 0 }), RangeError);
  assert.throws(() => new VerifierPool({ threads: 1, cacheEntriesMax: -1 }), RangeError);
});
