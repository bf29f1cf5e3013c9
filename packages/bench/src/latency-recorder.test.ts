// Goal: a payment's latency is its commit moment minus its submission moment, counted once;
// refused payments get no latency; payments never seen final are lost; other steps' hashes
// are ignored. Method: scripted submissions and commits with chosen times.
import { test } from "node:test";
import assert from "node:assert/strict";
import { LatencyRecorder } from "./latency-recorder.ts";

test("latencies, refusals, failures and losses of one step", () => {
  const recorder = new LatencyRecorder();
  recorder.submitted(["a", "b", "c", "d", "e"], 100);
  recorder.refused("e", "mempool_full");
  assert.equal(recorder.waiting, 4);
  assert.equal(recorder.committed(["x", "a", "b"], 350, [0, 0, 0]), 2);
  assert.equal(recorder.committed(["c", "a"], 600, [203, 0]), 1);
  recorder.refused("a", "late"); // already final: ignored
  const outcome = recorder.outcome();
  assert.equal(outcome.submitted, 5);
  assert.equal(outcome.committed, 3);
  assert.equal(outcome.failed, 1);
  assert.equal(outcome.lost, 1);
  assert.deepEqual(outcome.refused, { mempool_full: 1 });
  assert.equal(outcome.latency.p50Ms, 250);
  assert.equal(outcome.latency.maxMs, 500);
  assert.deepEqual(outcome.commits, [
    { atMs: 350, count: 2 },
    { atMs: 600, count: 1 },
  ]);
});

test("a hash submitted twice is a bug in the bench", () => {
  const recorder = new LatencyRecorder();
  recorder.submitted(["a"], 1);
  assert.throws(() => recorder.submitted(["a"], 2), /twice/);
});
