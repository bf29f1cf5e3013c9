// Goal: the workload is what the report says it is — the same payments for the same seed (the
// ledger and the peer are offered identical payments), nobody pays themselves, and the hot mix
// sends its share to the hot merchants while the uniform mix spreads payments evenly.
// Method: draw many payments with fixed seeds and count.
import { test } from "node:test";
import assert from "node:assert/strict";
import { AMOUNT_MINOR_MAX, PaymentGenerator, checkWorkload } from "./generator.ts";

test("the same seed gives the same payments; another seed, others", () => {
  const options = { accounts: 100, hotShare: 0, hotMerchants: 10, seed: 7 };
  const a = new PaymentGenerator(options).take(500);
  const b = new PaymentGenerator(options).take(500);
  const c = new PaymentGenerator({ ...options, seed: 8 }).take(500);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
});

test("uniform: any account pays any other, about equally often, never itself", () => {
  const accounts = 20;
  const payments = new PaymentGenerator({ accounts, hotShare: 0, hotMerchants: 0, seed: 1 }).take(
    40_000,
  );
  const received = new Array<number>(accounts).fill(0);
  const paid = new Array<number>(accounts).fill(0);
  for (const p of payments) {
    assert.notEqual(p.from, p.to);
    assert.ok(p.amountMinor >= 1n && p.amountMinor <= BigInt(AMOUNT_MINOR_MAX));
    received[p.to]!++;
    paid[p.from]!++;
  }
  // 2,000 expected each; a fair draw stays well within ±15 %.
  for (const n of [...received, ...paid]) assert.ok(n > 1700 && n < 2300, `${n}`);
});

test("hot: the hot merchants receive their share and never pay", () => {
  const hotMerchants = 5;
  const payments = new PaymentGenerator({
    accounts: 1000,
    hotShare: 0.8,
    hotMerchants,
    seed: 3,
  }).take(20_000);
  const toHot = payments.filter((p) => p.to < hotMerchants).length;
  assert.ok(Math.abs(toHot / payments.length - 0.8) < 0.02, `${toHot}`);
  for (const p of payments) {
    assert.ok(p.from >= hotMerchants, "a hot merchant paid");
    assert.notEqual(p.from, p.to);
  }
});

test("workloads that cannot be drawn are refused with the flag to fix", () => {
  assert.throws(
    () => checkWorkload({ accounts: 1, hotShare: 0, hotMerchants: 0, seed: 1 }),
    /--accounts/,
  );
  assert.throws(
    () => checkWorkload({ accounts: 10, hotShare: 1.5, hotMerchants: 1, seed: 1 }),
    /--skew/,
  );
  assert.throws(
    () => checkWorkload({ accounts: 10, hotShare: 0.5, hotMerchants: 9, seed: 1 }),
    /payers/,
  );
  checkWorkload({ accounts: 10, hotShare: 0.5, hotMerchants: 8, seed: 1 });
});
