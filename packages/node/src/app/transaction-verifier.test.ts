// Goal: the verified-signature cache answers only for the very signature it was given, keeps
// the newest `hashesMax` hashes, and forgets the oldest first.
// Method: remember real and altered signatures under a small bound, and check what it knows as
// the ring of places comes round, including a hash remembered twice.
import { test } from "node:test";
import assert from "node:assert/strict";
import { keys } from "../../../ledger/test/fixtures.ts";
import { CHAIN_ID, signTx, transfer, withSignature } from "../../../mempool/test/helpers.ts";
import { CachingTransactionVerifier } from "./transaction-verifier.ts";

const payments = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    signTx(keys.alice, [transfer(keys.bob.account, BigInt(i + 1))]),
  );

test("the cache keeps the newest hashes and forgets the oldest first", () => {
  const verifier = new CachingTransactionVerifier(CHAIN_ID, 3);
  const txs = payments(5);
  for (const signed of txs.slice(0, 3)) verifier.remember(signed.hash, signed.signature);
  assert.deepEqual(
    txs.map((t) => verifier.knows(t)),
    [true, true, true, false, false],
  );
  verifier.remember(txs[3]!.hash, txs[3]!.signature);
  assert.deepEqual(
    txs.map((t) => verifier.knows(t)),
    [false, true, true, true, false],
  );
  assert.equal(verifier.size, 3);
});

test("a hash remembered again moves to the newest place, with its new signature", () => {
  const verifier = new CachingTransactionVerifier(CHAIN_ID, 3);
  const [a, b, c, d] = payments(4);
  verifier.remember(a!.hash, new Uint8Array(64).fill(7));
  verifier.remember(b!.hash, b!.signature);
  verifier.remember(a!.hash, a!.signature); // a is now the newest, with its real signature
  assert.equal(verifier.knows(a!), true);
  assert.equal(verifier.knows(withSignature(a!, new Uint8Array(64).fill(7))), false);
  verifier.remember(c!.hash, c!.signature);
  verifier.remember(d!.hash, d!.signature); // evicts b, the oldest; a stays
  assert.deepEqual(
    [a, b, c, d].map((t) => verifier.knows(t!)),
    [true, false, true, true],
  );
  assert.equal(verifier.size, 3);
});

test("a signature of the wrong length is never remembered nor known", () => {
  const verifier = new CachingTransactionVerifier(CHAIN_ID, 2);
  const [a] = payments(1);
  verifier.remember(a!.hash, a!.signature.subarray(0, 63));
  assert.equal(verifier.size, 0);
  verifier.remember(a!.hash, a!.signature);
  assert.equal(verifier.knows(withSignature(a!, a!.signature.subarray(0, 63))), false);
  assert.equal(verifier.knows(a!), true);
});
