// Goal: LedgerServices keeps the mempool and its indexes in step with committed blocks: committed
// and expired transactions leave the pool, holds appear in both parties' histories (post, void,
// expiry), receipt proofs verify for any block size, and each instance has its own metrics.
// Method: the API tests' single-validator TestChain (real ledger, mempool, block store); proofs
// are checked with the ledger's verifiers; metrics are read from each instance's own registry.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { register as globalRegistry } from "prom-client";
import { receiptsRoot, verifyReceiptProof, type Receipt, type ResultCode } from "@tongbao/ledger";
import { bytesToHex, hexToBytes } from "@tongbao/std";
import type { Amount, ClientId, CurrencyCode, Hash } from "@tongbao/types";
import { TestChain, keys } from "../../../api/test/chain.ts";
import { encodeReceiptsBytes, receiptLeaves, receiptProofView, receiptsRootOf } from "./views.ts";

const HKD = "HKD" as CurrencyCode;
const id = (n: number) => n.toString(16).padStart(32, "0") as ClientId;

test("a committed block takes its transactions out of the pool, and expired ones go too", async () => {
  const chain = new TestChain();
  const soon = chain.payment(keys.bob, keys.alice, 1n, { validUntilMs: chain.nowMs + 1_500 });
  const later = chain.payment(keys.alice, keys.bob, 1n);
  const results = await chain.services.submitTransactions([encode(later)]);
  assert.equal(results[0]!.status, "accepted");
  assert.equal((await chain.services.submitTransactions([encode(soon)]))[0]!.status, "accepted");
  assert.equal(chain.mempool.size, 2);
  // Block 1 includes both; afterwards nothing waits.
  chain.produceBlock();
  assert.equal(chain.mempool.size, 0);
  assert.equal((await chain.services.transaction(later.hash)).status, "committed");

  // A transaction that expires before a block can take it is evicted at the next commit.
  const stale = chain.payment(keys.bob, keys.alice, 2n, { validUntilMs: chain.nowMs + 10 });
  assert.equal((await chain.services.submitTransactions([encode(stale)]))[0]!.status, "accepted");
  chain.nowMs += 20; // the clock passes its deadline; the next proposal skips it
  chain.produceBlock();
  assert.equal(chain.mempool.size, 0);
  assert.equal((await chain.services.transaction(stale.hash)).status, "unknown");
});

test("holds appear in the payer's and the payee's history: created, posted, expired", async () => {
  const chain = new TestChain();
  const hold = (n: number, timeoutMs: number) =>
    chain.sign(keys.alice, [
      {
        kind: "create_pending",
        id: id(n),
        to: keys.merchant.account,
        currency: HKD,
        amount: 5_00n as Amount,
        timeoutMs,
      },
    ]);
  await chain.services.submitTransactions([encode(hold(1, 60_000)), encode(hold(2, 1_000))]);
  chain.produceBlock();
  const post = chain.sign(keys.alice, [
    { kind: "post_pending", from: keys.alice.account, id: id(1) },
  ]);
  await chain.services.submitTransactions([encode(post)]);
  chain.produceBlock(); // one second later: hold 2 (a 1 s timeout) expires in this block
  const merchant = await chain.services.accountHistory(keys.merchant.account, { limit: 10 });
  const kinds = merchant!.entries.map((e) =>
    e.type === "transaction" ? e.operations[0]!.kind : e.type,
  );
  assert.deepEqual(kinds, ["post_pending", "create_pending", "create_pending"]);
  const alice = await chain.services.accountHistory(keys.alice.account, { limit: 10 });
  const aliceKinds = alice!.entries.map((e) =>
    e.type === "transaction" ? e.operations[0]!.kind : e.type,
  );
  assert.deepEqual(aliceKinds, [
    "pending_expired",
    "post_pending",
    "create_pending",
    "create_pending",
  ]);
  const expired = alice!.entries[0]!;
  assert.ok(expired.type === "pending_expired");
  assert.deepEqual(expired.amount, { amount: "5.00", currency: "HKD" });
  const merchantAccount = await chain.services.account(keys.merchant.account);
  assert.deepEqual(merchantAccount!.balances, [{ amount: "5.00", currency: "HKD" }]);
});

test("receipt proofs built from stored bytes verify with the ledger, for blocks of any size", () => {
  const receipt = fc.record({
    hash: fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => bytesToHex(b) as Hash),
    code: fc.constantFrom(0, 201, 202) as fc.Arbitrary<ResultCode>,
    operationIndex: fc.constantFrom(0, 1, 255),
  });
  fc.assert(
    fc.property(
      fc.array(receipt, { minLength: 1, maxLength: 70 }),
      fc.nat(),
      (receipts: Receipt[], pick) => {
        const encoded = encodeReceiptsBytes(receipts);
        const leaves = receiptLeaves(encoded);
        const root = receiptsRootOf(leaves);
        assert.equal(bytesToHex(root), bytesToHex(receiptsRoot(receipts)));
        const index = pick % receipts.length;
        const view = receiptProofView(encoded, leaves, index, bytesToHex(root));
        const proof = {
          index: view.index,
          chunk: view.chunk.map((r) => ({
            ...r,
            hash: r.hash as Hash,
            code: r.code as ResultCode,
          })),
          path: { ...view.path, siblings: view.path.siblings.map(hexToBytes) },
        };
        assert.ok(verifyReceiptProof(root, receipts[index]!, proof));
      },
    ),
    { numRuns: 60 },
  );
});

test("each instance has its own metrics registry; the global default stays empty", async () => {
  const one = new TestChain();
  const two = new TestChain();
  await one.services.submitTransactions([encode(one.payment(keys.alice, keys.bob, 1n))]);
  one.produceBlock();
  one.services.nodeMetrics.peers.set(3);
  const text = (await one.services.metrics()).body;
  assert.match(text, /^tongbao_height 1$/m);
  assert.match(text, /^tongbao_payments_committed_total\{currency="HKD"\} 1$/m);
  assert.match(text, /^tongbao_transactions_committed_total\{result="ok"\} 1$/m);
  assert.match(text, /^tongbao_peers 3$/m);
  assert.match(text, /^tongbao_mempool_transactions 0$/m);
  const other = (await two.services.metrics()).body;
  assert.match(other, /^tongbao_height 0$/m);
  assert.doesNotMatch(other, /currency="HKD"/);
  assert.equal((await globalRegistry.metrics()).includes("tongbao_"), false);
});

function encode(signed: { body: Uint8Array; signature: Uint8Array }): Uint8Array {
  return new Uint8Array([...signed.body, ...signed.signature]);
}

test("a lookup that waits out an executing block reads its payment as committed once the block is stored, never unknown", async () => {
  // The runtime's order: the block finishes executing (its transactions leave the mempool at
  // once), is written to disk, and only then indexed here. A lookup that began while the block
  // was executing must wait for the write too, or it finds the payment nowhere.
  let storing: Promise<void> | undefined;
  const chain = new TestChain({ stored: () => storing });
  const payment = chain.payment(keys.alice, keys.bob, 1n);
  assert.equal((await chain.services.submitTransactions([encode(payment)]))[0]!.status, "accepted");
  const block = chain.executeBlock();
  assert.ok(chain.state.blockInProgress);
  const lookup = chain.services.transaction(payment.hash);
  await new Promise((resolve) => setImmediate(resolve)); // the lookup is now waiting on the block
  const info = block.finalize();
  chain.mempool.removeCommitted(info.transactions);
  let release!: () => void;
  storing = new Promise<void>((resolve) => (release = resolve)).then(() => {
    storing = undefined;
    chain.store(info);
  });
  // Long enough for the lookup's wait on the execution to end while the write is held; the answer
  // is checked whatever the moment it was given.
  await new Promise((resolve) => setTimeout(resolve, 100));
  release();
  const found = await lookup;
  assert.equal(found.status, "committed", JSON.stringify(found));
});

test("a submitted batch has its signatures checked while a block executes, and is admitted after it", async () => {
  // Signatures need no ledger state: the runtime checks them as the batch arrives, so that
  // admission after the block in progress has only the cheap checks left. The checks that read
  // the state still wait for it to be committed.
  const checked: { hashes: string[]; blockInProgress: boolean }[] = [];
  const chain: TestChain = new TestChain({
    preverify: async (transactions) => {
      checked.push({
        hashes: transactions.map((signed) => signed.hash),
        blockInProgress: chain.state.blockInProgress,
      });
    },
  });
  const payment = chain.payment(keys.alice, keys.bob, 1n);
  const block = chain.executeBlock();
  const submitted = chain.services.submitTransactions([encode(payment), new Uint8Array([1, 2])]);
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(checked, [{ hashes: [payment.hash], blockInProgress: true }]);
  assert.equal(chain.mempool.has(payment.hash), false, "admission waits for the block");
  chain.store(block.finalize());
  const results = await submitted;
  assert.deepEqual(
    results.map((r) => r.status),
    ["accepted", "rejected"],
  );
  assert.ok(chain.mempool.has(payment.hash));
});

test("a batch the runtime's admission cannot take is answered busy before it is decoded or checked", async () => {
  const asked: number[] = [];
  let preverified = 0;
  let full = true;
  const chain = new TestChain({
    admissionBusy: (count) => {
      asked.push(count);
      if (!full) return undefined;
      return Array.from({ length: count }, () => ({
        status: "busy" as const,
        code: "mempool_full" as const,
        retryAfterMs: 1000,
        message: "busy",
      }));
    },
    preverify: async () => {
      preverified++;
    },
  });
  const payment = chain.payment(keys.alice, keys.bob, 1n);
  const before = chain.fingerprint();
  // Not even a well-formed transaction: refused before decoding.
  const refused = await chain.services.submitTransactions([encode(payment), new Uint8Array(3)]);
  assert.deepEqual(
    refused.map((r) => `${r.status} ${"error" in r ? r.error.code : ""}`),
    ["busy mempool_full", "busy mempool_full"],
  );
  assert.equal(preverified, 0);
  assert.equal(chain.fingerprint(), before);
  full = false;
  const accepted = await chain.services.submitTransactions([encode(payment)]);
  assert.equal(accepted[0]!.status, "accepted");
  assert.deepEqual(asked, [2, 1]);
  assert.equal(preverified, 1);
});

test("a lookup waiting on a block's disk write that does not end answers node_busy in time", async () => {
  // A stalled write must not hang every read: it counts against the same deadline as execution.
  const stalled = new Promise<void>(() => {});
  const chain = new TestChain({ stored: () => stalled, committedStateWaitMs: 50 });
  await assert.rejects(chain.services.transaction("ab".repeat(32)), (error: unknown) => {
    const { code, message } = error as { code?: string; message?: string };
    return code === "node_busy" && /writing a block to disk/.test(message ?? "");
  });
});
