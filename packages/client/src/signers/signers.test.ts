// Goal: a browser's signer and a server's signer are interchangeable: nobleSigner over an
// Ed25519 seed produces the very bytes keySigner produces over the same key (so a payment signed
// in a browser is one the node accepts), its P-256 signatures verify with the node's verifier,
// and bad secret keys are refused with TypeError/RangeError.
// Method: the ledger fixtures' deterministic keys, whose seed is the name's bytes; signatures
// checked with @tongbao/crypto's Verifier (node:crypto), as admission checks them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { KeyType, Verifier } from "@tongbao/crypto";
import { bytesToHex } from "@tongbao/std";
import { keys } from "../../../ledger/test/fixtures.ts";
import { signingKey } from "../../../mempool/test/helpers.ts";
import { keySigner } from "./key-signer.ts";
import { SECRET_KEY_BYTES, generateSecretKey, nobleSigner } from "./noble-signer.ts";

const input = {
  chainId: "tongbao-test",
  purpose: "tx",
  payload: new TextEncoder().encode("a transfer body"),
};

/** The fixtures' seeds are the key's name in UTF-8, zero-padded to 32 bytes. */
function seedOf(name: string): Uint8Array {
  const seed = new Uint8Array(SECRET_KEY_BYTES);
  seed.set(new TextEncoder().encode(name));
  return seed;
}

test("Ed25519: nobleSigner and keySigner over one key give identical public keys and signatures", async () => {
  const noble = nobleSigner(seedOf("alice"));
  const node = keySigner(signingKey(keys.alice));
  assert.equal(noble.type, KeyType.Ed25519);
  assert.equal(bytesToHex(noble.publicKey), bytesToHex(keys.alice.publicKey));
  assert.equal(bytesToHex(await noble.sign(input)), bytesToHex(await node.sign(input)));
});

test("P-256: a nobleSigner's signatures verify with the node's verifier, for its chain only", async () => {
  const verifier = new Verifier();
  for (let i = 0; i < 4; i++) {
    const signer = nobleSigner(generateSecretKey(KeyType.P256), KeyType.P256);
    assert.equal(signer.publicKey.length, 33);
    const signature = await signer.sign(input);
    const item = { keyType: KeyType.P256, publicKey: signer.publicKey, signature, ...input };
    assert.equal(verifier.verify(item), true);
    assert.equal(verifier.verify({ ...item, chainId: "tongbao-other" }), false);
  }
});

test("a new Ed25519 key signs what the node verifies", async () => {
  const signer = nobleSigner(generateSecretKey());
  const signature = await signer.sign(input);
  const item = { keyType: KeyType.Ed25519, publicKey: signer.publicKey, signature, ...input };
  assert.equal(new Verifier().verify(item), true);
});

test("bad secret keys are refused before anything is signed", () => {
  assert.throws(() => nobleSigner("00".repeat(32) as never), TypeError);
  assert.throws(() => nobleSigner(new Uint8Array(31)), RangeError);
  // Zero is not a P-256 scalar.
  assert.throws(() => nobleSigner(new Uint8Array(32), KeyType.P256), RangeError);
  assert.throws(() => nobleSigner(new Uint8Array(32), 7 as never), RangeError);
});

test("the signer keeps its own copy of the secret key", async () => {
  const secret = seedOf("bob");
  const signer = nobleSigner(secret);
  const before = await signer.sign(input);
  secret.fill(0);
  assert.deepEqual(await signer.sign(input), before);
});
