// Goal: our base64 matches RFC 4648 (checked against Node's Buffer, which the library cannot
// use in the browser) and accepts only the canonical spelling of each byte string.
// Method: fast-check over random bytes; hand-picked non-canonical texts.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { base64Decode, base64Encode } from "./base64.ts";

test("encoding equals Buffer's base64 and base64url, and decoding inverts it", () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
      const standard = base64Encode(bytes, "standard");
      const url = base64Encode(bytes, "url");
      assert.equal(standard, Buffer.from(bytes).toString("base64"));
      assert.equal(url, Buffer.from(bytes).toString("base64url"));
      assert.deepEqual(base64Decode(standard, "standard"), bytes);
      assert.deepEqual(base64Decode(url, "url"), bytes);
    }),
  );
});

test("non-canonical texts are refused", () => {
  for (const text of ["QQ", "QQ=", "QR==", "Q===", "QUJD=", " QUJD", "QU JD", "QUJD\n", "QU-D"]) {
    assert.equal(base64Decode(text, "standard"), undefined, text);
  }
  for (const text of ["QQ==", "QR", "Q", "QU+D", "QUJDR"]) {
    assert.equal(base64Decode(text, "url"), undefined, text);
  }
  assert.deepEqual(base64Decode("QQ==", "standard"), Uint8Array.of(0x41));
  assert.deepEqual(base64Decode("QQ", "url"), Uint8Array.of(0x41));
});
