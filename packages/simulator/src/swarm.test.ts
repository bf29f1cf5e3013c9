// Goal: across many fault mixes, honest validators never fork, never diverge in state, never
// break the ledger invariants, never sign two different messages for one step, and commit
// again after the network heals (swarm testing: each seed draws its whole configuration).
// Method: seeds 1–200 of the default mix (fixed, so every run of the suite checks the same
// seeds; `npm run sim -- --seeds K` explores new ones). Each seed is its own test, never
// retried; a failing one prints what it drew, the violation and the command that replays it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { KeyRing } from "./keys.ts";
import { describeResult, runSeed } from "./swarm.ts";

const SEEDS = 200;
const keys = new KeyRing();

for (let seed = 1; seed <= SEEDS; seed++) {
  test(`swarm seed ${seed}`, () => {
    const result = runSeed(seed, { keys });
    if (result.violation !== undefined) {
      assert.fail(`${describeResult(result)}\n${result.violation.message}`);
    }
    assert.ok(result.heights >= 20, `the agreed chain reached ${result.heights}`);
  });
}
