// Goal: our X25519 keys are RFC 7748 keys that node:crypto (OpenSSL) and WebCrypto agree with,
// and their text form round-trips and refuses every other text.
// Method: compute a shared secret on both sides with OpenSSL importing our keys as JWK, and
// with WebCrypto; encode/decode round trips; malformed texts and wrong lengths are refused.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createPrivateKey, createPublicKey, diffieHellman } from "node:crypto";
import { x25519 } from "@noble/curves/ed25519.js";
import {
  decodeX25519Key,
  encodeX25519Key,
  generateTravelRuleKeyPair,
  travelRulePublicKey,
  TravelRuleError,
} from "./index.ts";

test("OpenSSL and WebCrypto import our keys and agree on the shared secret", async () => {
  const alice = generateTravelRuleKeyPair();
  const bob = generateTravelRuleKeyPair();
  assert.deepEqual(travelRulePublicKey(alice.privateKey), alice.publicKey);
  const jwk = (pair: typeof alice) => ({
    kty: "OKP",
    crv: "X25519",
    x: encodeX25519Key(pair.publicKey),
    d: encodeX25519Key(pair.privateKey),
  });
  const opensslSecret = diffieHellman({
    privateKey: createPrivateKey({ key: jwk(alice), format: "jwk" }),
    publicKey: createPublicKey({
      key: { kty: "OKP", crv: "X25519", x: jwk(bob).x },
      format: "jwk",
    }),
  });
  const ours = x25519.getSharedSecret(bob.privateKey, alice.publicKey);
  assert.deepEqual(new Uint8Array(opensslSecret), ours);

  const subtle = globalThis.crypto.subtle;
  const priv = await subtle.importKey("jwk", jwk(alice), { name: "X25519" }, false, ["deriveBits"]);
  const pub = await subtle.importKey("raw", bob.publicKey, { name: "X25519" }, false, []);
  const webSecret = await subtle.deriveBits({ name: "X25519", public: pub }, priv, 256);
  assert.deepEqual(new Uint8Array(webSecret), ours);
});

test("key text round-trips; other texts and lengths are refused", () => {
  const { publicKey } = generateTravelRuleKeyPair();
  const text = encodeX25519Key(publicKey);
  assert.equal(text.length, 43);
  assert.deepEqual(decodeX25519Key(text), publicKey);
  // 32 bytes leave 2 unused bits in the last character: "…AB" sets one of them.
  for (const bad of [
    text + "=",
    text.slice(0, 42),
    `${"A".repeat(42)}B`,
    text.replace(/.$/, "+"),
    "",
  ]) {
    assert.throws(
      () => decodeX25519Key(bad, "hk-bank key"),
      (e: unknown) =>
        e instanceof TravelRuleError && e.code === "invalid_key" && /hk-bank key/.test(e.message),
      bad,
    );
  }
  assert.throws(() => travelRulePublicKey(new Uint8Array(31)), /expected 32 bytes/);
  assert.throws(() => encodeX25519Key(new Uint8Array(33)), /expected 32 bytes/);
});
