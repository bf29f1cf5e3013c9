// Goal: a block's transactions decoded at admission are not decoded again (nor verified again),
// and the cache never answers anything but what decoding the very bytes gives.
// Method: remember signed transactions, decode their encodings and near-copies (same signature,
// another body; one byte changed), and check hits, misses, forgetting and the bound.
import { test } from "node:test";
import assert from "node:assert/strict";
import { DecodeError } from "@tongbao/codec";
import { decodeSignedTransaction, encodeSignedTransaction } from "@tongbao/ledger";
import { keys } from "../../../ledger/test/fixtures.ts";
import { CHAIN_ID, signTx, transfer, withSignature } from "../../../mempool/test/helpers.ts";
import { CachingTransactionVerifier } from "./transaction-verifier.ts";
import { DecodedTransactions } from "./decoded-transactions.ts";
import { decodeBlockPayload, encodeBlockPayload } from "./block-payload.ts";

/** A payment as admission holds it: decoded from its bytes. */
const pay = (amount: bigint) =>
  decodeSignedTransaction(
    encodeSignedTransaction(signTx(keys.alice, [transfer(keys.bob.account, amount)])),
  );

test("a remembered transaction is answered from memory, as the same object", () => {
  const cache = new DecodedTransactions();
  const signed = pay(100n);
  cache.remember(signed);
  assert.equal(cache.decode(encodeSignedTransaction(signed)), signed);
  assert.deepEqual({ hits: cache.hits, misses: cache.misses }, { hits: 1, misses: 0 });
});

test("other bytes under a known signature are decoded, not answered from memory", () => {
  const cache = new DecodedTransactions();
  const signed = pay(100n);
  cache.remember(signed);
  // Another body carrying the remembered signature (forged): decoded as itself.
  const forged = withSignature(pay(999n), signed.signature);
  const decoded = cache.decode(encodeSignedTransaction(forged));
  assert.notEqual(decoded, signed);
  assert.deepEqual(decoded, decodeSignedTransaction(encodeSignedTransaction(forged)));
  assert.equal(
    decoded.tx.operations[0]!.kind === "transfer" && decoded.tx.operations[0]!.amount,
    999n,
  );
  // One byte more in front of the same tail: still decoded (and refused) as those bytes.
  const bytes = encodeSignedTransaction(signed);
  const longer = new Uint8Array(bytes.length + 1);
  longer.set(bytes, 1);
  assert.throws(() => cache.decode(longer), DecodeError);
  assert.throws(() => cache.decode(new Uint8Array(10)), DecodeError);
  assert.equal(cache.hits, 0);
});

test("forgotten transactions and the oldest past the bound are decoded again", () => {
  const cache = new DecodedTransactions(2);
  const [a, b, c] = [pay(1n), pay(2n), pay(3n)];
  cache.remember(a);
  cache.remember(b);
  cache.forget(b);
  assert.equal(cache.size, 1);
  assert.notEqual(cache.decode(encodeSignedTransaction(b)), b);
  cache.remember(b);
  cache.remember(c); // evicts a, the oldest
  assert.equal(cache.size, 2);
  assert.notEqual(cache.decode(encodeSignedTransaction(a)), a);
  assert.equal(cache.decode(encodeSignedTransaction(c)), c);
  // Forgetting a transaction that is not the remembered one leaves the entry alone.
  cache.forget(withSignature(pay(7n), c.signature));
  assert.equal(cache.decode(encodeSignedTransaction(c)), c);
});

test("a block payload decodes through the cache to what plain decoding gives", () => {
  const cache = new DecodedTransactions();
  const txs = [pay(10n), pay(20n), pay(30n)];
  cache.remember(txs[1]!);
  const payload = encodeBlockPayload(txs.map(encodeSignedTransaction));
  const viaCache = decodeBlockPayload(payload, (bytes) => cache.decode(bytes));
  assert.deepEqual(viaCache, decodeBlockPayload(payload));
  assert.equal(viaCache[1], txs[1]);
  assert.deepEqual({ hits: cache.hits, misses: cache.misses }, { hits: 1, misses: 2 });
});

test("the verifier knows a signature it verified, and only that signature", () => {
  const verifier = new CachingTransactionVerifier(CHAIN_ID);
  const signed = signTx(keys.alice, [transfer(keys.bob.account, 5n)]);
  assert.equal(verifier.knows(signed), false);
  assert.equal(verifier.verify(signed), true);
  assert.equal(verifier.knows(signed), true);
  const forged = withSignature(signed, new Uint8Array(64).fill(1));
  assert.equal(verifier.knows(forged), false);
  assert.equal(verifier.verify(forged), false);
  assert.equal(verifier.knows(forged), false);
  assert.equal(verifier.verifications, 2);
});
