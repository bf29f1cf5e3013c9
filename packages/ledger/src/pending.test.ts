// Goal: holds (pending transfers) move value exactly once — posted, voided or expired — and
// only the parties the rules name can resolve them.
// Method: create holds from Alice to the merchant and resolve them each way across blocks.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { AccountId, Amount, ClientId, CurrencyCode } from "@tongbao/types";
import { ResultCode, checkInvariants, limits, type Operation } from "./index.ts";
import { TestLedger, keys, makeTx, nextId } from "../test/fixtures.ts";

const HKD = "HKD" as CurrencyCode;
const hold = (
  id: ClientId,
  amount: bigint,
  timeoutMs = 60_000,
  arbiter?: AccountId,
): Operation => ({
  kind: "create_pending",
  id,
  to: keys.merchant.account,
  currency: HKD,
  amount: amount as Amount,
  timeoutMs,
  arbiter,
});
const post = (id: ClientId, amount?: bigint): Operation => ({
  kind: "post_pending",
  from: keys.alice.account,
  id,
  amount: amount as Amount | undefined,
});
const voidOp = (id: ClientId): Operation => ({
  kind: "void_pending",
  from: keys.alice.account,
  id,
});

test("a hold leaves the payer at once and reaches the payee when posted", () => {
  const ledger = new TestLedger();
  const id = nextId();
  ledger.block([makeTx(keys.alice, [hold(id, 30_00n)])]);
  assert.equal(ledger.balance(keys.alice, "HKD"), 1000_00n - 30_00n);
  assert.equal(ledger.state.pendings.size, 1);
  assert.deepEqual(checkInvariants(ledger.state), []);
  const { receipts } = ledger.block([makeTx(keys.alice, [post(id)])]);
  assert.equal(receipts[0]!.code, ResultCode.ok);
  assert.equal(ledger.balance(keys.merchant, "HKD"), 30_00n);
  assert.equal(ledger.state.pendings.size, 0);
  assert.deepEqual(checkInvariants(ledger.state), []);
});

test("a partial post pays part and returns the rest; posting more than held fails", () => {
  const ledger = new TestLedger();
  const id = nextId();
  ledger.block([makeTx(keys.alice, [hold(id, 30_00n)])]);
  const { receipts } = ledger.block([
    makeTx(keys.alice, [post(id, 31_00n)]),
    makeTx(keys.alice, [post(id, 10_00n)]),
  ]);
  assert.deepEqual(
    receipts.map((r) => r.code),
    [ResultCode.post_amount_exceeds_pending, ResultCode.ok],
  );
  assert.equal(ledger.balance(keys.merchant, "HKD"), 10_00n);
  assert.equal(ledger.balance(keys.alice, "HKD"), 1000_00n - 10_00n);
});

test("the payee may void (decline); the payer may not void, the payee may not post", () => {
  const ledger = new TestLedger();
  const id = nextId();
  ledger.block([makeTx(keys.alice, [hold(id, 5_00n)])]);
  const { receipts } = ledger.block([
    makeTx(keys.alice, [voidOp(id)]),
    makeTx(keys.merchant, [post(id)]),
    makeTx(keys.merchant, [voidOp(id)]),
    makeTx(keys.merchant, [voidOp(id)]),
  ]);
  assert.deepEqual(
    receipts.map((r) => r.code),
    [
      ResultCode.not_authorized,
      ResultCode.not_authorized,
      ResultCode.ok,
      ResultCode.pending_not_found,
    ],
  );
  assert.equal(ledger.balance(keys.alice, "HKD"), 1000_00n);
});

test("an arbiter may post or void", () => {
  const ledger = new TestLedger();
  const [a, b] = [nextId(), nextId()];
  ledger.block([
    makeTx(keys.alice, [
      hold(a, 1_00n, 60_000, keys.carol.account),
      hold(b, 2_00n, 60_000, keys.carol.account),
    ]),
  ]);
  const { receipts } = ledger.block([
    makeTx(keys.carol, [post(a)]),
    makeTx(keys.carol, [voidOp(b)]),
  ]);
  assert.deepEqual(
    receipts.map((r) => r.code),
    [ResultCode.ok, ResultCode.ok],
  );
  assert.equal(ledger.balance(keys.merchant, "HKD"), 1_00n);
  assert.equal(ledger.balance(keys.alice, "HKD"), 1000_00n - 1_00n);
});

test("at its deadline in agreed time a hold returns to the payer, and can no longer be posted", () => {
  const ledger = new TestLedger();
  const id = nextId();
  ledger.block([makeTx(keys.alice, [hold(id, 7_00n, 1_500)])], 1000);
  // The next block is 1 s later: 0.5 s before the deadline. The hold is still there.
  assert.equal(ledger.block([], 1000).expiredPendings.length, 0);
  // The deadline passes inside this block's time: a post fails, then the hold expires.
  const { receipts, expiredPendings } = ledger.block([makeTx(keys.alice, [post(id)])], 1000);
  assert.equal(receipts[0]!.code, ResultCode.pending_expired);
  assert.equal(expiredPendings.length, 1);
  assert.equal(ledger.balance(keys.alice, "HKD"), 1000_00n);
  assert.equal(ledger.balance(keys.merchant, "HKD"), 0n);
  assert.deepEqual(checkInvariants(ledger.state), []);
  assert.equal(
    ledger.block([makeTx(keys.alice, [post(id)])]).receipts[0]!.code,
    ResultCode.pending_not_found,
  );
});

test("hold ids are unique per payer while open; holds need funds, a known payee and a sane timeout", () => {
  const ledger = new TestLedger();
  const id = nextId();
  const { receipts } = ledger.block([
    makeTx(keys.alice, [hold(id, 1n)]),
    makeTx(keys.alice, [hold(id, 1n)]),
    makeTx(keys.bob, [hold(id, 1_000_00n)]),
    makeTx(keys.alice, [{ ...hold(nextId(), 1n), to: "aa".repeat(20) } as Operation]),
    makeTx(keys.alice, [hold(nextId(), 1n, 60_000, "bb".repeat(20) as AccountId)]),
  ]);
  assert.deepEqual(
    receipts.map((r) => r.code),
    [
      ResultCode.ok,
      ResultCode.pending_already_exists,
      ResultCode.insufficient_funds,
      ResultCode.account_not_found,
      ResultCode.account_not_found,
    ],
  );
  for (const timeoutMs of [0, limits.PENDING_TIMEOUT_MS_MAX + 1]) {
    const result = ledger.execute([makeTx(keys.alice, [hold(nextId(), 1n, timeoutMs)])]);
    assert.equal(result.valid ? undefined : result.code, ResultCode.timeout_invalid);
  }
  const zero = ledger.execute([makeTx(keys.alice, [hold("0".repeat(32) as ClientId, 1n)])]);
  assert.equal(zero.valid ? undefined : zero.code, ResultCode.id_must_not_be_zero);
});
