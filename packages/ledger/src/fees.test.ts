// Goal: an institution sets the fees its own customers pay, and only in a known currency.
// Method: set a schedule, then transfer and compare the fee with the formula worked by hand.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Amount, CurrencyCode } from "@tongbao/types";
import { ResultCode, type Operation } from "./index.ts";
import { TestLedger, keys, makeTx } from "../test/fixtures.ts";

const schedule = (currency: string, fixed: bigint, bps: number, max: bigint): Operation => ({
  kind: "set_fee_schedule",
  currency: currency as CurrencyCode,
  fixedMinor: fixed as Amount,
  bps,
  maxMinor: max as Amount,
});

test("a new schedule applies to the institution's customers from the next transaction", () => {
  const ledger = new TestLedger();
  const { receipts } = ledger.block([
    makeTx(keys.hkBank, [schedule("HKD", 0n, 100, 1_000n)]),
    makeTx(keys.alice, [
      {
        kind: "transfer",
        to: keys.bob.account,
        currency: "HKD" as CurrencyCode,
        amount: 333n as Amount,
      },
    ]),
  ]);
  assert.deepEqual(
    receipts.map((r) => r.code),
    [ResultCode.ok, ResultCode.ok],
  );
  // 1 % of 3.33 is 0.0333 → 0.03, rounded down in the payer's favour.
  assert.equal(ledger.balance(keys.alice, "HKD"), 1000_00n - 333n - 3n);
  assert.equal(ledger.balance(keys.hkBank, "HKD"), 1_000_000_00n + 3n);
});

test("customers cannot set fees; unknown currencies and rates above 100 % are refused", () => {
  const ledger = new TestLedger();
  const { receipts } = ledger.block([
    makeTx(keys.alice, [schedule("HKD", 0n, 1, 1n)]),
    makeTx(keys.hkBank, [schedule("USD", 0n, 1, 1n)]),
  ]);
  assert.deepEqual(
    receipts.map((r) => r.code),
    [ResultCode.not_an_institution, ResultCode.currency_not_found],
  );
  const result = ledger.execute([makeTx(keys.hkBank, [schedule("HKD", 0n, 10_001, 1n)])]);
  assert.equal(result.valid ? undefined : result.code, ResultCode.fee_rate_invalid);
});

test("a customer of an institution without a schedule pays no fee", () => {
  const ledger = new TestLedger();
  ledger.block([
    makeTx(keys.hkBank, [
      {
        kind: "transfer",
        to: keys.carol.account,
        currency: "HKD" as CurrencyCode,
        amount: 10_00n as Amount,
      },
    ]),
  ]);
  ledger.block([
    makeTx(keys.carol, [
      {
        kind: "transfer",
        to: keys.alice.account,
        currency: "HKD" as CurrencyCode,
        amount: 10_00n as Amount,
      },
    ]),
  ]);
  assert.equal(ledger.balance(keys.carol, "HKD"), 0n);
});
