// Goal: the ledger's and the peer's rates are offered by the same rules: every fixed rate; a
// sweep ends at its first step that does not keep up, then offers one step between that rate
// and the last one kept (not in a quick run, not when nothing kept up); the steps come back by
// offered rate. Method: fake steps that keep up below a chosen rate, and a record of the calls.
import { test } from "node:test";
import assert from "node:assert/strict";
import { offerLadder, type LadderOptions } from "./ladder.ts";
import type { StepFigures } from "./scenarios.ts";

/** A step at `rate` that keeps up below `ceiling`, and carries `ceiling` above it. */
function fakeStep(rate: number, ceiling: number): StepFigures {
  const kept = rate < ceiling;
  return {
    offeredTps: rate,
    tps: kept ? rate : ceiling,
    p99Ms: kept ? 300 : 5_000,
    submitted: 1_000,
    committed: 1_000,
  };
}

async function run(rates: number[], ceiling: number, options: Partial<LadderOptions> = {}) {
  const offered: number[] = [];
  const reported: string[] = [];
  const steps = await offerLadder(
    rates,
    { stopsWhenBehind: true, refine: true, p99LimitMs: 2_000, ...options },
    async (rate) => {
      offered.push(rate);
      return fakeStep(rate, ceiling);
    },
    {
      step: (step, between) => reported.push(`${step.offeredTps}${between ? " between" : ""}`),
      stopped: (rate) => reported.push(`stopped ${rate}`),
    },
  );
  return { offered, reported, steps: steps.map((s) => s.offeredTps) };
}

test("a sweep stops at its first step behind, then offers one between it and the last kept", async () => {
  const { offered, reported, steps } = await run([1000, 1500, 2250, 3380], 2000);
  assert.deepEqual(offered, [1000, 1500, 2250, 1840]);
  assert.deepEqual(reported, ["1000", "1500", "2250", "stopped 2250", "1840 between"]);
  assert.deepEqual(steps, [1000, 1500, 1840, 2250]);
});

test("no step between in a quick run, nor when no step kept up", async () => {
  assert.deepEqual(
    (await run([1000, 1500, 2250], 2000, { refine: false })).offered,
    [1000, 1500, 2250],
  );
  assert.deepEqual((await run([1000, 1500], 500)).offered, [1000]);
});

test("fixed rates are all offered, whatever the steps before did", async () => {
  const { offered, reported } = await run([250, 500, 1000, 2000], 400, { stopsWhenBehind: false });
  assert.deepEqual(offered, [250, 500, 1000, 2000]);
  assert.ok(!reported.some((line) => line.startsWith("stopped")));
});
