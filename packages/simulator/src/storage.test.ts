// Goal: the simulated disk keeps exactly what the node's durability promises — durable WAL
// records, committed blocks and safety data always survive a crash; buffered WAL records may be
// lost, but only as a suffix (a log loses its end, never its middle); a block write prunes the
// WAL it makes obsolete in the same step.
// Method: write through SimStorage, crash with many PRNG seeds, and compare what is left with
// what was written.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Prng } from "@tongbao/std";
import type { Height, Round } from "@tongbao/types";
import type { SafetyData } from "@tongbao/consensus";
import { SimStorage } from "./storage.ts";

const rec = (n: number) => Uint8Array.of(n);
const values = (records: Uint8Array[]) => records.map((r) => r[0]);

test("durable records survive a crash; buffered ones after the last sync form a lost suffix", () => {
  const outcomes = new Set<number>();
  for (let seed = 0; seed < 50; seed++) {
    const storage = new SimStorage();
    storage.appendWal(1, rec(1), false);
    storage.appendWal(1, rec(2), true); // syncs 1 and 2
    storage.appendWal(1, rec(3), false);
    storage.appendWal(1, rec(4), false);
    storage.appendWal(1, rec(5), false);
    const lost = storage.crash(new Prng(seed));
    const left = values(storage.walRecords(1));
    assert.deepEqual(left, [1, 2, 3, 4, 5].slice(0, 5 - lost), `seed ${seed}`);
    outcomes.add(lost);
    // What survived a crash is on disk: a second crash loses nothing more.
    assert.equal(storage.crash(new Prng(seed + 1000)), 0);
  }
  assert.deepEqual([...outcomes].sort(), [0, 1, 2, 3], "every suffix length occurs");
});

test("a durable append makes every earlier record durable", () => {
  const storage = new SimStorage();
  for (let i = 0; i < 5; i++) storage.appendWal(2, rec(i), false);
  storage.appendWal(2, rec(9), true);
  assert.equal(storage.crash(new Prng(3)), 0);
  assert.deepEqual(values(storage.walRecords(2)), [0, 1, 2, 3, 4, 9]);
  assert.equal(storage.stats.walSyncs, 1);
});

test("records are kept per height and in the order written", () => {
  const storage = new SimStorage();
  storage.appendWal(1, rec(1), true);
  storage.appendWal(2, rec(2), true);
  storage.appendWal(1, rec(3), true);
  assert.deepEqual(values(storage.walRecords(1)), [1, 3]);
  assert.deepEqual(values(storage.walRecords(2)), [2]);
  assert.deepEqual(values(storage.walRecords(3)), []);
});

test("a committed block survives crashes and prunes the WAL of its height and below", () => {
  const storage = new SimStorage();
  storage.appendWal(1, rec(1), true);
  storage.appendWal(2, rec(2), false);
  const block = { height: 1, blockId: new Uint8Array(32).fill(7), bytes: rec(42), appHash: rec(8) };
  storage.writeBlock(block);
  assert.deepEqual(values(storage.walRecords(1)), []);
  assert.deepEqual(values(storage.walRecords(2)), [2]);
  storage.crash(new Prng(1));
  assert.equal(storage.height, 1);
  assert.deepEqual(storage.block(1), block);
  assert.throws(() => storage.writeBlock({ ...block, height: 3 }), /height order/);
});

test("stored bytes are copies: later changes to the caller's buffers do not reach the disk", () => {
  const storage = new SimStorage();
  const bytes = rec(1);
  storage.appendWal(1, bytes, true);
  bytes[0] = 99;
  assert.deepEqual(values(storage.walRecords(1)), [1]);
});

test("safety data is durable at every save, and the observer sees each change", () => {
  const seen: Array<[SafetyData | undefined, SafetyData]> = [];
  const storage = new SimStorage((previous, next) => seen.push([previous, next]));
  assert.equal(storage.safety.load(), undefined);
  const first: SafetyData = {
    last: { height: 1 as Height, round: 0 as Round, step: 1, payload: rec(5) },
  };
  const second: SafetyData = {
    last: { height: 1 as Height, round: 0 as Round, step: 2, payload: rec(6) },
    lock: { height: 1 as Height, round: 0 as Round, blockId: new Uint8Array(32).fill(1) },
  };
  storage.safety.save(first);
  storage.safety.save(second);
  storage.crash(new Prng(1));
  assert.deepEqual(storage.safety.load(), second);
  assert.deepEqual(seen, [
    [undefined, first],
    [first, second],
  ]);
});
