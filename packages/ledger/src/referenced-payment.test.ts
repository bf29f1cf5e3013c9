// Goal: a transfer that carries a reference is paid once per (payee, reference): the ledger
// remembers its facts for REFERENCE_RETENTION_MS of agreed time, refuses a second payment with
// reference_already_paid (changing nothing, not even a fee), forgets it at the end of the window,
// and commits to it in the state root, where a proof shows it to a merchant.
// Method: the four-institution test genesis; blocks one second apart unless a case jumps time.
import { test } from "node:test";
import assert from "node:assert/strict";
import { bytesToHex } from "@tongbao/std";
import type { AccountId, Amount, CurrencyCode, Hash } from "@tongbao/types";
import {
  ResultCode,
  checkInvariants,
  computeStateRoots,
  decodePaymentLeaf,
  limits,
  provePayment,
  verifyPaymentProof,
  type Operation,
} from "./index.ts";
import { TestLedger, keys, makeTx } from "../test/fixtures.ts";

const HKD = "HKD" as CurrencyCode;
const REF = "5a".repeat(32) as Hash;
const pay = (to: AccountId, amount: bigint, reference: Hash = REF): Operation => ({
  kind: "transfer",
  to,
  currency: HKD,
  amount: amount as Amount,
  reference,
});
const plain = (to: AccountId, amount: bigint): Operation => ({
  kind: "transfer",
  to,
  currency: HKD,
  amount: amount as Amount,
});

test("a referenced payment is remembered with its facts; a plain transfer is not", () => {
  const ledger = new TestLedger();
  const { receipts, height } = ledger.block([
    makeTx(keys.bob, [plain(keys.alice.account, 1n)]),
    makeTx(keys.alice, [plain(keys.bob.account, 1n), pay(keys.merchant.account, 100_00n)]),
  ]);
  assert.deepEqual(
    receipts.map((r) => r.code),
    [ResultCode.ok, ResultCode.ok],
  );
  assert.equal(ledger.state.payments.size, 1);
  const record = ledger.state.payments.get(keys.merchant.account, REF)!;
  assert.deepEqual(
    { ...record, slot: undefined },
    {
      payee: keys.merchant.account,
      reference: REF,
      payer: keys.alice.account,
      currency: HKD,
      amount: 100_00n,
      refunded: 0n,
      paidAtMs: ledger.nowMs,
      height,
      transactionIndex: 1,
      operationIndex: 1,
      slot: undefined,
    },
  );
  assert.deepEqual(checkInvariants(ledger.state), []);
});

test("the same (payee, reference) cannot be paid twice; the refusal charges nothing", () => {
  const ledger = new TestLedger();
  ledger.block([makeTx(keys.alice, [pay(keys.merchant.account, 10_00n)])]);
  const alice = ledger.balance(keys.alice, "HKD");
  const bank = ledger.balance(keys.hkBank, "HKD");
  const { receipts } = ledger.block([
    // Another payer, the same payer again, and in a later block: all refused.
    makeTx(keys.bob, [pay(keys.merchant.account, 1_00n)]),
    makeTx(keys.alice, [pay(keys.merchant.account, 10_00n)]),
    // The same reference to another payee is another payment.
    makeTx(keys.alice, [pay(keys.bob.account, 2_00n)]),
  ]);
  assert.deepEqual(
    receipts.map((r) => r.code),
    [ResultCode.reference_already_paid, ResultCode.reference_already_paid, ResultCode.ok],
  );
  assert.equal(ledger.balance(keys.merchant, "HKD"), 10_00n);
  // Only the payment to Bob moved money: 2.00 and its 0.10 fee.
  assert.equal(ledger.balance(keys.alice, "HKD"), alice - 2_00n - 10n);
  assert.equal(ledger.balance(keys.hkBank, "HKD"), bank + 10n);
  assert.equal(ledger.state.payments.size, 2);
  assert.deepEqual(checkInvariants(ledger.state), []);
});

test("two payments of one reference in one transaction: the second fails and undoes the first", () => {
  const ledger = new TestLedger();
  const rootBefore = computeStateRoots(ledger.state).stateRoot;
  const { receipts } = ledger.block([
    makeTx(keys.alice, [pay(keys.merchant.account, 1_00n), pay(keys.merchant.account, 1_00n)]),
  ]);
  assert.deepEqual(
    [receipts[0]!.code, receipts[0]!.operationIndex],
    [ResultCode.reference_already_paid, 1],
  );
  assert.equal(ledger.state.payments.size, 0);
  assert.equal(ledger.balance(keys.merchant, "HKD"), 0n);
  // A failed transaction leaves the state root as it was: no payment tree leaf remains.
  assert.deepEqual(computeStateRoots(ledger.state).stateRoot, rootBefore);
  assert.equal(ledger.state.payments.table.slotsUsed, 0);
  assert.deepEqual(checkInvariants(ledger.state), []);
});

test("the payment is forgotten when its retention ends, in agreed time, and can be paid again", () => {
  const ledger = new TestLedger();
  ledger.block([makeTx(keys.alice, [pay(keys.merchant.account, 1_00n)])]);
  const paidAtMs = ledger.nowMs;
  // One millisecond before the end of the window it still counts.
  const before = limits.REFERENCE_RETENTION_MS - 1;
  const late = (validFromMs: number) => ({ validUntilMs: validFromMs + 60_000 });
  let { receipts } = ledger.block(
    [makeTx(keys.alice, [pay(keys.merchant.account, 1_00n)], late(paidAtMs + before))],
    before,
  );
  assert.equal(receipts[0]!.code, ResultCode.reference_already_paid);
  assert.equal(ledger.state.payments.size, 1);
  // At the end of the window it is forgotten before the block's transactions run.
  ({ receipts } = ledger.block(
    [makeTx(keys.alice, [pay(keys.merchant.account, 3_00n)], late(paidAtMs + before + 1))],
    1,
  ));
  assert.equal(receipts[0]!.code, ResultCode.ok);
  const record = ledger.state.payments.get(keys.merchant.account, REF)!;
  assert.equal(record.amount, 3_00n);
  assert.equal(record.paidAtMs, paidAtMs + limits.REFERENCE_RETENTION_MS);
  assert.deepEqual(checkInvariants(ledger.state), []);
});

test("records are forgotten in the order they were paid, a whole block's worth at once", () => {
  const ledger = new TestLedger();
  const refs = ["01", "02", "03"].map((b) => b.repeat(32) as Hash);
  ledger.block([makeTx(keys.alice, [pay(keys.merchant.account, 1n, refs[0])])]);
  ledger.block([
    makeTx(keys.alice, [pay(keys.merchant.account, 1n, refs[1])]),
    makeTx(keys.alice, [pay(keys.bob.account, 1n, refs[2])]),
  ]);
  ledger.block([], limits.REFERENCE_RETENTION_MS - 1000);
  assert.deepEqual(
    refs.map((r) => ledger.state.payments.get(keys.merchant.account, r) !== undefined),
    [false, true, false],
  );
  assert.ok(ledger.state.payments.get(keys.bob.account, refs[2]!) !== undefined);
  ledger.block([]);
  assert.equal(ledger.state.payments.size, 0);
  assert.deepEqual(checkInvariants(ledger.state), []);
});

test("a remembered payment is proven against the state root; a changed leaf is not", () => {
  const ledger = new TestLedger();
  ledger.block([makeTx(keys.alice, [pay(keys.merchant.account, 12_34n)])]);
  const stateRoot = computeStateRoots(ledger.state).stateRoot;
  const proof = provePayment(ledger.state, keys.merchant.account, REF)!;
  assert.ok(verifyPaymentProof(stateRoot, proof));
  const leaf = decodePaymentLeaf(proof.leaf);
  assert.deepEqual([leaf.payer, leaf.amount, leaf.refunded], [keys.alice.account, 12_34n, 0n]);
  const changed = proof.leaf.slice();
  const at = changed.length - 20;
  changed[at] = changed[at]! ^ 1;
  assert.ok(!verifyPaymentProof(stateRoot, { ...proof, leaf: changed }));
  assert.ok(!verifyPaymentProof(stateRoot, { ...proof, requestsRoot: new Uint8Array(31) }));
  assert.equal(provePayment(ledger.state, keys.bob.account, REF), undefined);
  assert.notEqual(bytesToHex(proof.leaf), "");
});
