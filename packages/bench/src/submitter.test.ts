// Goal: the bench plans enough submitters that no lane exceeds its share of a gateway's rate
// allowance, so a refusal in a report is the ledger's, not the limiter's; and no more than needed.
// Method: fast-check over rates, gateway counts and ticks against the limiter's cost rule.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { limits } from "@tongbao/api";
import { RATE_BUDGET_SHARE, planLanes } from "./submitter.ts";

const budget = RATE_BUDGET_SHARE * limits.RATE_PER_SECOND_DEFAULT;

/** Tokens a lane spends per second when each tick's batch goes to the next lane in turn. */
function laneCostPerS(ratePerS: number, tickMs: number, lanes: number): number {
  const batchesPerS = 1000 / tickMs / lanes;
  const itemsPerBatch = (ratePerS * tickMs) / 1000;
  return batchesPerS * Math.max(1, Math.ceil(itemsPerBatch / limits.BATCH_ITEMS_PER_TOKEN));
}

test("every lane stays within its budget", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 50_000 }),
      fc.integer({ min: 1, max: 16 }),
      fc.integer({ min: 5, max: 200 }),
      (rate, gateways, tickMs) => {
        const plan = planLanes(rate, gateways, tickMs);
        assert.equal(plan.lanes, plan.submitters * gateways);
        assert.ok(laneCostPerS(rate, tickMs, plan.lanes) <= budget + 1e-9);
      },
    ),
  );
});

test("one submitter when one is enough", () => {
  assert.deepEqual(planLanes(250, 4, 20), { submitters: 1, lanes: 4 });
  assert.deepEqual(planLanes(100, 1, 100), { submitters: 1, lanes: 1 });
  assert.ok(planLanes(5000, 1, 20).submitters > 1);
  assert.throws(() => planLanes(0, 1, 20), RangeError);
});
