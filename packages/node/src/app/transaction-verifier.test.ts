// Goal: the verified-signature cache answers only for the very signature it was given, keeps
// the newest `hashesMax` hashes, and forgets the oldest first; a signature found invalid is not
// checked again, within its own bound.
// Method: remember real and altered signatures under a small bound, and check what it knows as
// the ring of places comes round, including a hash remembered twice.
import { test } from "node:test";
import assert from "node:assert/strict";
import { keys } from "../../../ledger/test/fixtures.ts";
import { CHAIN_ID, signTx, transfer, withSignature } from "../../../mempool/test/helpers.ts";
import { CachingTransactionVerifier, FAILED_SIGNATURES_MAX } from "./transaction-verifier.ts";

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

test("a signature found invalid is checked once; the same body with its real signature verifies", () => {
  const verifier = new CachingTransactionVerifier(CHAIN_ID);
  const [a, b] = payments(2);
  const forged = withSignature(a!, new Uint8Array(64).fill(9));
  assert.equal(verifier.verify(forged), false);
  assert.equal(verifier.verify(forged), false);
  assert.equal(verifier.verifications, 1, "the second answer came from memory");
  assert.equal(verifier.knowsInvalid(forged), true);
  assert.equal(verifier.answered(forged), true, "answered: valid or not, no need to check again");
  assert.equal(verifier.answered(a!), false);
  // Only for those very bytes: the real signature of the same body is checked, and is valid.
  assert.equal(verifier.knowsInvalid(a!), false);
  assert.equal(verifier.verify(a!), true);
  assert.equal(verifier.answered(a!), true);
  assert.equal(verifier.verifications, 2);
  // A worker's answer is remembered the same way.
  const forgedB = withSignature(b!, new Uint8Array(64).fill(3));
  verifier.rememberInvalid(forgedB.hash, forgedB.signature);
  assert.equal(verifier.verify(forgedB), false);
  assert.equal(verifier.verifications, 2);
});

test("invalid signatures are forgotten oldest first past their bound", () => {
  const verifier = new CachingTransactionVerifier(CHAIN_ID);
  const [a] = payments(1);
  const first = withSignature(a!, new Uint8Array(64).fill(1));
  verifier.rememberInvalid(first.hash, first.signature);
  for (let i = 0; i < FAILED_SIGNATURES_MAX; i++) {
    verifier.rememberInvalid(`other-${i}`, new Uint8Array(64));
  }
  assert.equal(verifier.knowsInvalid(first), false);
  assert.equal(
    verifier.knowsInvalid({ ...first, hash: `other-${FAILED_SIGNATURES_MAX - 1}` } as never),
    false,
  );
  assert.equal(
    verifier.knowsInvalid({
      ...first,
      hash: `other-${FAILED_SIGNATURES_MAX - 1}`,
      signature: new Uint8Array(64),
    } as never),
    true,
  );
});
