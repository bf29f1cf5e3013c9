// Goal: the national-algorithms suite is what OpenSSL (node:crypto) computes from the same
// inputs — SM3, the SM4 block, HKDF-SM3, SM2 key agreement on our key encoding — and an envelope
// of the suite opens with OpenSSL's primitives alone, following docs/spec/travel-rule.md §6.
// Method: random inputs through both; then unwrap and decrypt an envelope with node:crypto only.
// Node 20's OpenSSL has SM4-CTR but no SM4-GCM, so the GCM body is checked as CTR from counter
// J0 + 1 and the tags rest on the RFC 8998 vector (sm-vectors.test.ts); if a Node has sm4-gcm,
// the whole AEAD is compared.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  createCipheriv,
  createDecipheriv,
  createECDH,
  createHash,
  getCiphers,
  getCurves,
  getHashes,
  hkdfSync,
  randomBytes,
} from "node:crypto";
import { hkdf, sm3, sm4 } from "sm-crypto-v2";
import type { InstitutionId } from "@tongbao/types";
import {
  SM_SUITE,
  decodeEnvelope,
  encryptTravelRule,
  generateSm2TravelRuleKeyPair,
  sm2TravelRulePublicKey,
} from "./index.ts";
import { base64urlDecode } from "./base64url.ts";
import { sharedX } from "./sm-wrap.ts";
import { commitmentHash } from "./hash.ts";
import { SM_WRAP_INFO } from "./sm-wrap.ts";
import { sm4GcmEncrypt } from "./sm4-gcm.ts";
import { sampleData } from "../test/fixtures.ts";

const HAS_SM =
  getHashes().includes("sm3") && getCiphers().includes("sm4-ctr") && getCurves().includes("SM2");
const skip = HAS_SM ? false : "this Node's OpenSSL lacks SM3, SM4-CTR or the SM2 curve";

test("SM3 and HKDF-SM3 agree with OpenSSL", { skip }, () => {
  for (const length of [0, 1, 55, 56, 64, 65, 1000]) {
    const input = randomBytes(length);
    assert.equal(sm3(input), createHash("sm3").update(input).digest("hex"), `${length} bytes`);
    const [salt, info] = [randomBytes(66), randomBytes(length % 40)];
    const ours = hkdf(input, salt, info, 28);
    assert.deepEqual(new Uint8Array(hkdfSync("sm3", input, salt, info, 28)), ours);
  }
});

test("the SM4 block agrees with OpenSSL", { skip }, () => {
  for (let i = 0; i < 20; i++) {
    const [key, block] = [randomBytes(16), randomBytes(32)];
    const ours = sm4.encrypt(block, key, { padding: "none", output: "array" });
    const cipher = createCipheriv("sm4-ecb", key, null).setAutoPadding(false);
    assert.deepEqual(new Uint8Array(Buffer.concat([cipher.update(block), cipher.final()])), ours);
  }
});

/** SM4-GCM's ciphertext without its tag: CTR from J0 + 1 = nonce ‖ 00000002 (SP 800-38D). */
function sm4GcmBodyByOpenssl(key: Uint8Array, nonce: Uint8Array, input: Uint8Array): Uint8Array {
  const counter = Buffer.concat([nonce, Buffer.from([0, 0, 0, 2])]);
  const cipher = createDecipheriv("sm4-ctr", key, counter);
  return new Uint8Array(Buffer.concat([cipher.update(input), cipher.final()]));
}

test("SM4-GCM agrees with OpenSSL (the whole AEAD where Node has it)", { skip }, () => {
  const [key, nonce, aad, plaintext] = [16, 12, 20, 100].map((n) => randomBytes(n));
  const sealed = sm4GcmEncrypt(key!, nonce!, plaintext!, aad!);
  const body = sealed.subarray(0, sealed.length - 16);
  if (getCiphers().includes("sm4-gcm")) {
    const cipher = createCipheriv("sm4-gcm" as "aes-128-gcm", key!, nonce!);
    cipher.setAAD(aad!);
    const out = Buffer.concat([cipher.update(plaintext!), cipher.final(), cipher.getAuthTag()]);
    assert.deepEqual(new Uint8Array(out), sealed);
  }
  assert.deepEqual(sm4GcmBodyByOpenssl(key!, nonce!, body), new Uint8Array(plaintext!));
});

test("SM2 key agreement on our keys agrees with OpenSSL's SM2 curve", { skip }, () => {
  const alice = generateSm2TravelRuleKeyPair();
  const bob = generateSm2TravelRuleKeyPair();
  const openssl = createECDH("SM2");
  openssl.setPrivateKey(alice.privateKey);
  assert.deepEqual(new Uint8Array(openssl.getPublicKey(null, "compressed")), alice.publicKey);
  assert.deepEqual(sm2TravelRulePublicKey(alice.privateKey), alice.publicKey);
  const fromOpenssl = openssl.computeSecret(bob.publicKey);
  assert.equal(fromOpenssl.length, 32); // the x-coordinate
  // Ours, both ways round, is OpenSSL's.
  assert.deepEqual(sharedX(alice.privateKey, bob.publicKey), new Uint8Array(fromOpenssl));
  assert.deepEqual(sharedX(bob.privateKey, alice.publicKey), new Uint8Array(fromOpenssl));
});

test(
  "an envelope of the suite opens with OpenSSL's primitives and the spec alone",
  { skip },
  async () => {
    const reader = {
      institution: "ph-bank" as InstitutionId,
      keys: generateSm2TravelRuleKeyPair(),
    };
    const other = { institution: "hk-bank" as InstitutionId, keys: generateSm2TravelRuleKeyPair() };
    const { encoded, dataHash } = await encryptTravelRule({
      data: sampleData(),
      recipients: [reader, other].map((m) => ({
        institution: m.institution,
        publicKey: m.keys.publicKey,
      })),
      chainId: "tongbao-devnet",
      paymentId: "payer:1",
      suite: SM_SUITE,
    });
    const envelope = decodeEnvelope(encoded);
    const entry = envelope.recipients.find((r) => r.institution === reader.institution)!;
    const [E, R] = [base64urlDecode(entry.ephemeralKey)!, base64urlDecode(entry.publicKey)!];
    const ecdh = createECDH("SM2");
    ecdh.setPrivateKey(reader.keys.privateKey);
    const Z = ecdh.computeSecret(E);
    const okm = new Uint8Array(
      hkdfSync("sm3", Z, Buffer.concat([E, R]), new TextEncoder().encode(SM_WRAP_INFO), 28),
    );
    const [kek, iv] = [okm.subarray(0, 16), okm.subarray(16)];
    const wrapped = base64urlDecode(entry.wrappedKey)!;
    const contentKey = sm4GcmBodyByOpenssl(kek, iv, wrapped.subarray(0, 16));
    const sealed = base64urlDecode(envelope.ciphertext)!;
    const committed = sm4GcmBodyByOpenssl(
      contentKey,
      base64urlDecode(envelope.nonce)!,
      sealed.subarray(0, sealed.length - 16),
    );
    assert.equal(commitmentHash(committed), dataHash);
  },
);
