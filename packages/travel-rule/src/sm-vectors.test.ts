// Goal: the SM primitives the national-algorithms suite rests on compute the published answers,
// and our SM4-GCM wrapper refuses anything altered.
// Method: known answers — SM3 (GB/T 32905-2016 Appendix A), the SM4 block (GB/T 32907-2016
// Appendix A), SM4-GCM (RFC 8998 Appendix A.1) through sm4-gcm.ts; then flips of the ciphertext,
// tag, nonce and additional data, and a short input.
import { test } from "node:test";
import assert from "node:assert/strict";
import { bytesToHex, hexToBytes } from "@noble/hashes/utils.js";
import { sm3, sm4 } from "sm-crypto-v2";
import { sm4GcmDecrypt, sm4GcmEncrypt } from "./sm4-gcm.ts";

const SM4_KEY = "0123456789abcdeffedcba9876543210";

test("SM3 gives the answers of GB/T 32905-2016 Appendix A", () => {
  assert.equal(sm3("abc"), "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
  assert.equal(
    sm3("abcd".repeat(16)),
    "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732",
  );
});

test("the SM4 block gives the answer of GB/T 32907-2016 Appendix A", () => {
  const block = sm4.encrypt(hexToBytes(SM4_KEY), hexToBytes(SM4_KEY), {
    padding: "none",
    output: "array",
  });
  assert.equal(bytesToHex(block), "681edf34d206965e86b3e94f536e4246");
});

// RFC 8998 Appendix A.1.
const GCM = {
  key: SM4_KEY,
  iv: "00001234567800000000abcd",
  aad: "feedfacedeadbeeffeedfacedeadbeefabaddad2",
  plaintext:
    "aaaaaaaaaaaaaaaabbbbbbbbbbbbbbbbccccccccccccccccdddddddddddddddd" +
    "eeeeeeeeeeeeeeeeffffffffffffffffeeeeeeeeeeeeeeeeaaaaaaaaaaaaaaaa",
  ciphertext:
    "17f399f08c67d5ee19d0dc9969c4bb7d5fd46fd3756489069157b282bb200735" +
    "d82710ca5c22f0ccfa7cbf93d496ac15a56834cbcf98c397b4024a2691233b8d",
  tag: "83de3541e4c2b58177e065a9bf7b62ec",
};

test("SM4-GCM gives the answer of RFC 8998 Appendix A.1, and opens it", () => {
  const [key, iv, aad, plaintext] = [GCM.key, GCM.iv, GCM.aad, GCM.plaintext].map(hexToBytes);
  const sealed = sm4GcmEncrypt(key!, iv!, plaintext!, aad!);
  assert.equal(bytesToHex(sealed), GCM.ciphertext + GCM.tag);
  assert.deepEqual(sm4GcmDecrypt(key!, iv!, sealed, aad!), plaintext);
});

test("SM4-GCM refuses an altered ciphertext, tag, nonce or additional data", () => {
  const [key, iv, aad, plaintext] = [GCM.key, GCM.iv, GCM.aad, GCM.plaintext].map(hexToBytes);
  const sealed = sm4GcmEncrypt(key!, iv!, plaintext!, aad!);
  for (const at of [0, 31, sealed.length - 16, sealed.length - 1]) {
    const changed = sealed.slice();
    changed[at]! ^= 0x80;
    assert.equal(sm4GcmDecrypt(key!, iv!, changed, aad!), undefined, `byte ${at}`);
  }
  const otherIv = iv!.slice();
  otherIv[11]! ^= 1;
  assert.equal(sm4GcmDecrypt(key!, otherIv, sealed, aad!), undefined);
  assert.equal(sm4GcmDecrypt(key!, iv!, sealed, aad!.subarray(1)), undefined);
  assert.equal(sm4GcmDecrypt(key!, iv!, sealed.subarray(0, sealed.length - 1), aad!), undefined);
  assert.equal(sm4GcmDecrypt(key!, iv!, sealed.subarray(0, 15), aad!), undefined);
  // A tag alone (empty plaintext) is still checked.
  const empty = sm4GcmEncrypt(key!, iv!, new Uint8Array(0), aad!);
  assert.equal(empty.length, 16);
  assert.deepEqual(sm4GcmDecrypt(key!, iv!, empty, aad!), new Uint8Array(0));
  empty[0]! ^= 1;
  assert.equal(sm4GcmDecrypt(key!, iv!, empty, aad!), undefined);
});

test("SM4-GCM refuses keys and nonces of the wrong size as a programming error", () => {
  assert.throws(
    () =>
      sm4GcmEncrypt(new Uint8Array(32), new Uint8Array(12), new Uint8Array(1), new Uint8Array(0)),
    /SM4 key/,
  );
  assert.throws(
    () =>
      sm4GcmEncrypt(new Uint8Array(16), new Uint8Array(16), new Uint8Array(1), new Uint8Array(0)),
    /nonce/,
  );
});
