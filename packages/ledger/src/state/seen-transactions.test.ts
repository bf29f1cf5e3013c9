// Goal: the idempotency memory answers as a Map of records would, through remembering,
// replacing, forgetting by second, undoing any of those in reverse order, and committing; a
// slot is never shared by two live keys, and a forgotten record comes back whole on an undo.
// Method: fast-check sequences of blocks (forget, then remembers), each either committed or
// undone, against a Map model holding the same records, checked after every block.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import type { Hash } from "@tongbao/types";
import { ResultCode } from "../result-codes.ts";
import type { SeenTransaction } from "./model.ts";
import { SeenTransactions } from "./seen-transactions.ts";

const KEYS = Array.from({ length: 12 }, (_, i) => `${i.toString(16).padStart(2, "0")}`.repeat(36));

const hashOf = (n: number): Hash => n.toString(16).padStart(64, "0") as Hash;

const block = fc.record({
  advanceMs: fc.integer({ min: 0, max: 3_000 }),
  remembers: fc.array(
    fc.record({
      key: fc.integer({ min: 0, max: KEYS.length - 1 }),
      validForMs: fc.integer({ min: 1, max: 5_000 }),
    }),
    { maxLength: 6 },
  ),
  commit: fc.boolean(),
});

test("the memory agrees with a Map through remembers, forgetting, undo and commit", () => {
  fc.assert(
    fc.property(fc.array(block, { maxLength: 40 }), (blocks) => {
      const seen = new SeenTransactions();
      let model = new Map<string, SeenTransaction>();
      let nowMs = 10_000;
      let height = 0;
      for (const b of blocks) {
        nowMs += b.advanceMs;
        height++;
        const before = new Map(model);
        const undos: Array<() => void> = [];
        const forget = seen.forgetExpired(nowMs);
        if (forget !== undefined) undos.push(forget);
        // The model forgets by whole seconds too: a record goes once its second is over.
        for (const [key, record] of model) {
          if (Math.floor(record.validUntilMs / 1000) * 1000 + 999 < nowMs) model.delete(key);
        }
        b.remembers.forEach((r, index) => {
          const key = KEYS[r.key]!;
          const live = model.get(key);
          if (live !== undefined && live.validUntilMs >= nowMs + r.validForMs) return;
          const record: SeenTransaction = {
            hash: hashOf(height * 100 + index),
            validUntilMs: nowMs + r.validForMs,
            height,
            index,
            code: index % 2 === 0 ? ResultCode.ok : ResultCode.insufficient_funds,
          };
          const current = seen.validUntilMs(key);
          if (current !== undefined && current >= record.validUntilMs) return;
          const previous = seen.remember(key, record);
          assert.deepEqual(previous, model.get(key));
          undos.push(() => seen.undoRemember(key, previous));
          model.set(key, record);
        });
        if (b.commit) seen.commit();
        else {
          for (let i = undos.length - 1; i >= 0; i--) undos[i]!();
          model = before;
        }
        assert.equal(seen.size, model.size);
        assert.deepEqual([...seen.keys()].sort(), [...model.keys()].sort());
        for (const key of KEYS) {
          assert.deepEqual(seen.get(key), model.get(key));
          assert.equal(seen.has(key), model.has(key));
          assert.equal(seen.validUntilMs(key), model.get(key)?.validUntilMs);
        }
      }
    }),
    { numRuns: 300 },
  );
});

test("slots of forgotten records are reused after the commit, and records stay apart", () => {
  const seen = new SeenTransactions();
  const record = (n: number, validUntilMs: number): SeenTransaction => ({
    hash: hashOf(n),
    validUntilMs,
    height: n,
    index: n,
    code: ResultCode.ok,
  });
  for (let i = 0; i < 3000; i++) seen.remember(`${i}`.padStart(72, "a"), record(i, 1_000));
  seen.commit();
  assert.equal(seen.size, 3000);
  assert.ok(seen.forgetExpired(5_000) !== undefined);
  seen.commit();
  assert.equal(seen.size, 0);
  for (let i = 0; i < 3000; i++) seen.remember(`${i}`.padStart(72, "b"), record(10_000 + i, 9_000));
  for (let i = 0; i < 3000; i++) {
    assert.deepEqual(seen.get(`${i}`.padStart(72, "b")), record(10_000 + i, 9_000));
  }
});

test("a record is replaced only by one that ends later, and a refused one changes nothing", () => {
  const seen = new SeenTransactions();
  const key = "ab".repeat(36);
  const record = (validUntilMs: number): SeenTransaction => ({
    hash: hashOf(validUntilMs),
    validUntilMs,
    height: 1,
    index: 0,
    code: ResultCode.ok,
  });
  seen.remember(key, record(5_000));
  assert.throws(() => seen.remember(key, record(5_000)), /remembered twice/);
  assert.deepEqual(seen.get(key), record(5_000));
  assert.deepEqual(seen.remember(key, record(6_000)), record(5_000));
  assert.deepEqual(seen.get(key), record(6_000));
});
