// Goal: the on-disk encoding is sound: keys sort as their numbers do (so LMDB's byte order is
// height order), block records round-trip, and any damage to a record is reported as such.
// Method: fast-check compares key order with numeric order and round-trips random blocks; then
// every single-bit flip and every truncation of one record must be refused.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { compareBytes } from "@tongbao/std";
import { blockAt } from "../test/blocks.ts";
import { StorageCorruptionError } from "./errors.ts";
import {
  decodeBlockRecord,
  decodeWalKey,
  encodeBlockRecord,
  heightKey,
  walKey,
} from "./records.ts";

const height = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
const seq = fc.integer({ min: 0, max: 0xffff_ffff });

test("height keys and WAL keys sort in numeric (height, sequence) order", () => {
  fc.assert(
    fc.property(height, height, (a, b) => {
      assert.equal(Math.sign(compareBytes(heightKey(a), heightKey(b))), Math.sign(a - b));
    }),
  );
  fc.assert(
    fc.property(height, seq, height, seq, (h1, s1, h2, s2) => {
      const expected = h1 !== h2 ? Math.sign(h1 - h2) : Math.sign(s1 - s2);
      assert.equal(Math.sign(compareBytes(walKey(h1, s1), walKey(h2, s2))), expected);
      assert.deepEqual(decodeWalKey(walKey(h1, s1)), { height: h1, seq: s1 });
    }),
  );
});

test("block records round-trip", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 1_000_000 }),
      fc.integer({ min: 0, max: 1000 }),
      fc.boolean(),
      (at, seed, receipts) => {
        const block = blockAt(at, { seed, receipts });
        assert.deepEqual(decodeBlockRecord(encodeBlockRecord(block), at, "test"), block);
      },
    ),
    { numRuns: 50 },
  );
});

test("every bit flip, every truncation and a record filed under another height are refused", () => {
  const record = encodeBlockRecord(blockAt(3, { payloadBytes: 40, receipts: true }));
  const refuse = (bytes: Uint8Array, at = 3) =>
    assert.throws(() => decodeBlockRecord(bytes, at, "test"), StorageCorruptionError);
  for (let bit = 0; bit < record.length * 8; bit++) {
    const damaged = record.slice();
    damaged[bit >> 3]! ^= 1 << (bit & 7);
    refuse(damaged);
  }
  for (let length = 0; length < record.length; length++) refuse(record.subarray(0, length));
  refuse(record, 4);
});
