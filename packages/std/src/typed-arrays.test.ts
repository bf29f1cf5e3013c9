// Goal: a grown typed array is of the same kind, as long as asked, starts with the old contents
// and is zero after them; asking for a shorter one is refused.
import { test } from "node:test";
import assert from "node:assert/strict";
import { grownTypedArray } from "./typed-arrays.ts";

test("grows each kind with its contents and zeros after them", () => {
  const u16 = grownTypedArray(Uint16Array.of(1, 65535), 4);
  assert.ok(u16 instanceof Uint16Array);
  assert.deepEqual([...u16], [1, 65535, 0, 0]);
  const i64 = grownTypedArray(BigInt64Array.of(-5n, 2n ** 62n), 3);
  assert.ok(i64 instanceof BigInt64Array);
  assert.deepEqual([...i64], [-5n, 2n ** 62n, 0n]);
  const f64 = grownTypedArray(Float64Array.of(1.5), 2);
  assert.deepEqual([...f64], [1.5, 0]);
});

test("a shorter length is refused", () => {
  assert.throws(() => grownTypedArray(new Uint32Array(4), 3), /no shorter/);
});
