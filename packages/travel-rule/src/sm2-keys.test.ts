// Goal: SM2 travel-rule keys have one text form each that round-trips, and every other text,
// size, point off the curve or scalar outside 1 ≤ d ≤ n − 2 is refused with invalid_key.
// Method: round trips of generated keys; a list of bad texts and scalars.
import { test } from "node:test";
import assert from "node:assert/strict";
import { hexToBytes } from "@noble/hashes/utils.js";
import {
  TravelRuleError,
  decodeSm2PrivateKey,
  decodeSm2PublicKey,
  encodeSm2Key,
  generateSm2TravelRuleKeyPair,
  isSm2PublicKey,
  sm2TravelRulePublicKey,
} from "./index.ts";

const N = "fffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123";
const invalidKey = (title: string) => (e: unknown) =>
  e instanceof TravelRuleError && e.code === "invalid_key" && e.message.includes(title);

test("key texts round-trip: 44 characters public, 43 private", () => {
  const { privateKey, publicKey } = generateSm2TravelRuleKeyPair();
  assert.equal(publicKey.length, 33);
  assert.ok(publicKey[0] === 2 || publicKey[0] === 3);
  assert.ok(isSm2PublicKey(publicKey));
  const [pub, priv] = [encodeSm2Key(publicKey), encodeSm2Key(privateKey)];
  assert.equal(pub.length, 44);
  assert.equal(priv.length, 43);
  assert.deepEqual(decodeSm2PublicKey(pub), publicKey);
  assert.deepEqual(decodeSm2PrivateKey(priv), privateKey);
  assert.deepEqual(sm2TravelRulePublicKey(decodeSm2PrivateKey(priv)), publicKey);
});

test("other texts, sizes, points and scalars are refused, naming the key", () => {
  const { privateKey, publicKey } = generateSm2TravelRuleKeyPair();
  const pub = encodeSm2Key(publicKey);
  const offCurve = new Uint8Array(33).fill(0xff);
  offCurve[0] = 2;
  const prefix4 = publicKey.slice();
  prefix4[0] = 4;
  for (const bad of [
    pub + "=",
    pub.slice(0, 43),
    encodeSm2Key(privateKey),
    encodeSm2Key(offCurve),
    encodeSm2Key(prefix4),
    "",
  ]) {
    assert.throws(
      () => decodeSm2PublicKey(bad, "hk-bank SM2 key"),
      invalidKey("hk-bank SM2 key"),
      bad,
    );
  }
  const nMinus1 = hexToBytes(N);
  nMinus1[31]! -= 1; // n − 1 is outside the standard's range …
  const nMinus2 = hexToBytes(N);
  nMinus2[31]! -= 2; // … n − 2 is the largest key
  for (const scalar of [new Uint8Array(32), hexToBytes(N), nMinus1]) {
    assert.throws(
      () => decodeSm2PrivateKey(encodeSm2Key(scalar), "key file"),
      invalidKey("key file"),
    );
    assert.throws(() => sm2TravelRulePublicKey(scalar), invalidKey("1 ≤ d ≤ n − 2"));
  }
  assert.equal(sm2TravelRulePublicKey(nMinus2).length, 33);
  assert.throws(() => decodeSm2PrivateKey(pub, "key file"), invalidKey("32 bytes of SM2"));
  assert.throws(() => encodeSm2Key(new Uint8Array(31)), invalidKey("33 (public) or 32"));
});
