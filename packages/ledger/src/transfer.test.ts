// Goal: a transfer moves money and its fee exactly, and every refusal changes nothing.
// Method: a four-institution test genesis; each case applies one block and checks balances,
// the receipt's result code and the invariants.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { AccountId, Amount, CurrencyCode, Hash } from "@tongbao/types";
import { ResultCode, checkInvariants, type Operation } from "./index.ts";
import { TestLedger, keys, makeTx } from "../test/fixtures.ts";

const HKD = "HKD" as CurrencyCode;
const transfer = (to: AccountId, amount: bigint, currency = HKD): Operation => ({
  kind: "transfer",
  to,
  currency,
  amount: amount as Amount,
});

test("a transfer debits amount plus fee, credits the payee and the sender's institution", () => {
  const ledger = new TestLedger();
  // Fee: 0.10 fixed + 10 bps of 100.00 = 0.10 + 0.10 = 0.20 HKD.
  const { receipts } = ledger.block([
    makeTx(keys.alice, [transfer(keys.merchant.account, 10_000n)]),
  ]);
  assert.equal(receipts[0]!.code, ResultCode.ok);
  assert.equal(ledger.balance(keys.alice, "HKD"), 100_000n - 10_000n - 20n);
  assert.equal(ledger.balance(keys.merchant, "HKD"), 10_000n);
  assert.equal(ledger.balance(keys.hkBank, "HKD"), 100_000_000n + 20n);
  assert.deepEqual(checkInvariants(ledger.state), []);
});

test("the fee is capped at the schedule's maximum", () => {
  const ledger = new TestLedger();
  ledger.block([makeTx(keys.hkBank, [transfer(keys.alice.account, 10_000_000n)])]);
  const before = ledger.balance(keys.alice, "HKD");
  // 10 bps of 90,000.00 is 90.00, plus 0.10 fixed: above the 5.00 cap, so the fee is 5.00.
  ledger.block([makeTx(keys.alice, [transfer(keys.bob.account, 9_000_000n)])]);
  assert.equal(before - ledger.balance(keys.alice, "HKD"), 9_000_000n + 500n);
});

test("an institution's own account pays no fee", () => {
  const ledger = new TestLedger();
  const before = ledger.balance(keys.hkBank, "HKD");
  ledger.block([makeTx(keys.hkBank, [transfer(keys.bob.account, 100n)])]);
  assert.equal(ledger.balance(keys.hkBank, "HKD"), before - 100n);
});

test("insufficient funds counts the fee", () => {
  const ledger = new TestLedger();
  // Bob has 50.00; sending all of it leaves nothing for the 0.15 fee.
  const { receipts } = ledger.block([makeTx(keys.bob, [transfer(keys.alice.account, 5_000n)])]);
  assert.equal(receipts[0]!.code, ResultCode.insufficient_funds);
  assert.equal(receipts[0]!.operationIndex, 0);
  assert.equal(ledger.balance(keys.bob, "HKD"), 5_000n);
});

test("unknown currency, unknown payee and frozen payee fail without effect", () => {
  const ledger = new TestLedger();
  const stranger = "ab".repeat(20) as AccountId;
  const { receipts } = ledger.block([
    makeTx(keys.alice, [transfer(keys.bob.account, 1n, "USD" as CurrencyCode)]),
    makeTx(keys.alice, [transfer(stranger, 1n)]),
    makeTx(keys.regulator, [{ kind: "set_frozen", account: keys.bob.account, frozen: true }]),
    makeTx(keys.alice, [transfer(keys.bob.account, 1n)]),
  ]);
  assert.deepEqual(
    receipts.map((r) => r.code),
    [
      ResultCode.currency_not_found,
      ResultCode.account_not_found,
      ResultCode.ok,
      ResultCode.account_frozen,
    ],
  );
  assert.equal(ledger.balance(keys.alice, "HKD"), 100_000n);
  assert.deepEqual(checkInvariants(ledger.state), []);
});

test("a reference and memo hash travel with the transfer and do not change its effect", () => {
  const ledger = new TestLedger();
  const op: Operation = {
    kind: "transfer",
    to: keys.merchant.account,
    currency: HKD,
    amount: 100n as Amount,
    reference: "11".repeat(32) as Hash,
    memoHash: "22".repeat(32) as Hash,
  };
  const { receipts } = ledger.block([makeTx(keys.alice, [op])]);
  assert.equal(receipts[0]!.code, ResultCode.ok);
  assert.equal(ledger.balance(keys.merchant, "HKD"), 100n);
});
