// Goal: the open-loop schedule offers exactly the asked rate whatever the system answers: every
// payment once, in order, never before it is due, and a stalled generator shows up as lag.
// Method: a fake clock that the loop's sleep advances; a stall injected into one send.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { dueAtMs, dueCount, runOpenLoop } from "./schedule.ts";

function fakeClock() {
  let nowMs = 1000;
  return {
    nowMs: () => nowMs,
    advance: (ms: number) => (nowMs += ms),
    sleep: async (ms: number) => {
      nowMs += ms;
    },
  };
}

test("dueCount counts the payments due by then, the first at once", () => {
  assert.equal(dueCount(-1, 100, 50), 0);
  assert.equal(dueCount(0, 100, 50), 1);
  assert.equal(dueCount(9.99, 100, 50), 1);
  assert.equal(dueCount(10, 100, 50), 2);
  assert.equal(dueCount(10_000, 100, 50), 50);
  assert.equal(dueAtMs(3, 100), 30);
  assert.throws(() => dueCount(0, 0, 1), RangeError);
});

test("every payment is sent once, in order, and never before it is due", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 50, max: 5000 }),
      fc.integer({ min: 0, max: 300 }),
      fc.integer({ min: 5, max: 100 }),
      async (ratePerS, total, tickMs) => {
        const clock = fakeClock();
        const start = clock.nowMs();
        let next = 0;
        const result = await runOpenLoop({
          ratePerS,
          total,
          tickMs,
          nowMs: clock.nowMs,
          sleep: clock.sleep,
          send: (from, to) => {
            assert.equal(from, next);
            assert.ok(to > from);
            // The last payment of the batch is due by now.
            assert.ok(dueAtMs(to - 1, ratePerS) <= clock.nowMs() - start + 1e-9);
            next = to;
          },
        });
        assert.equal(next, total);
        assert.equal(result.lagMsMax, 0);
        // Offered over the planned time: the last payment goes out within a tick of its due time.
        if (total > 0) assert.ok(result.endMs - start <= dueAtMs(total - 1, ratePerS) + tickMs);
      },
    ),
    { numRuns: 100 },
  );
});

test("one batch per tick: 1,000/s for 1 s in 20 ms ticks is 50 batches of 20", async () => {
  const clock = fakeClock();
  const sizes: number[] = [];
  const result = await runOpenLoop({
    ratePerS: 1000,
    total: 1000,
    tickMs: 20,
    nowMs: clock.nowMs,
    sleep: clock.sleep,
    send: (from, to) => sizes.push(to - from),
  });
  assert.equal(result.batches, sizes.length);
  assert.equal(
    sizes.reduce((a, b) => a + b, 0),
    1000,
  );
  assert.ok(sizes.length >= 50 && sizes.length <= 51, `${sizes.length} batches`);
  assert.ok(sizes.every((n) => n <= 21));
});

test("a stalled generator reports how far it fell behind, and catches up in one batch", async () => {
  const clock = fakeClock();
  const sizes: number[] = [];
  const result = await runOpenLoop({
    ratePerS: 100,
    total: 100,
    tickMs: 10,
    nowMs: clock.nowMs,
    sleep: clock.sleep,
    send: (from, to) => {
      sizes.push(to - from);
      if (from === 10) clock.advance(300); // the event loop was blocked for 300 ms
    },
  });
  assert.ok(result.lagMsMax >= 280 && result.lagMsMax <= 300, `lag ${result.lagMsMax}`);
  assert.ok(Math.max(...sizes) >= 29);
  assert.equal(
    sizes.reduce((a, b) => a + b, 0),
    100,
  );
});
