// Goal: only a currency's issuer creates or destroys it, and supply tracks every change.
// Method: issue and redeem from issuers and non-issuers; compare supply and balances.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { AccountId, Amount, CurrencyCode } from "@tongbao/types";
import { AMOUNT_MAX } from "@tongbao/types";
import { ResultCode, checkInvariants, type Operation } from "./index.ts";
import { TestLedger, keys, makeTx } from "../test/fixtures.ts";

const HKD = "HKD" as CurrencyCode;
const issue = (to: AccountId, amount: bigint, currency = HKD): Operation => ({
  kind: "issue",
  currency,
  to,
  amount: amount as Amount,
});
const redeem = (amount: bigint, currency = HKD): Operation => ({
  kind: "redeem",
  currency,
  amount: amount as Amount,
});
const supply = (ledger: TestLedger, code: string) =>
  ledger.state.currencies.get(code as CurrencyCode)!.supply;

test("the issuer issues to any account and supply grows by the same amount", () => {
  const ledger = new TestLedger();
  const before = supply(ledger, "HKD");
  const { receipts } = ledger.block([makeTx(keys.hkBank, [issue(keys.bob.account, 123_45n)])]);
  assert.equal(receipts[0]!.code, ResultCode.ok);
  assert.equal(supply(ledger, "HKD"), before + 123_45n);
  assert.equal(ledger.balance(keys.bob, "HKD"), 50_00n + 123_45n);
  assert.deepEqual(checkInvariants(ledger.state), []);
});

test("another issuer, a customer or an unknown currency cannot issue", () => {
  const ledger = new TestLedger();
  const { receipts } = ledger.block([
    makeTx(keys.phBank, [issue(keys.bob.account, 1n)]),
    makeTx(keys.alice, [issue(keys.bob.account, 1n)]),
    makeTx(keys.hkBank, [issue(keys.bob.account, 1n, "USD" as CurrencyCode)]),
    makeTx(keys.hkBank, [issue("ef".repeat(20) as AccountId, 1n)]),
  ]);
  assert.deepEqual(
    receipts.map((r) => r.code),
    [
      ResultCode.not_currency_issuer,
      ResultCode.not_currency_issuer,
      ResultCode.currency_not_found,
      ResultCode.account_not_found,
    ],
  );
});

test("supply can never exceed AMOUNT_MAX", () => {
  const ledger = new TestLedger();
  const room = AMOUNT_MAX - supply(ledger, "HKD");
  const { receipts } = ledger.block([
    makeTx(keys.hkBank, [issue(keys.merchant.account, room + 1n)]),
    makeTx(keys.hkBank, [issue(keys.merchant.account, room)]),
  ]);
  assert.deepEqual(
    receipts.map((r) => r.code),
    [ResultCode.supply_would_overflow, ResultCode.ok],
  );
  assert.equal(supply(ledger, "HKD"), AMOUNT_MAX);
});

test("the issuer redeems from its own balance only, and supply shrinks", () => {
  const ledger = new TestLedger();
  const before = supply(ledger, "HKD");
  const own = ledger.balance(keys.hkBank, "HKD");
  const { receipts } = ledger.block([
    makeTx(keys.hkBank, [redeem(1_000n)]),
    makeTx(keys.hkBank, [redeem(own)]),
    makeTx(keys.alice, [redeem(1n)]),
  ]);
  assert.deepEqual(
    receipts.map((r) => r.code),
    [ResultCode.ok, ResultCode.insufficient_funds, ResultCode.not_currency_issuer],
  );
  assert.equal(supply(ledger, "HKD"), before - 1_000n);
  assert.deepEqual(checkInvariants(ledger.state), []);
});

test("zero amounts are malformed and make the block invalid", () => {
  const ledger = new TestLedger();
  const result = ledger.execute([makeTx(keys.hkBank, [issue(keys.bob.account, 0n)])]);
  assert.equal(result.valid, false);
  if (!result.valid) assert.equal(result.code, ResultCode.amount_must_be_positive);
});
