// Goal: the run offers the rates it promises, a sweep stops where the system stops keeping up,
// and the summary picks the best step that kept up. Method: hand-built steps.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  SCENARIOS,
  headlineStep,
  keptUp,
  mostCommitted,
  ratesOf,
  scenarioNamed,
  stepSeed,
  sweepLadder,
  sweepShouldStop,
  refinedRate,
} from "./scenarios.ts";

const step = (offeredTps: number, tps: number, p99Ms: number, committed = 100) => ({
  offeredTps,
  tps,
  p99Ms,
  submitted: 100,
  committed,
});

test("the sweep ladder multiplies from its start, rounded to 10/s", () => {
  assert.deepEqual(
    sweepLadder({ fromTps: 250, factor: 1.5, stepsMax: 5 }),
    [250, 380, 560, 840, 1270],
  );
  assert.deepEqual(sweepLadder({ fromTps: 500, factor: 2, stepsMax: 4 }), [500, 1000, 2000, 4000]);
  assert.throws(() => sweepLadder({ fromTps: 500, factor: 1, stepsMax: 4 }), /--sweep-factor/);
});

test("each scenario's rates: fixed, the ladder, or both in order", () => {
  const sweep = { fromTps: 500, factor: 2, stepsMax: 3 };
  assert.deepEqual(ratesOf(scenarioNamed("4-validators"), [250, 1000], sweep), [250, 1000]);
  assert.deepEqual(ratesOf(scenarioNamed("sweep"), [250, 1000], sweep), [500, 1000, 2000]);
  assert.deepEqual(
    ratesOf(scenarioNamed("postgresql"), [250, 1000], sweep),
    [250, 500, 1000, 2000],
  );
  // One validator: the fixed rates, then the ladder above them (a full run; a quick run stays fixed).
  assert.deepEqual(ratesOf(scenarioNamed("1-validator"), [250, 1000], sweep), [250, 1000, 2000]);
  assert.deepEqual(ratesOf(scenarioNamed("1-validator"), [250, 1000], sweep, false), [250, 1000]);
  assert.throws(() => scenarioNamed("3-validators"), /the scenarios are/);
  assert.equal(new Set(SCENARIOS.map((s) => s.name)).size, SCENARIOS.length);
});

test("keeping up: p99 within the limit, nearly every payment final, no backlog growing", () => {
  assert.ok(keptUp(step(500, 500, 1999), 2000));
  assert.ok(keptUp(step(500, 460, 300), 2000));
  assert.ok(!keptUp(step(500, 500, 2001), 2000));
  assert.ok(!keptUp(step(500, 500, 300, 98), 2000));
  assert.ok(!keptUp(step(2000, 1363, 1361), 2000), "final/s well below the offered rate");
  assert.ok(sweepShouldStop(step(4000, 900, 5000), 2000));
  assert.ok(!sweepShouldStop(step(500, 500, 300), 2000));
});

test("the headline is the fastest step that kept up, else the fastest", () => {
  const steps = [step(250, 250, 300), step(1000, 990, 800), step(2000, 1100, 4000)];
  assert.deepEqual(headlineStep(steps, 2000), { step: steps[1], keptUp: true });
  const none = [step(250, 200, 3000), step(1000, 300, 9000)];
  assert.deepEqual(headlineStep(none, 2000), { step: none[1], keptUp: false });
  assert.equal(headlineStep([], 2000), undefined);
});

test("the most carried is the highest final/s of any step", () => {
  assert.equal(
    mostCommitted([step(250, 250, 300), step(2000, 1100, 4000), step(4000, 900, 9000)]),
    1100,
  );
  assert.ok(Number.isNaN(mostCommitted([])));
});

test("a step's payments depend on the seed, the mix and the rate only", () => {
  assert.equal(stepSeed(1, "uniform", 500), stepSeed(1, "uniform", 500));
  assert.notEqual(stepSeed(1, "uniform", 500), stepSeed(1, "hot", 500));
  assert.notEqual(stepSeed(1, "uniform", 500), stepSeed(1, "uniform", 1000));
  assert.notEqual(stepSeed(1, "uniform", 500), stepSeed(2, "uniform", 500));
});

test("after the sweep stops, one step between the last kept and the first not kept", () => {
  assert.equal(refinedRate(4270, 6410), 5230);
  assert.equal(refinedRate(840, 1270), 1030);
  // Nothing kept up: nothing to narrow down.
  assert.equal(refinedRate(undefined, 250), undefined);
  // No rate of 10/s steps fits between.
  assert.equal(refinedRate(250, 260), undefined);
  assert.equal(refinedRate(500, 500), undefined);
});
