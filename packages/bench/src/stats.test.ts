// Goal: the figures the report rests on follow their stated rules: nearest-rank percentiles that
// are always observed values, and a sustained rate that counts block-paced commits exactly.
// Method: small hand-checked cases, and fast-check properties over random latencies.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { median, percentile, summarizeLatencies, sustainedThroughput } from "./stats.ts";

test("nearest-rank percentiles of 1…100 are the values at those ranks", () => {
  const values = Float64Array.from({ length: 100 }, (_, i) => i + 1);
  assert.equal(percentile(values, 50), 50);
  assert.equal(percentile(values, 99), 99);
  assert.equal(percentile(values, 100), 100);
  assert.equal(percentile(values, 0), 1);
  assert.ok(Number.isNaN(percentile([], 50)));
  assert.throws(() => percentile(values, 101), RangeError);
});

test("a percentile is always an observed value, and p50 ≤ p99 ≤ max", () => {
  fc.assert(
    fc.property(fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1 }), (xs) => {
      const s = summarizeLatencies(xs);
      assert.ok(xs.includes(s.p50Ms) && xs.includes(s.p99Ms) && xs.includes(s.maxMs));
      assert.ok(s.p50Ms <= s.p99Ms && s.p99Ms <= s.maxMs);
      assert.equal(s.count, xs.length);
    }),
  );
});

test("summarizing does not reorder the caller's latencies", () => {
  const latencies = [30, 10, 20];
  summarizeLatencies(latencies);
  assert.deepEqual(latencies, [30, 10, 20]);
});

test("block-paced commits: the payments after the first steady block over the time between", () => {
  // A block of 100 every 250 ms from t = 250: 400 payments/s whatever the window's edges.
  const batches = Array.from({ length: 20 }, (_, i) => ({ atMs: 250 * (i + 1), count: 100 }));
  const rate = sustainedThroughput(batches, { startMs: 0, steadyFromMs: 1000, endMs: 4100 });
  assert.equal(rate, 400);
});

test("the steady window ignores commits before the warm-up and after the load stopped", () => {
  const batches = [
    { atMs: 100, count: 1000 },
    { atMs: 1000, count: 10 },
    { atMs: 2000, count: 10 },
    { atMs: 3000, count: 10 },
    { atMs: 9000, count: 5000 },
  ];
  assert.equal(sustainedThroughput(batches, { startMs: 0, steadyFromMs: 500, endMs: 3000 }), 10);
});

test("with fewer than two steady blocks, everything over its span from the start", () => {
  const batches = [{ atMs: 2000, count: 300 }];
  assert.equal(sustainedThroughput(batches, { startMs: 0, steadyFromMs: 500, endMs: 1500 }), 150);
  assert.equal(sustainedThroughput([], { startMs: 0, steadyFromMs: 500, endMs: 1500 }), 0);
});

test("median of odd and even counts", () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.ok(Number.isNaN(median([])));
});
