// Goal: a signature verifies only for the key, chain, purpose and payload it was made for, in
// exactly one byte form, and the framing and account ids are stable across releases.
// Method: round trips for both key types, then one change at a time (key, chain, purpose, bit,
// high S, malformed keys); vectors for the RFC 8032 TEST 1 key computed with Python's
// hashlib and cryptography packages, not with this code.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createPublicKey, sign as nodeSign, verify as nodeVerify } from "node:crypto";
import fc from "fast-check";
import { bytesToHex, hexToBytes } from "@tongbao/std";
import { Writer, taggedHash } from "@tongbao/codec";
import {
  KeyType,
  Verifier,
  generateKeyPair,
  isCanonicalP256Signature,
  keyPairFromPrivateKey,
  normalizeP256Signature,
  publicKeyObject,
  sign,
  signingKeyFromPrivateKey,
  signingMessage,
  verify,
  verifyBatch,
  type KeyPair,
  type SigningInput,
  type VerifyItem,
} from "./index.ts";

// RFC 8032 section 7.1, TEST 1. PKCS #8 is the RFC 8410 wrapper 302e…0420 around the seed.
const RFC8032_SECRET = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
const RFC8032_PUBLIC = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
const RFC8032_EMPTY_SIGNATURE =
  "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";
const RFC8032_PKCS8 = hexToBytes("302e020100300506032b657004220420" + RFC8032_SECRET);

const input: SigningInput = {
  chainId: "tongbao-test-1",
  purpose: "tx",
  payload: Uint8Array.of(1, 2, 3, 4),
};

function item(keyPair: KeyPair, signature: Uint8Array, over: Partial<VerifyItem> = {}): VerifyItem {
  return {
    keyType: keyPair.type,
    publicKey: keyPair.publicKey,
    signature,
    ...input,
    ...over,
  };
}

/** 02 ‖ x with x = 1: a compressed P-256 key whose x coordinate is not on the curve. */
const OFF_CURVE_P256 = hexToBytes("02" + "00".repeat(31) + "01");

const P256_N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

function withS(signature: Uint8Array, s: bigint): Uint8Array {
  const out = signature.slice();
  out.set(hexToBytes(s.toString(16).padStart(64, "0")), 32);
  return out;
}

function sOf(signature: Uint8Array): bigint {
  return BigInt("0x" + bytesToHex(signature.subarray(32)));
}

test("the RFC 8032 TEST 1 key loads to its public key, signature and pinned account id", () => {
  const keyPair = keyPairFromPrivateKey(RFC8032_PKCS8);
  assert.equal(keyPair.type, KeyType.Ed25519);
  assert.equal(bytesToHex(keyPair.publicKey), RFC8032_PUBLIC);
  // The same KeyObject signs the RFC's empty message to the RFC's signature.
  const key = signingKeyFromPrivateKey(RFC8032_PKCS8).keyObject;
  assert.equal(bytesToHex(nodeSign(null, new Uint8Array(0), key)), RFC8032_EMPTY_SIGNATURE);
  // python3: sha256(bytes([15]) + b"tongbao/account" + bytes([1]) + pk).hexdigest()[:40]
  assert.equal(keyPair.accountId, "c1ee2a9dcb9159f392ab1dc5674f45c151d2c1fc");
});

test("the signing message and an Ed25519 signature over it are pinned", () => {
  // python3: sha256(bytes([12]) + b"tongbao/sign" + u32be(14) + b"tongbao-test-1" + u32be(2)
  //   + b"tx" + bytes([1, 2, 3, 4])); signature from cryptography's Ed25519PrivateKey.
  assert.equal(
    bytesToHex(signingMessage(input)),
    "f8abd5f1f0cfef6d37fc1e9ce1932ac2a563ad3248e51c88850be28e8389dc46",
  );
  assert.equal(
    bytesToHex(sign(RFC8032_PKCS8, input)),
    "651079ef32baeea1d7aa065b461a96d744c97b2956ec66e490d416fa1d52e103" +
      "4f8bf6f6fc8d2e0c0d618ddb447b6a6784c7a949cd3fef397bf60be0a74a5303",
  );
});

for (const type of [KeyType.Ed25519, KeyType.P256]) {
  const name = type === KeyType.Ed25519 ? "Ed25519" : "P-256";

  test(`${name}: a signature verifies for its key, chain, purpose and payload only`, () => {
    const keyPair = generateKeyPair(type);
    assert.equal(keyPair.publicKey.length, type === KeyType.Ed25519 ? 32 : 33);
    const signature = sign(keyPair.privateKey, input);
    assert.equal(signature.length, 64);
    const verifier = new Verifier();
    assert.equal(verifier.verify(item(keyPair, signature)), true);
    assert.equal(verify(item(keyPair, signature)), true);
    // A SigningKey signs the same way as PKCS #8 bytes.
    const again = sign(signingKeyFromPrivateKey(keyPair.privateKey), input);
    assert.equal(verifier.verify(item(keyPair, again)), true);

    const other = generateKeyPair(type);
    assert.equal(verifier.verify(item(other, signature)), false, "wrong key");
    assert.equal(verifier.verify(item(keyPair, signature, { chainId: "tongbao-test-2" })), false);
    assert.equal(verifier.verify(item(keyPair, signature, { chainId: "tongbao-main" })), false);
    assert.equal(verifier.verify(item(keyPair, signature, { purpose: "vote" })), false);
    assert.equal(verifier.verify(item(keyPair, signature, { purpose: "qr" })), false);
    assert.equal(
      verifier.verify(item(keyPair, signature, { payload: Uint8Array.of(1, 2, 3, 5) })),
      false,
    );
    for (let bit = 0; bit < 512; bit += 37) {
      const flipped = signature.slice();
      flipped[bit >> 3]! ^= 1 << (bit & 7);
      assert.equal(verifier.verify(item(keyPair, flipped)), false, `bit ${bit}`);
    }
    assert.equal(verifier.verify(item(keyPair, signature.subarray(0, 63))), false);
    const otherType = type === KeyType.Ed25519 ? KeyType.P256 : KeyType.Ed25519;
    assert.equal(verifier.verify(item(keyPair, signature, { keyType: otherType })), false);
  });

  test(`${name}: key pairs survive a round trip through PKCS #8`, () => {
    const keyPair = generateKeyPair(type);
    const again = keyPairFromPrivateKey(keyPair.privateKey);
    assert.deepEqual(again, keyPair);
  });
}

test("the signing message is taggedHash over the codec's string framing, for any input", () => {
  const chainId = fc.stringMatching(/^[A-Za-z0-9._-]{1,64}$/);
  const purpose = fc.stringMatching(/^[a-z0-9][a-z0-9/-]{0,31}$/);
  fc.assert(
    fc.property(
      chainId,
      purpose,
      fc.uint8Array({ maxLength: 300 }),
      (chainId, purpose, payload) => {
        const framed = new Writer().string(chainId, 64).string(purpose, 32).raw(payload).finish();
        assert.equal(
          bytesToHex(signingMessage({ chainId, purpose, payload })),
          bytesToHex(taggedHash("tongbao/sign", framed)),
        );
      },
    ),
    { numRuns: 300 },
  );
});

test("chain id and purpose are framed, so shifting bytes between them changes the message", () => {
  const a = signingMessage({ chainId: "chain", purpose: "tx", payload: new Uint8Array(0) });
  const b = signingMessage({ chainId: "chai", purpose: "ntx", payload: new Uint8Array(0) });
  const c = signingMessage({ chainId: "chain", purpose: "t", payload: Uint8Array.of(0x78) });
  assert.notEqual(bytesToHex(a), bytesToHex(b));
  assert.notEqual(bytesToHex(a), bytesToHex(c));
});

test("malformed chain ids, purposes and payloads are refused with a reason", () => {
  const bad: [Partial<SigningInput>, RegExp][] = [
    [{ chainId: "" }, /chain id/],
    [{ chainId: "x".repeat(65) }, /chain id/],
    [{ chainId: "tongbao main" }, /chain id/],
    [{ purpose: "" }, /purpose/],
    [{ purpose: "TX" }, /purpose/],
    [{ purpose: "x".repeat(33) }, /purpose/],
    [{ payload: new Uint8Array((1 << 20) + 1) }, /sign a hash/],
  ];
  for (const [change, message] of bad) {
    assert.throws(() => signingMessage({ ...input, ...change }), message);
  }
  assert.throws(
    () => signingMessage({ ...input, payload: [1] as unknown as Uint8Array }),
    TypeError,
  );
});

test("P-256: signatures are low-S, a high-S twin is refused although OpenSSL accepts it", () => {
  const keyPair = generateKeyPair(KeyType.P256);
  const verifier = new Verifier();
  for (let i = 0; i < 16; i++) {
    const signature = sign(keyPair.privateKey, input);
    assert.ok(sOf(signature) <= P256_N / 2n, "sign returns low S");
    const high = withS(signature, P256_N - sOf(signature));
    assert.equal(isCanonicalP256Signature(high), false);
    assert.equal(verifier.verify(item(keyPair, high)), false);
    // The twin is a valid ECDSA signature: refusing it is our rule, not OpenSSL's.
    const key = signingKeyFromPrivateKey(keyPair.privateKey).keyObject;
    assert.equal(
      nodeVerify("sha256", signingMessage(input), { key, dsaEncoding: "ieee-p1363" }, high),
      true,
    );
    assert.deepEqual(normalizeP256Signature(high), signature);
  }
});

test("P-256: r or s of zero or at least n is refused", () => {
  const keyPair = generateKeyPair(KeyType.P256);
  const signature = sign(keyPair.privateKey, input);
  const verifier = new Verifier();
  const zeroR = signature.slice();
  zeroR.fill(0, 0, 32);
  assert.equal(verifier.verify(item(keyPair, zeroR)), false);
  assert.equal(verifier.verify(item(keyPair, withS(signature, 0n))), false);
  const bigR = signature.slice();
  bigR.set(hexToBytes(P256_N.toString(16)), 0);
  assert.equal(verifier.verify(item(keyPair, bigR)), false);
});

test("Ed25519: S + L, the non-canonical twin of a signature, is refused", () => {
  const L = (1n << 252n) + 27742317777372353535851937790883648493n;
  const keyPair = keyPairFromPrivateKey(RFC8032_PKCS8);
  const signature = sign(keyPair.privateKey, input);
  // S is little-endian in Ed25519 signatures.
  const s = BigInt("0x" + bytesToHex(signature.slice(32).reverse()));
  const twin = signature.slice();
  twin.set(hexToBytes((s + L).toString(16).padStart(64, "0")).reverse(), 32);
  assert.equal(new Verifier().verify(item(keyPair, twin)), false);
});

test("an Ed25519 key read from raw bytes is the key its DER form names, for any 32 bytes", () => {
  // publicKeyObject imports Ed25519 keys as JWK (faster); it must give what DER gives.
  const prefix = hexToBytes("302a300506032b6570032100");
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (raw) => {
      const fromDer = createPublicKey({
        key: Buffer.concat([prefix, raw]),
        format: "der",
        type: "spki",
      });
      const key = publicKeyObject(KeyType.Ed25519, raw);
      assert.ok(key.equals(fromDer));
      assert.deepEqual(
        new Uint8Array(key.export({ format: "der", type: "spki" })),
        Uint8Array.from([...prefix, ...raw]),
      );
    }),
    { seed: 20_261_121, numRuns: 200 },
  );
  const keyPair = generateKeyPair(KeyType.Ed25519);
  const signature = sign(keyPair.privateKey, input);
  const key = publicKeyObject(KeyType.Ed25519, keyPair.publicKey);
  assert.ok(nodeVerify(null, signingMessage(input), key, signature));
});

test("malformed public keys are false, not errors", () => {
  const keyPair = generateKeyPair(KeyType.P256);
  const signature = sign(keyPair.privateKey, input);
  const verifier = new Verifier();
  assert.equal(verifier.verify(item(keyPair, signature, { publicKey: new Uint8Array(32) })), false);
  const uncompressed = keyPair.publicKey.slice();
  uncompressed[0] = 0x04;
  assert.equal(verifier.verify(item(keyPair, signature, { publicKey: uncompressed })), false);
  // x = 1 has no point on the curve: OpenSSL refuses to decompress it, and verify says false.
  assert.throws(() => publicKeyObject(KeyType.P256, OFF_CURVE_P256), /not a valid point/);
  assert.equal(verifier.verify(item(keyPair, signature, { publicKey: OFF_CURVE_P256 })), false);
  assert.equal(verifier.verify(item(keyPair, signature, { keyType: 9 as KeyType })), false);
  // Ed25519 keys that are not points, or not canonical (y ≥ p), are false as well.
  const ed = generateKeyPair(KeyType.Ed25519);
  const edSignature = sign(ed.privateKey, input);
  for (const fill of [0x00, 0x02, 0x80, 0xff]) {
    const junk = new Uint8Array(32).fill(fill);
    assert.equal(verifier.verify(item(ed, edSignature, { publicKey: junk })), false, `${fill}`);
  }
  assert.throws(
    () => verifier.verify(item(keyPair, signature, { publicKey: "02ab" as unknown as Uint8Array })),
    TypeError,
  );
});

test("the key cache stays within its bound and keeps answering correctly after evictions", () => {
  const verifier = new Verifier({ cacheEntriesMax: 3 });
  const keyPairs = Array.from({ length: 6 }, (_, i) =>
    generateKeyPair(i % 2 === 0 ? KeyType.Ed25519 : KeyType.P256),
  );
  const signatures = keyPairs.map((keyPair) => sign(keyPair.privateKey, input));
  for (let round = 0; round < 3; round++) {
    keyPairs.forEach((keyPair, i) => {
      assert.equal(verifier.verify(item(keyPair, signatures[i]!)), true);
      assert.equal(verifier.verify(item(keyPair, signatures[(i + 1) % 6]!)), false);
      assert.ok(verifier.cacheEntries <= 3);
    });
  }
  assert.equal(verifier.cacheEntries, 3);
  // Invalid keys are never cached.
  const fresh = new Verifier({ cacheEntriesMax: 3 });
  fresh.verify(item(keyPairs[1]!, signatures[1]!, { publicKey: OFF_CURVE_P256 }));
  assert.equal(fresh.cacheEntries, 0);
  assert.throws(() => new Verifier({ cacheEntriesMax: -1 }), RangeError);
});

test("verifyBatch answers each item in order", () => {
  const a = generateKeyPair(KeyType.Ed25519);
  const b = generateKeyPair(KeyType.P256);
  const sa = sign(a.privateKey, input);
  const sb = sign(b.privateKey, input);
  const items = [
    item(a, sa),
    item(b, sb),
    item(a, sb),
    item(b, sa),
    item(a, sa, { purpose: "vote" }),
    item(b, sb),
  ];
  const expected = [true, true, false, false, false, true];
  assert.deepEqual(verifyBatch(items), expected);
  assert.deepEqual(new Verifier().verifyBatch(items), expected);
  assert.deepEqual(verifyBatch([]), []);
});
