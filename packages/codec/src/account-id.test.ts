// Goal: account ids are a stable, documented function of key type and public key, and malformed
// keys are refused at the boundary. Method: a pinned vector for the RFC 8032 test key computed
// outside this code base (Python hashlib), plus refusals for each malformed input.
import { test } from "node:test";
import assert from "node:assert/strict";
import { hexToBytes } from "@tongbao/std";
import { KeyType, accountIdFromPublicKey, aPublicKey } from "./index.ts";

// RFC 8032 section 7.1, TEST 1: the public key of secret key 9d61b19d…7f60.
const RFC8032_TEST1_PUBLIC = hexToBytes(
  "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
);

test("the account id of the RFC 8032 TEST 1 key is pinned", () => {
  // python3: sha256(bytes([15]) + b"tongbao/account" + bytes([1]) + pk).hexdigest()[:40]
  assert.equal(
    accountIdFromPublicKey(KeyType.Ed25519, RFC8032_TEST1_PUBLIC),
    "c1ee2a9dcb9159f392ab1dc5674f45c151d2c1fc",
  );
});

test("the key type is part of the id", () => {
  // The same 32 bytes behind a 02 prefix, read as a compressed P-256 key (pinned the same way).
  const p256 = new Uint8Array(33);
  p256[0] = 0x02;
  p256.set(RFC8032_TEST1_PUBLIC, 1);
  assert.equal(
    accountIdFromPublicKey(KeyType.P256, p256),
    "e8e1207cc79033dcd54a09556bcbd334f354a8fd",
  );
});

test("malformed keys are refused with TypeError or RangeError", () => {
  assert.throws(() => accountIdFromPublicKey(3 as KeyType, RFC8032_TEST1_PUBLIC), RangeError);
  assert.throws(
    () => accountIdFromPublicKey(KeyType.Ed25519, RFC8032_TEST1_PUBLIC.subarray(1)),
    /expected 32 bytes for ed25519, got 31/,
  );
  assert.throws(
    () => accountIdFromPublicKey(KeyType.P256, RFC8032_TEST1_PUBLIC),
    /expected 33 bytes for p256/,
  );
  const uncompressedPrefix = new Uint8Array(33);
  uncompressedPrefix[0] = 0x04;
  assert.throws(
    () => accountIdFromPublicKey(KeyType.P256, uncompressedPrefix),
    /compressed SEC1 point/,
  );
  assert.throws(() => aPublicKey(KeyType.Ed25519, "d75a98"), TypeError);
});
