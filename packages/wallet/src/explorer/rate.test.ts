// Goal: the explorer's rate is a function of the blocks alone: transactions in the last window
// of block time over that window, sensible for an empty or a young chain.
// Method: hand-made block tallies.
import { test } from "node:test";
import assert from "node:assert/strict";
import { transactionsPerSecond } from "./rate.ts";

const block = (height: number, timestampMs: number, transactions: number) => ({
  height,
  timestampMs,
  transactions,
});

test("transactions over the window of block time", () => {
  assert.equal(transactionsPerSecond([]), 0);
  // Ten blocks a second apart, 20 transactions each: 200 in 10 s.
  const steady = Array.from({ length: 10 }, (_, i) => block(i + 1, 100_000 + i * 1000, 20));
  assert.equal(transactionsPerSecond(steady), 20);
  // Older blocks fall out of the window.
  const old = [block(0, 50_000, 10_000), ...steady];
  assert.equal(transactionsPerSecond(old), 20);
  // One block alone counts over one second.
  assert.equal(transactionsPerSecond([block(1, 5_000, 3)]), 3);
});
