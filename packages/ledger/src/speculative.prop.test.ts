// Goal: speculative execution leaves no trace. Executing a block and reverting it restores the
// state root, every balance, hold, fee, remembered id, remembered payment, open request and tree
// size exactly (the Merkle trees shrink back after a block that opened accounts, created holds,
// paid references and opened requests), and whatever executes
// next gives the same receipts and root as on a ledger that never saw the reverted block.
// Method: two ledgers replay one random history. At each step the first executes a random
// block A (padded with accounts and holds so the trees cross a power of two) and reverts it;
// then both execute a block B, sometimes carrying A's transactions, and are compared.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { bytesToHex } from "@tongbao/std";
import type { Amount, ClientId, Hash } from "@tongbao/types";
import {
  KeyType,
  checkInvariants,
  commitBlock,
  computeStateRoots,
  executeBlock,
  revertBlock,
  stateRootFromScratch,
  type LedgerState,
  type Operation,
  type SignedTransaction,
} from "./index.ts";
import { seenKey } from "./state/model.ts";
import { TestLedger, keys, makeTx } from "../test/fixtures.ts";
import { DAY_MS, HistoryGenerator, fromGen, type RandomSource } from "../test/random-history.ts";

/** Everything a revert must restore, in a form deepEqual can compare. */
function snapshot(state: LedgerState) {
  return {
    stateRoot: bytesToHex(computeStateRoots(state).stateRoot),
    height: state.height,
    lastTimestampMs: state.lastTimestampMs,
    accounts: [...state.accounts.values()]
      .map((a) => ({
        id: a.id,
        slot: a.slot,
        frozen: a.frozen,
        balances: [...a.balances].sort(([x], [y]) => (x < y ? -1 : 1)),
      }))
      .sort((a, b) => a.slot - b.slot),
    pendings: [...state.pendings.values()]
      .map((p) => [p.from, p.id, p.to, p.currency, p.amount, p.expiresAtMs, p.arbiter, p.slot])
      .sort((a, b) => (a[7]! < b[7]! ? -1 : 1)),
    supplies: [...state.currencies.values()].map((c) => [c.code, c.supply]),
    fees: [...state.fees].sort(([x], [y]) => (x < y ? -1 : 1)),
    seen: [...state.seen.keys()].sort(),
    payments: [...state.payments.table.values()]
      .map((p) => [p.payee, p.reference, p.payer, p.amount, p.refunded, p.paidAtMs, p.slot])
      .sort((a, b) => (a[6]! < b[6]! ? -1 : 1)),
    requests: [...state.requests.table.values()]
      .map((r) => [r.payee, r.id, r.payer, r.amount, r.reference, r.expiresAtMs, r.slot])
      .sort((a, b) => (a[6]! < b[6]! ? -1 : 1)),
    requestCounts: [...state.accounts.keys()]
      .sort()
      .map((id) => [state.requests.openForPayer(id), state.requests.openForPayee(id)]),
    pendingSlotsUsed: state.pendingSlotsUsed,
    paymentSlotsUsed: state.payments.table.slotsUsed,
    requestSlotsUsed: state.requests.table.slotsUsed,
    accountTreeSize: state.accountTree.size,
    pendingTreeSize: state.pendingTree.size,
    paymentTreeSize: state.payments.table.tree.size,
    requestTreeSize: state.requests.table.tree.size,
  };
}

let growthCounter = 0;

/** Transactions that open several accounts, create several holds, pay several references and
 * open several requests, so that a block grows every Merkle tree (often across a power of two)
 * and its revert must shrink them. */
function growth(rng: RandomSource, nowMs: number): SignedTransaction[] {
  const opens: Operation[] = Array.from({ length: 1 + rng.int(6) }, () => {
    const publicKey = new Uint8Array(33);
    publicKey[0] = 2;
    for (let i = 1; i < 33; i++) publicKey[i] = rng.int(256);
    return { kind: "open_account", keyType: KeyType.P256, publicKey, kycTier: 1 };
  });
  const holds: Operation[] = Array.from({ length: 1 + rng.int(6) }, () => ({
    kind: "create_pending",
    id: ("f" + (++growthCounter).toString(16).padStart(31, "0")) as ClientId,
    to: keys.alice.account,
    currency: "HKD" as never,
    amount: (1n + BigInt(rng.int(1000))) as Amount,
    timeoutMs: 1 + rng.int(120_000),
    arbiter: undefined,
  }));
  const paid: Operation[] = Array.from({ length: 1 + rng.int(6) }, () => ({
    kind: "transfer",
    to: keys.merchant.account,
    currency: "HKD" as never,
    amount: (1n + BigInt(rng.int(1000))) as Amount,
    reference: ("d" + (++growthCounter).toString(16).padStart(63, "0")) as Hash,
  }));
  const asked: Operation[] = Array.from({ length: 1 + rng.int(6) }, () => ({
    kind: "request_payment",
    id: ("d" + (++growthCounter).toString(16).padStart(31, "0")) as ClientId,
    payer: keys.alice.account,
    currency: "HKD" as never,
    amount: (1n + BigInt(rng.int(1000))) as Amount,
    timeoutMs: 1 + rng.int(120_000),
  }));
  const id = () => ("e" + (++growthCounter).toString(16).padStart(31, "0")) as ClientId;
  return [
    makeTx(keys.hkBank, opens, { id: id(), validUntilMs: nowMs + 60_000 }),
    makeTx(keys.hkBank, holds, { id: id(), validUntilMs: nowMs + 60_000 }),
    makeTx(keys.hkBank, paid, { id: id(), validUntilMs: nowMs + 60_000 }),
    makeTx(keys.hkBank, asked, { id: id(), validUntilMs: nowMs + 60_000 }),
  ];
}

function execute(ledger: TestLedger, txs: SignedTransaction[], timestampMs: number) {
  const result = executeBlock(ledger.state, txs, {
    height: ledger.state.height + 1,
    timestampMs,
  });
  assert.ok(
    result.valid,
    result.valid ? "" : `block refused at #${result.index}: ${result.code} ${result.reason}`,
  );
  return result.execution;
}

function commit(ledger: TestLedger, timestampMs: number): void {
  commitBlock(ledger.state);
  ledger.nowMs = timestampMs;
}

test("execute then revert restores everything; what follows matches a fresh replay", () => {
  let treesShrank = 0;
  fc.assert(
    fc.property(fc.limitShrink(fc.gen(), 40), (g) => {
      const rng = fromGen(g);
      const speculative = new TestLedger();
      const replica = new TestLedger();
      const generator = new HistoryGenerator(rng, { notIncludable: false, txsPerBlockMax: 6 });
      const steps = 1 + rng.int(12);
      for (let step = 0; step < steps; step++) {
        const where = `step ${step} at height ${speculative.state.height}`;
        const before = snapshot(speculative.state);
        assert.deepEqual(snapshot(replica.state), before, `${where}: replicas diverged`);

        // Block A: executed, then abandoned (another proposal won the round).
        let a: SignedTransaction[] = [];
        if (rng.int(4) !== 0) {
          const tA = speculative.nowMs + generator.advanceMs();
          a = generator.block(speculative.state, tA);
          if (rng.int(2) === 0) a.splice(rng.int(a.length + 1), 0, ...growth(rng, tA));
          execute(speculative, a, tA);
          if (
            speculative.state.accountTree.size > before.accountTreeSize ||
            speculative.state.pendingTree.size > before.pendingTreeSize ||
            speculative.state.payments.table.tree.size > before.paymentTreeSize ||
            speculative.state.requests.table.tree.size > before.requestTreeSize
          ) {
            treesShrank++;
          }
          revertBlock(speculative.state);
          assert.deepEqual(snapshot(speculative.state), before, `${where}: revert left a trace`);
          assert.deepEqual(
            bytesToHex(stateRootFromScratch(speculative.state)),
            before.stateRoot,
            `${where}: reverted trees differ from trees built from scratch`,
          );
        }

        // Block B, on both ledgers; it may re-propose some of A's transactions.
        const tB = speculative.nowMs + generator.advanceMs();
        const b = generator.block(speculative.state, tB);
        const inB = new Set(b.map((t) => seenKey(t.signer, t.tx.id)));
        for (const t of a) {
          // Includable at tB: within its deadline, and its id not remembered (A may have reused
          // an id that was forgotten at A's time but is still remembered at B's earlier time).
          const key = seenKey(t.signer, t.tx.id);
          const fits = t.tx.validUntilMs >= tB && t.tx.validUntilMs <= tB + DAY_MS;
          const remembered = speculative.state.seen.get(key);
          const free = remembered === undefined || remembered.validUntilMs < tB;
          if (fits && free && !inB.has(key) && rng.int(2) === 0) {
            b.splice(rng.int(b.length + 1), 0, t);
            inB.add(seenKey(t.signer, t.tx.id));
          }
        }
        const onSpeculative = execute(speculative, b, tB);
        const onReplica = execute(replica, b, tB);
        assert.deepEqual(
          onSpeculative.receipts,
          onReplica.receipts,
          `${where}: receipts of B differ after a reverted A`,
        );
        assert.deepEqual(onSpeculative.stateRoot, onReplica.stateRoot, `${where}: roots differ`);
        assert.deepEqual(onSpeculative.receiptsRoot, onReplica.receiptsRoot);
        assert.deepEqual(
          onSpeculative.expiredPendings.map((p) => p.from + p.id),
          onReplica.expiredPendings.map((p) => p.from + p.id),
        );
        assert.deepEqual(
          onSpeculative.closedRequests.map((c) => [c.request.payee + c.request.id, c.outcome]),
          onReplica.closedRequests.map((c) => [c.request.payee + c.request.id, c.outcome]),
        );
        commit(speculative, tB);
        commit(replica, tB);
        generator.committed(b);
        assert.deepEqual(snapshot(speculative.state), snapshot(replica.state), where);
        assert.deepEqual(checkInvariants(speculative.state), [], where);
      }
    }),
    { numRuns: 100 },
  );
  assert.ok(treesShrank > 0, "no reverted block ever grew a Merkle tree");
});

test("a block refused part-way is reverted like one executed and abandoned", () => {
  fc.assert(
    fc.property(fc.limitShrink(fc.gen(), 40), (g) => {
      const rng = fromGen(g);
      const ledger = new TestLedger();
      const generator = new HistoryGenerator(rng, { notIncludable: false, txsPerBlockMax: 6 });
      for (let i = rng.int(6); i > 0; i--) {
        const t = ledger.nowMs + generator.advanceMs();
        const txs = generator.block(ledger.state, t);
        execute(ledger, txs, t);
        commit(ledger, t);
        generator.committed(txs);
      }
      const before = snapshot(ledger.state);
      const t = ledger.nowMs + generator.advanceMs();
      // Effects first (accounts, holds, transfers), then a transaction that cannot be included.
      const txs = [...growth(rng, t), ...generator.block(ledger.state, t)];
      txs.push(txs[rng.int(txs.length)]!);
      const result = executeBlock(ledger.state, txs, {
        height: ledger.state.height + 1,
        timestampMs: t,
      });
      assert.equal(result.valid, false);
      assert.deepEqual(snapshot(ledger.state), before);
      assert.deepEqual(bytesToHex(stateRootFromScratch(ledger.state)), before.stateRoot);
    }),
    { numRuns: 50 },
  );
});
