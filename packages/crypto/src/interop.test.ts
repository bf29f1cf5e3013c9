// Goal: what a browser signs, a node verifies, and the other way round, so wallets can sign with
// @noble/curves or WebCrypto while nodes verify with OpenSSL. Method: sign the same signing
// message with noble (Ed25519, P-256) and WebCrypto (P-256) and verify with ours; sign with
// ours and verify with noble; Ed25519 is deterministic, so both must give identical bytes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ed25519 } from "@noble/curves/ed25519.js";
import { p256 } from "@noble/curves/nist.js";
import { bytesToHex, hexToBytes } from "@tongbao/std";
import {
  KeyType,
  Verifier,
  generateKeyPair,
  isCanonicalP256Signature,
  keyPairFromPrivateKey,
  normalizeP256Signature,
  sign,
  signingMessage,
  type SigningInput,
} from "./index.ts";

// RFC 8032 section 7.1, TEST 1, as a raw seed for noble and as PKCS #8 for node:crypto.
const SEED = hexToBytes("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
const PKCS8 = hexToBytes("302e020100300506032b657004220420" + bytesToHex(SEED));

const input: SigningInput = {
  chainId: "tongbao-devnet-1",
  purpose: "qr",
  payload: new TextEncoder().encode("merchant 7, HKD 12.50"),
};

test("Ed25519: noble and node:crypto derive the same key and the same signature", () => {
  const ours = keyPairFromPrivateKey(PKCS8);
  assert.equal(bytesToHex(ed25519.getPublicKey(SEED)), bytesToHex(ours.publicKey));
  const message = signingMessage(input);
  const fromNoble = ed25519.sign(message, SEED);
  const fromNode = sign(PKCS8, input);
  assert.equal(bytesToHex(fromNoble), bytesToHex(fromNode));
});

test("Ed25519: a noble signature verifies with ours, ours verifies with noble", () => {
  const verifier = new Verifier();
  for (let i = 0; i < 8; i++) {
    const secret = ed25519.utils.randomSecretKey();
    const publicKey = ed25519.getPublicKey(secret);
    const signature = ed25519.sign(signingMessage(input), secret);
    const item = { keyType: KeyType.Ed25519, publicKey, signature, ...input };
    assert.equal(verifier.verify(item), true);
    assert.equal(verifier.verify({ ...item, purpose: "tx" }), false);

    const keyPair = generateKeyPair(KeyType.Ed25519);
    const ours = sign(keyPair.privateKey, input);
    assert.equal(ed25519.verify(ours, signingMessage(input), keyPair.publicKey), true);
  }
});

test("P-256: a noble signature verifies with ours, ours verifies with noble", () => {
  const verifier = new Verifier();
  for (let i = 0; i < 8; i++) {
    const secret = p256.utils.randomSecretKey();
    const publicKey = p256.getPublicKey(secret, true);
    // noble hashes the message with SHA-256 and returns low-S r ‖ s by default, as we do.
    const signature = p256.sign(signingMessage(input), secret);
    const item = { keyType: KeyType.P256, publicKey, signature, ...input };
    assert.equal(verifier.verify(item), true);
    assert.equal(verifier.verify({ ...item, chainId: "tongbao-main" }), false);

    const keyPair = generateKeyPair(KeyType.P256);
    const ours = sign(keyPair.privateKey, input);
    assert.equal(p256.verify(ours, signingMessage(input), keyPair.publicKey), true);
  }
});

test("P-256: a WebCrypto signature verifies once normalized to low S", async () => {
  // WebCrypto (and passkeys) return either S; a wallet must normalize before submitting.
  const { subtle } = globalThis.crypto;
  const keys = await subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, [
    "sign",
    "verify",
  ]);
  const raw = new Uint8Array(await subtle.exportKey("raw", keys.publicKey));
  const publicKey = new Uint8Array(33);
  publicKey[0] = 0x02 | (raw[64]! & 1);
  publicKey.set(raw.subarray(1, 33), 1);
  const verifier = new Verifier();
  for (let i = 0; i < 16; i++) {
    const signature = new Uint8Array(
      await subtle.sign({ name: "ECDSA", hash: "SHA-256" }, keys.privateKey, signingMessage(input)),
    );
    const item = { keyType: KeyType.P256, publicKey, ...input };
    assert.equal(verifier.verify({ ...item, signature }), isCanonicalP256Signature(signature));
    assert.equal(verifier.verify({ ...item, signature: normalizeP256Signature(signature) }), true);
  }
});
