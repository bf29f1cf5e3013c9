// Goal: a signing key made from a whole key pair (the fast import for Ed25519) signs exactly as
// one parsed from the private key alone, and a pair whose halves do not belong together is
// refused rather than signing for the wrong account.
// Method: generated pairs of both key types; Ed25519 signatures are deterministic, so both
// paths must give the same bytes; pairs with swapped or altered public keys must throw.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  KeyType,
  generateKeyPair,
  sign,
  signingKeyFromKeyPair,
  signingKeyFromPrivateKey,
  verify,
  type SigningInput,
} from "./index.ts";

const input: SigningInput = {
  chainId: "tongbao-test",
  purpose: "tx",
  payload: Uint8Array.of(1, 2, 3),
};

for (const type of [KeyType.Ed25519, KeyType.P256]) {
  test(`key type ${type}: the pair's signing key is the private key's, and signs for the pair`, () => {
    for (let i = 0; i < 20; i++) {
      const pair = generateKeyPair(type);
      const fromPair = signingKeyFromKeyPair(pair);
      const fromPrivate = signingKeyFromPrivateKey(pair.privateKey);
      assert.equal(fromPair.type, type);
      assert.deepEqual(fromPair.publicKey, pair.publicKey);
      const signature = sign(fromPair, input);
      assert.ok(verify({ ...input, keyType: type, publicKey: pair.publicKey, signature }));
      if (type === KeyType.Ed25519) assert.deepEqual(signature, sign(fromPrivate, input));
    }
  });

  test(`key type ${type}: a pair whose public key is another's is refused`, () => {
    const pair = generateKeyPair(type);
    const other = generateKeyPair(type);
    assert.throws(
      () => signingKeyFromKeyPair({ ...pair, publicKey: other.publicKey }),
      /does not belong to the public key of its pair/,
    );
    const flipped = pair.publicKey.slice();
    flipped[flipped.length - 1]! ^= 1;
    assert.throws(() => signingKeyFromKeyPair({ ...pair, publicKey: flipped }), RangeError);
  });
}

test("a pair that names the wrong key type is refused", () => {
  const pair = generateKeyPair(KeyType.Ed25519);
  assert.throws(() => signingKeyFromKeyPair({ ...pair, type: KeyType.P256 }), RangeError);
});
