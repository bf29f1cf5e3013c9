// Goal: the binary batch framing round-trips every list of transactions within the limits and
// refuses every body that is not exactly such a list, saying where the framing went wrong.
// Method: fast-check round trips, plus truncations and extensions of valid bodies.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { BatchFormatError, decodeBatch, encodeBatch } from "./batch.ts";
import { BATCH_ITEMS_MAX, TRANSACTION_BYTES_MAX } from "./limits.ts";

const item = fc.uint8Array({ minLength: 1, maxLength: 200 });

test("encode then decode returns the same transactions in order", () => {
  fc.assert(
    fc.property(fc.array(item, { minLength: 1, maxLength: 20 }), (items) => {
      const decoded = decodeBatch(encodeBatch(items));
      assert.deepEqual(
        decoded.map((d) => [...d]),
        items.map((i) => [...i]),
      );
    }),
  );
});

test("a body cut short or extended is refused with BatchFormatError", () => {
  fc.assert(
    fc.property(
      fc.array(item, { minLength: 1, maxLength: 5 }),
      fc.nat(),
      fc.uint8Array({ minLength: 1, maxLength: 8 }),
      (items, cut, extra) => {
        const body = encodeBatch(items);
        const shorter = body.subarray(0, cut % body.length);
        assert.throws(() => decodeBatch(shorter), BatchFormatError);
        const longer = new Uint8Array([...body, ...extra]);
        assert.throws(() => decodeBatch(longer), BatchFormatError);
      },
    ),
  );
});

test("counts and lengths outside the limits are refused, on both sides", () => {
  assert.throws(() => decodeBatch(new Uint8Array([0, 0, 0, 0])), /1 to 1000 transactions/);
  const tooMany = new Uint8Array(4);
  new DataView(tooMany.buffer).setUint32(0, BATCH_ITEMS_MAX + 1);
  assert.throws(() => decodeBatch(tooMany), BatchFormatError);
  const longItem = new Uint8Array(8);
  new DataView(longItem.buffer).setUint32(0, 1);
  new DataView(longItem.buffer).setUint32(4, TRANSACTION_BYTES_MAX + 1);
  assert.throws(() => decodeBatch(longItem), /length 4097/);
  assert.throws(() => encodeBatch([new Uint8Array(TRANSACTION_BYTES_MAX + 1)]), RangeError);
  assert.throws(() => encodeBatch(Array(BATCH_ITEMS_MAX + 1).fill(new Uint8Array(1))), RangeError);
});
