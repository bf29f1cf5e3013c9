// Goal: the PRNG is a pure function of its seed, so simulations replay exactly.
// Method: two generators with one seed agree; different seeds diverge; bounds hold.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Prng } from "./prng.ts";

test("same seed gives the same sequence", () => {
  const a = new Prng(42);
  const b = new Prng(42);
  for (let i = 0; i < 1000; i++) assert.equal(a.nextU32(), b.nextU32());
});

test("nearby seeds give different sequences", () => {
  const a = new Prng(1);
  const b = new Prng(2);
  const same = Array.from({ length: 32 }, () => a.nextU32() === b.nextU32()).filter(Boolean);
  assert.ok(same.length < 4);
});

test("int stays within its bound and reaches both ends", () => {
  const prng = new Prng(7);
  const seen = new Set<number>();
  for (let i = 0; i < 2000; i++) {
    const value = prng.int(5);
    assert.ok(value >= 0 && value < 5);
    seen.add(value);
  }
  assert.deepEqual([...seen].sort(), [0, 1, 2, 3, 4]);
});

test("bigint stays below its bound", () => {
  const prng = new Prng(9);
  for (let i = 0; i < 500; i++) {
    const value = prng.bigint(1000n);
    assert.ok(value >= 0n && value < 1000n);
  }
});

test("a known seed yields pinned values, so recorded seeds replay across releases", () => {
  // Pinned when the generator was written; a change here breaks every recorded simulator seed.
  const prng = new Prng(0x5eed);
  assert.deepEqual(
    [prng.nextU32(), prng.nextU32(), prng.nextU32()],
    [1940137148, 3905139606, 894994632],
  );
});
