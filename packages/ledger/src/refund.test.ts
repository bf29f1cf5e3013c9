// Goal: a refund returns part or all of a remembered payment from its payee to its payer, in the
// payment's currency and without a fee; partial refunds add up and never exceed what was paid;
// every refusal (no such payment, not the payee, too much, frozen payer, no funds, retention
// over) changes nothing; a refund that a later linked operation undoes leaves no trace.
// Method: Alice pays the merchant 100.00 HKD with a reference; the merchant refunds it in parts
// across blocks; balances, the record's refunded total and the invariants are checked each time.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Amount, CurrencyCode, Hash } from "@tongbao/types";
import { ResultCode, checkInvariants, computeStateRoots, limits, type Operation } from "./index.ts";
import { TestLedger, keys, makeTx } from "../test/fixtures.ts";

const HKD = "HKD" as CurrencyCode;
const REF = "7e".repeat(32) as Hash;
const refund = (amount: bigint, reference: Hash = REF): Operation => ({
  kind: "refund",
  reference,
  amount: amount as Amount,
});

/** A ledger where Alice has paid the merchant 100.00 HKD under REF (fee 0.20). */
function paid(): TestLedger {
  const ledger = new TestLedger();
  const { receipts } = ledger.block([
    makeTx(keys.alice, [
      {
        kind: "transfer",
        to: keys.merchant.account,
        currency: HKD,
        amount: 100_00n as Amount,
        reference: REF,
      },
    ]),
  ]);
  assert.equal(receipts[0]!.code, ResultCode.ok);
  return ledger;
}

test("partial refunds add up to the payment and move no fee; the remainder stays visible", () => {
  const ledger = paid();
  const alice = ledger.balance(keys.alice, "HKD");
  const bank = ledger.balance(keys.hkBank, "HKD");
  let { receipts } = ledger.block([makeTx(keys.merchant, [refund(30_00n)])]);
  assert.equal(receipts[0]!.code, ResultCode.ok);
  const record = ledger.state.payments.get(keys.merchant.account, REF)!;
  assert.equal(record.refunded, 30_00n);
  assert.equal(record.amount - record.refunded, 70_00n);
  ({ receipts } = ledger.block([
    makeTx(keys.merchant, [refund(70_01n)]),
    makeTx(keys.merchant, [refund(70_00n)]),
    makeTx(keys.merchant, [refund(1n)]),
  ]));
  assert.deepEqual(
    receipts.map((r) => r.code),
    [ResultCode.refund_exceeds_refundable, ResultCode.ok, ResultCode.refund_exceeds_refundable],
  );
  assert.equal(ledger.balance(keys.merchant, "HKD"), 0n);
  assert.equal(ledger.balance(keys.alice, "HKD"), alice + 100_00n);
  assert.equal(ledger.balance(keys.hkBank, "HKD"), bank, "the original fee stays; no new fee");
  // A fully refunded payment is still remembered: its reference stays paid.
  assert.equal(ledger.state.payments.get(keys.merchant.account, REF)!.refunded, 100_00n);
  assert.deepEqual(checkInvariants(ledger.state), []);
});

test("only the payee can refund: for anyone else there is no such payment", () => {
  const ledger = paid();
  const root = computeStateRoots(ledger.state).stateRoot;
  const { receipts } = ledger.block([
    makeTx(keys.alice, [refund(1n)]),
    makeTx(keys.bob, [refund(1n)]),
    makeTx(keys.merchant, [refund(1n, "00".repeat(32) as Hash)]),
  ]);
  assert.deepEqual(
    receipts.map((r) => r.code),
    [ResultCode.payment_not_found, ResultCode.payment_not_found, ResultCode.payment_not_found],
  );
  assert.deepEqual(computeStateRoots(ledger.state).stateRoot, root);
});

test("a frozen payer cannot be refunded, and the merchant needs the funds", () => {
  const ledger = paid();
  // The merchant passes most of the money on, then cannot refund more than it holds.
  ledger.block([
    makeTx(keys.merchant, [
      { kind: "transfer", to: keys.bob.account, currency: HKD, amount: 90_00n as Amount },
    ]),
  ]);
  const held = ledger.balance(keys.merchant, "HKD");
  let { receipts } = ledger.block([makeTx(keys.merchant, [refund(held + 1n)])]);
  assert.equal(receipts[0]!.code, ResultCode.insufficient_funds);
  ({ receipts } = ledger.block([
    makeTx(keys.hkBank, [{ kind: "set_frozen", account: keys.alice.account, frozen: true }]),
    makeTx(keys.merchant, [refund(1n)]),
    makeTx(keys.hkBank, [{ kind: "set_frozen", account: keys.alice.account, frozen: false }]),
    makeTx(keys.merchant, [refund(1n)]),
  ]));
  assert.deepEqual(
    receipts.map((r) => r.code),
    [ResultCode.ok, ResultCode.account_frozen, ResultCode.ok, ResultCode.ok],
  );
  assert.equal(ledger.state.payments.get(keys.merchant.account, REF)!.refunded, 1n);
  assert.deepEqual(checkInvariants(ledger.state), []);
});

test("after the retention window the payment cannot be refunded through the ledger", () => {
  const ledger = paid();
  const validUntilMs = ledger.nowMs + limits.REFERENCE_RETENTION_MS + 60_000;
  const { receipts } = ledger.block(
    [makeTx(keys.merchant, [refund(1n)], { validUntilMs })],
    limits.REFERENCE_RETENTION_MS,
  );
  assert.equal(receipts[0]!.code, ResultCode.payment_not_found);
});

test("a refund undone by a later failing operation of its transaction leaves no trace", () => {
  const ledger = paid();
  const root = computeStateRoots(ledger.state).stateRoot;
  const { receipts } = ledger.block([
    makeTx(keys.merchant, [refund(40_00n), refund(40_00n), refund(40_00n)]),
  ]);
  assert.deepEqual(
    [receipts[0]!.code, receipts[0]!.operationIndex],
    [ResultCode.refund_exceeds_refundable, 2],
  );
  assert.equal(ledger.state.payments.get(keys.merchant.account, REF)!.refunded, 0n);
  assert.deepEqual(computeStateRoots(ledger.state).stateRoot, root);
});

test("a refund of nothing is malformed", () => {
  const ledger = paid();
  const result = ledger.execute([makeTx(keys.merchant, [refund(0n)])]);
  assert.equal(result.valid ? undefined : result.code, ResultCode.amount_must_be_positive);
});
