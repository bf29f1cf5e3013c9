// Goal: travel-rule data is required at or above a currency's threshold, and always for a
// currency without one.
// Method: the defaults at the boundary, a configured table, refusal of negative amounts.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { CurrencyCode } from "@tongbao/types";
import {
  DEFAULT_TRAVEL_RULE_THRESHOLDS,
  isTravelRuleRequired,
  travelRuleRequirement,
} from "./index.ts";

const c = (code: string) => code as CurrencyCode;

test("the FATF default: USD 1,000.00 and above", () => {
  assert.equal(isTravelRuleRequired(99_999n, c("USD")), false);
  assert.equal(isTravelRuleRequired(100_000n, c("USD")), true);
  assert.deepEqual(travelRuleRequirement(799_999n, c("HKD")), {
    required: false,
    thresholdMinor: 800_000n,
  });
  assert.equal(isTravelRuleRequired(800_000n, c("HKD")), true);
  assert.equal(DEFAULT_TRAVEL_RULE_THRESHOLDS["EUR"], 100_000n);
});

test("a currency without a threshold always requires the data", () => {
  assert.deepEqual(travelRuleRequirement(1n, c("PHP")), {
    required: true,
    thresholdMinor: undefined,
  });
  assert.deepEqual(travelRuleRequirement(0n, c("toString")), {
    required: true,
    thresholdMinor: undefined,
  });
});

test("thresholds are configuration", () => {
  const table = { PHP: 5_000_000n, JPY: 100_000n };
  assert.equal(isTravelRuleRequired(4_999_999n, c("PHP"), table), false);
  assert.equal(isTravelRuleRequired(100_000n, c("JPY"), table), true);
  assert.equal(isTravelRuleRequired(1n, c("USD"), table), true);
  assert.throws(() => travelRuleRequirement(-1n, c("USD")), RangeError);
});
