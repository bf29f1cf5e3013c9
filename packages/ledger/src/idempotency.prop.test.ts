// Goal: a transaction takes effect at most once. Resubmitting it, or any other body under the
// same signer and id, is refused as a duplicate until its validUntil has passed and as expired
// after; a block holding such a transaction is refused whole and leaves the state untouched.
// Method: random histories from the shared generator; then a committed transaction (whose
// receipt may be ok or failed) is resubmitted amid fresh transactions, as a different body,
// at exactly its deadline and just after it, and the refusals and state roots are checked.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import type { Amount, ClientId } from "@tongbao/types";
import {
  ResultCode,
  commitBlock,
  computeStateRoots,
  executeBlock,
  resultName,
  type ExecuteResult,
  type SignedTransaction,
} from "./index.ts";
import { TestLedger, keys, makeTx } from "../test/fixtures.ts";
import { DAY_MS, HistoryGenerator, SIGNING_KEYS, fromGen } from "../test/random-history.ts";

function applyRandomHistory(ledger: TestLedger, generator: HistoryGenerator, blocks: number) {
  for (let i = 0; i < blocks; i++) {
    const nowMs = ledger.nowMs + generator.advanceMs();
    const txs = generator.block(ledger.state, nowMs);
    const result = executeBlock(ledger.state, txs, {
      height: ledger.state.height + 1,
      timestampMs: nowMs,
    });
    assert.ok(result.valid, "the generator produced an invalid block");
    commitBlock(ledger.state);
    ledger.nowMs = nowMs;
    generator.committed(txs);
  }
}

/** Executes at `timestampMs` and expects the whole block refused for transaction `index`. */
function expectRefused(
  ledger: TestLedger,
  txs: SignedTransaction[],
  timestampMs: number,
  index: number,
  code: ResultCode,
): void {
  const before = computeStateRoots(ledger.state).stateRoot;
  const height = ledger.state.height;
  const seen = ledger.state.seen.size;
  const result: ExecuteResult = executeBlock(ledger.state, txs, {
    height: height + 1,
    timestampMs,
  });
  assert.equal(result.valid, false, `a block resubmitting a transaction was accepted`);
  assert.ok(!result.valid);
  assert.deepEqual(
    [result.index, resultName(result.code!)],
    [index, resultName(code)],
    result.reason,
  );
  assert.equal(ledger.state.blockInProgress, false);
  assert.equal(ledger.state.height, height);
  assert.equal(ledger.state.seen.size, seen);
  assert.deepEqual(
    computeStateRoots(ledger.state).stateRoot,
    before,
    "refused block moved the root",
  );
}

/** Another body under `original`'s signer and id: a different operation and deadline. */
function sameIdOtherBody(original: SignedTransaction, validUntilMs: number): SignedTransaction {
  const signer = SIGNING_KEYS.find((key) => key.account === original.signer)!;
  const to = signer.account === keys.bob.account ? keys.alice.account : keys.bob.account;
  return makeTx(
    signer,
    [{ kind: "transfer", to, currency: "HKD" as never, amount: 1n as Amount }],
    {
      id: original.tx.id,
      validUntilMs,
    },
  );
}

test("a committed transaction resubmitted later is a duplicate until validUntil, then expired", () => {
  let failedResubmitted = 0;
  let deadlinesReached = 0;
  fc.assert(
    fc.property(fc.limitShrink(fc.gen(), 40), (g) => {
      const rng = fromGen(g);
      const ledger = new TestLedger();
      const generator = new HistoryGenerator(rng, { notIncludable: false, txsPerBlockMax: 6 });
      applyRandomHistory(ledger, generator, 1 + rng.int(12));
      const candidates = generator.committedTxs;
      fc.pre(candidates.length > 0);
      const original = candidates[rng.int(candidates.length)]!;
      const remembered = ledger.state.seen.get(original.signer + original.tx.id);
      if (remembered?.code !== undefined && remembered.code !== ResultCode.ok) failedResubmitted++;

      // Resubmitted amid fresh transactions in the next block.
      const t1 = ledger.nowMs + 1;
      const fresh = generator.block(ledger.state, t1);
      const position = rng.int(fresh.length + 1);
      const block = [...fresh.slice(0, position), original, ...fresh.slice(position)];
      const stillRemembered = original.tx.validUntilMs >= t1;
      const expected = stillRemembered
        ? ResultCode.transaction_duplicate
        : ResultCode.transaction_expired;
      expectRefused(ledger, block, t1, position, expected);
      if (!stillRemembered) return;

      // A different body under the same signer and id is the same transaction id: refused.
      expectRefused(ledger, [sameIdOtherBody(original, t1 + 60_000)], t1, 0, expected);

      // At exactly validUntil the id is still remembered; one millisecond later it is expired.
      const deadline = original.tx.validUntilMs;
      deadlinesReached++;
      expectRefused(ledger, [original], deadline, 0, ResultCode.transaction_duplicate);
      expectRefused(ledger, [original], deadline + 1, 0, ResultCode.transaction_expired);

      // Past the deadline the ledger has forgotten the id, so a new body may use it again.
      const reuse = sameIdOtherBody(original, deadline + 1 + DAY_MS / 2);
      const result = executeBlock(ledger.state, [reuse], {
        height: ledger.state.height + 1,
        timestampMs: deadline + 1,
      });
      assert.ok(result.valid, "an id whose deadline passed could not be used again");
      assert.equal(result.execution.receipts.length, 1);
      commitBlock(ledger.state);
    }),
    { numRuns: 100 },
  );
  // Failed transactions are remembered too; the histories must have tried some.
  assert.ok(failedResubmitted > 0, "no failed transaction was ever resubmitted");
  assert.ok(deadlinesReached > 0, "no resubmission was tried at its deadline");
});

test("two bodies with one signer and id in one block: the second is a duplicate", () => {
  fc.assert(
    fc.property(fc.limitShrink(fc.gen(), 40), (g) => {
      const rng = fromGen(g);
      const ledger = new TestLedger();
      const generator = new HistoryGenerator(rng, { notIncludable: false, txsPerBlockMax: 4 });
      applyRandomHistory(ledger, generator, rng.int(4));
      const t = ledger.nowMs + 1000;
      const block = generator.block(ledger.state, t);
      fc.pre(block.length > 0);
      const first = block[rng.int(block.length)]!;
      const second = rng.int(2) === 0 ? first : sameIdOtherBody(first, t + 1 + rng.int(DAY_MS));
      const at = block.indexOf(first) + 1 + rng.int(block.length - block.indexOf(first));
      block.splice(at, 0, second);
      expectRefused(ledger, block, t, at, ResultCode.transaction_duplicate);
    }),
    { numRuns: 100 },
  );
});

test("a second body under a committed signer and id is refused and the first payment stands", () => {
  // Independent of the generator: two hand-made transactions with a shared id.
  const ledger = new TestLedger();
  const id = "5e".repeat(16) as ClientId;
  const a = makeTx(
    keys.alice,
    [{ kind: "transfer", to: keys.bob.account, currency: "HKD" as never, amount: 100n as Amount }],
    { id },
  );
  ledger.block([a]);
  const balance = ledger.balance(keys.bob, "HKD");
  const b = makeTx(
    keys.alice,
    [{ kind: "transfer", to: keys.carol.account, currency: "HKD" as never, amount: 5n as Amount }],
    { id },
  );
  expectRefused(ledger, [b], ledger.nowMs + 1000, 0, ResultCode.transaction_duplicate);
  assert.equal(ledger.balance(keys.bob, "HKD"), balance);
});
