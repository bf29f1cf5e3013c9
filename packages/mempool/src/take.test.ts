// Goal: a proposal takes transactions fairly (round-robin across signers, each signer's in
// arrival order) within its limits, only ones the block can include, and without removing
// them; commits and rechecks then remove exactly what can no longer be included.
// Method: pools on the ledger's test genesis filled by signers with different backlogs; each
// taken list is checked against the expected order and executed by the ledger as a block.
import { test } from "node:test";
import assert from "node:assert/strict";
import { AssertionError } from "@tongbao/std";
import type { ClientId } from "@tongbao/types";
import { limits, type Operation, type SignedTransaction } from "@tongbao/ledger";
import { keys, type TestKey } from "../../ledger/test/fixtures.ts";
import { encode, harness, signTx, transfer, type Harness } from "../test/helpers.ts";

const BLOCK_MS = 1_000;
const ALL = { maxTxs: limits.TRANSACTIONS_PER_BLOCK_MAX, maxBytes: Number.MAX_SAFE_INTEGER };

function admitAll(h: Harness, txs: readonly SignedTransaction[]): void {
  for (const signed of txs) assert.equal(h.pool.admit(encode(signed), h.view()).status, "accepted");
}

function payments(signer: TestKey, count: number, options: { validUntilMs?: number } = {}) {
  return Array.from({ length: count }, (_, i) =>
    signTx(signer, [transfer(keys.merchant.account, BigInt(i + 1))], options),
  );
}

/** Transactions compared by name: the pool holds its own decoded copies. */
function hashes(txs: readonly (SignedTransaction | undefined)[]): string[] {
  return txs.map((signed) => signed!.hash);
}

/** The proposal view: the committed state, at the next block's time. */
function nextBlock(h: Harness) {
  return { state: h.ledger.state, nowMs: h.ledger.nowMs + BLOCK_MS };
}

test("fair ordering: 100, 10 and 1 waiting share a block round-robin, oldest signer first", () => {
  const h = harness();
  const [a, b, c] = [payments(keys.hkBank, 100), payments(keys.alice, 10), payments(keys.bob, 1)];
  admitAll(h, [...a, ...b, ...c]);

  assert.deepEqual(
    hashes(h.pool.take({ maxTxs: 5, maxBytes: ALL.maxBytes }, nextBlock(h))),
    hashes([a[0], b[0], c[0], a[1], b[1]]),
  );
  assert.deepEqual(
    hashes(h.pool.take({ maxTxs: 6, maxBytes: ALL.maxBytes }, nextBlock(h))),
    hashes([a[0], b[0], c[0], a[1], b[1], a[2]]),
  );
  // Everything: one each while all three have some, then two alternate, then the backlog alone.
  const expected = hashes([
    a[0],
    b[0],
    c[0],
    ...b.slice(1).flatMap((bx, i) => [a[i + 1], bx]),
    ...a.slice(10),
  ]);
  assert.deepEqual(hashes(h.pool.take(ALL, nextBlock(h))), expected);
  assert.equal(h.pool.size, 111, "take removes nothing");
});

test("a signer left out of a full block goes first in the next", () => {
  const h = harness();
  const [a, b, c] = [payments(keys.hkBank, 2), payments(keys.alice, 2), payments(keys.bob, 2)];
  admitAll(h, [a[0]!, b[0]!, c[0]!, a[1]!, b[1]!, c[1]!]);
  const first = h.pool.take({ maxTxs: 2, maxBytes: ALL.maxBytes }, nextBlock(h));
  assert.deepEqual(hashes(first), hashes([a[0], b[0]]));
  h.ledger.block(first, BLOCK_MS);
  assert.equal(h.pool.removeCommitted(first), 2);
  // Signers are ordered by their oldest waiting transaction: Bob's c[0] has waited longest.
  assert.deepEqual(
    hashes(h.pool.take({ maxTxs: 2, maxBytes: ALL.maxBytes }, nextBlock(h))),
    hashes([c[0], a[1]]),
  );
});

test("the byte limit ends a signer's turn rather than letting its later transactions overtake", () => {
  const h = harness();
  const ops = Array.from({ length: 16 }, (_, i) => transfer(keys.merchant.account, BigInt(i + 1)));
  const bankBig = signTx(keys.hkBank, ops as Operation[]);
  const bankSmall = signTx(keys.hkBank, [transfer(keys.merchant.account, 1n)]);
  const alice = payments(keys.alice, 2);
  admitAll(h, [bankBig, bankSmall, ...alice]);
  const small = encode(bankSmall).length;
  assert.ok(encode(bankBig).length > 3 * small);
  const taken = h.pool.take({ maxTxs: 10, maxBytes: 3 * small }, nextBlock(h));
  assert.deepEqual(hashes(taken), hashes(alice));
  assert.deepEqual(hashes(h.pool.take({ maxTxs: 10, maxBytes: 0 }, nextBlock(h))), hashes([]));
  assert.deepEqual(
    hashes(h.pool.take({ maxTxs: 0, maxBytes: ALL.maxBytes }, nextBlock(h))),
    hashes([]),
  );
});

test("take skips what the block could not include at its time, and its blocks execute", () => {
  const h = harness();
  const start = h.ledger.nowMs;
  // Valid when admitted, expired by the next block's time.
  const soon = signTx(keys.alice, [transfer(keys.merchant.account, 1n)], {
    validUntilMs: start + BLOCK_MS / 2,
  });
  const later = payments(keys.alice, 2);
  // Admitted by a gateway whose clock is 10 s ahead: within 24 h of its clock, beyond the block's.
  const ahead = signTx(keys.bob, [transfer(keys.merchant.account, 1n)], {
    validUntilMs: start + 10_000 + limits.VALIDITY_WINDOW_MS_MAX,
  });
  admitAll(h, [soon, ...later]);
  assert.equal(
    h.pool.admit(encode(ahead), { state: h.ledger.state, nowMs: start + 10_000 }).status,
    "accepted",
  );

  const taken = h.pool.take(ALL, nextBlock(h));
  assert.deepEqual(hashes(taken), hashes(later));
  h.ledger.block(taken, BLOCK_MS); // applyBlock throws if the ledger finds the block invalid
  assert.equal(h.pool.removeCommitted(taken), 2);

  // A deadline too far ahead is only early: recheck keeps it, and a later block may include it.
  const evicted = h.pool.recheck(h.view());
  assert.deepEqual(
    evicted.map((e) => [e.signed.hash, e.code]),
    [[soon.hash, "transaction_expired"]],
  );
  assert.deepEqual(
    hashes(h.pool.take(ALL, { state: h.ledger.state, nowMs: start + 10_000 })),
    hashes([ahead]),
  );
});

test("take → commit → removeCommitted → recheck evicts what expired and what lost its id", () => {
  const h = harness();
  const start = h.ledger.nowMs;
  const id = "cd".repeat(16) as ClientId;
  const quick = signTx(keys.alice, [transfer(keys.merchant.account, 1n)], {
    validUntilMs: start + 3 * BLOCK_MS,
  });
  const slow = signTx(keys.bob, [transfer(keys.merchant.account, 1n)]);
  const ours = signTx(keys.carol, [transfer(keys.merchant.account, 1n)], { id });
  // The same id with another body, committed through another validator's pool.
  const theirs = signTx(keys.carol, [transfer(keys.merchant.account, 2n)], { id });
  admitAll(h, [quick, slow, ours]);

  const proposal = h.pool.take({ maxTxs: 1, maxBytes: ALL.maxBytes }, nextBlock(h));
  assert.deepEqual(hashes(proposal), [quick.hash]);
  assert.equal(h.pool.size, 3, "a proposal removes nothing");
  // Consensus commits another block instead: the competing body of Carol's id, and `slow`.
  h.ledger.block([theirs, slow], BLOCK_MS);
  assert.equal(h.pool.removeCommitted([theirs.hash]), 0, "theirs was never pooled here");
  assert.deepEqual(
    h.pool.recheck(h.view()).map((e) => [e.signed.hash, e.code]),
    [[ours.hash, "transaction_duplicate"]],
  );
  // `slow` is committed: recheck drops it without reporting it as evicted.
  assert.deepEqual(hashes([...h.pool.transactions()]), [quick.hash]);

  // Time passes beyond quick's deadline.
  assert.deepEqual(h.pool.recheck({ state: h.ledger.state, nowMs: start + 2 * BLOCK_MS }), []);
  const evicted = h.pool.recheck({ state: h.ledger.state, nowMs: start + 3 * BLOCK_MS + 1 });
  assert.deepEqual(
    evicted.map((e) => [e.signed.hash, e.code]),
    [[quick.hash, "transaction_expired"]],
  );
  assert.equal(h.pool.size, 0);
  assert.equal(h.pool.bytes, 0);
  assert.equal(h.pool.wasVerified(quick.hash, quick.signature), false);
  assert.equal(h.verifier.calls, 3);
});

test("removeCommitted with a signed transaction also removes a pooled rival of its id", () => {
  const h = harness();
  const id = "ef".repeat(16) as ClientId;
  const pooled = signTx(keys.alice, [transfer(keys.merchant.account, 1n)], { id });
  const committed = signTx(keys.alice, [transfer(keys.merchant.account, 2n)], { id });
  admitAll(h, [pooled]);
  h.ledger.block([committed], BLOCK_MS);
  assert.equal(h.pool.removeCommitted([committed]), 1);
  assert.equal(h.pool.size, 0);
});

test("take refuses limits beyond a block and a view that is not the next block's", () => {
  const h = harness();
  admitAll(h, payments(keys.alice, 1));
  const tooMany = { maxTxs: limits.TRANSACTIONS_PER_BLOCK_MAX + 1, maxBytes: 1 };
  assert.throws(() => h.pool.take(tooMany, nextBlock(h)), RangeError);
  assert.throws(() => h.pool.take({ maxTxs: 1, maxBytes: -1 }, nextBlock(h)), RangeError);
  // A block's time must be after its parent's: the view at the parent's time is a caller's bug.
  assert.throws(() => h.pool.take(ALL, h.view()), AssertionError);
});
