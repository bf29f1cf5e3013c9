// Goal: a transaction's operations succeed or fail as one, and a block's transactions that
// must never be included make the whole block invalid without changing anything.
// Method: multi-operation transactions where a later operation fails; blocks with expired,
// duplicate, far-future and unknown-signer transactions; compare state roots before and after.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { AccountId, Amount, CurrencyCode } from "@tongbao/types";
import { equalBytes } from "@tongbao/std";
import { ResultCode, computeStateRoots, limits, resultGroup, type Operation } from "./index.ts";
import { GENESIS_TIME_MS, TestLedger, keys, makeTx, nextId, testKey } from "../test/fixtures.ts";

const HKD = "HKD" as CurrencyCode;
const pay = (to: AccountId, amount: bigint): Operation => ({
  kind: "transfer",
  to,
  currency: HKD,
  amount: amount as Amount,
});

test("when a later operation fails, earlier ones are undone and the failing index is reported", () => {
  const ledger = new TestLedger();
  const tx = makeTx(keys.alice, [
    pay(keys.merchant.account, 100n),
    pay(keys.bob.account, 100n),
    pay(keys.bob.account, 10_000_000n),
  ]);
  const { receipts } = ledger.block([tx]);
  assert.equal(receipts[0]!.code, ResultCode.insufficient_funds);
  assert.equal(receipts[0]!.operationIndex, 2);
  assert.equal(ledger.balance(keys.merchant, "HKD"), 0n);
  assert.equal(ledger.balance(keys.bob, "HKD"), 50_00n);
  assert.equal(ledger.balance(keys.alice, "HKD"), 1000_00n);
});

test("all operations of a successful transaction apply in order", () => {
  const ledger = new TestLedger();
  const { receipts } = ledger.block([
    makeTx(keys.bob, [pay(keys.alice.account, 40_00n), pay(keys.merchant.account, 9_00n)]),
  ]);
  // Bob had 50.00; 40.00 + fee 0.14, then 9.00 + fee 0.109 → 0.10 (rounded down) leaves 0.76.
  assert.equal(receipts[0]!.code, ResultCode.ok);
  assert.equal(ledger.balance(keys.bob, "HKD"), 50_00n - 40_00n - 14n - 9_00n - 10n);
});

function rootOf(ledger: TestLedger): Uint8Array {
  return computeStateRoots(ledger.state).stateRoot;
}

test("a block with a transaction that cannot be included is invalid and changes nothing", () => {
  const ledger = new TestLedger();
  const first = makeTx(keys.alice, [pay(keys.merchant.account, 1n)]);
  ledger.block([first]);
  const root = rootOf(ledger);
  const cases: Array<[ResultCode, ReturnType<typeof makeTx>]> = [
    [
      ResultCode.transaction_duplicate,
      makeTx(keys.alice, [pay(keys.bob.account, 1n)], { id: first.tx.id }),
    ],
    [
      ResultCode.transaction_expired,
      makeTx(keys.alice, [pay(keys.bob.account, 1n)], { validUntilMs: GENESIS_TIME_MS }),
    ],
    [
      ResultCode.valid_until_too_far,
      makeTx(keys.alice, [pay(keys.bob.account, 1n)], {
        validUntilMs: ledger.nowMs + 1000 + limits.VALIDITY_WINDOW_MS_MAX + 1,
      }),
    ],
    [ResultCode.signer_account_not_found, makeTx(testKey("nobody"), [pay(keys.bob.account, 1n)])],
    [ResultCode.operations_must_not_be_empty, makeTx(keys.alice, [])],
    [ResultCode.accounts_must_be_different, makeTx(keys.alice, [pay(keys.alice.account, 1n)])],
  ];
  for (const [code, bad] of cases) {
    const good = makeTx(keys.alice, [pay(keys.bob.account, 1n)]);
    const result = ledger.execute([good, bad]);
    assert.equal(result.valid, false, ResultCode[code]);
    if (!result.valid) {
      assert.equal(result.code, code);
      assert.equal(result.index, 1);
      assert.notEqual(resultGroup(code), "failed");
    }
    assert.ok(equalBytes(rootOf(ledger), root), `${ResultCode[code]} left the state changed`);
    assert.equal(ledger.balance(keys.bob, "HKD"), 50_00n);
  }
});

test("the same id twice within one block is a duplicate", () => {
  const ledger = new TestLedger();
  const id = nextId();
  const result = ledger.execute([
    makeTx(keys.alice, [pay(keys.bob.account, 1n)], { id }),
    makeTx(keys.alice, [pay(keys.bob.account, 2n)], { id }),
  ]);
  assert.equal(result.valid ? undefined : result.code, ResultCode.transaction_duplicate);
});

test("failed transactions are remembered too: resubmitting one is a duplicate", () => {
  const ledger = new TestLedger();
  const failing = makeTx(keys.bob, [pay(keys.alice.account, 1_000_000n)]);
  assert.equal(ledger.block([failing]).receipts[0]!.code, ResultCode.insufficient_funds);
  const again = ledger.execute([failing]);
  assert.equal(again.valid ? undefined : again.code, ResultCode.transaction_duplicate);
  assert.equal(
    ledger.state.seen.get(keys.bob.account + failing.tx.id)!.code,
    ResultCode.insufficient_funds,
  );
});

test("every result code belongs to exactly one group and has a stable name", () => {
  const codes = Object.values(ResultCode).filter((v): v is ResultCode => typeof v === "number");
  for (const code of codes) {
    const group = resultGroup(code);
    if (code === 0) assert.equal(group, "ok");
    else if (code < 100) assert.equal(group, "malformed");
    else if (code < 200) assert.equal(group, "not_includable");
    else assert.equal(group, "failed");
  }
  assert.equal(new Set(codes).size, codes.length);
});
