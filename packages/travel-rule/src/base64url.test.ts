// Goal: base64url encoding matches RFC 4648 §5 without padding, and decoding accepts only the
// text encoding produces.
// Method: compare with Node's Buffer on random bytes; refuse padding, the other alphabet, set
// unused bits and impossible lengths.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { base64urlDecode, base64urlEncode } from "./base64url.ts";

test("encoding matches Node's base64url and decodes back", () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
      const text = base64urlEncode(bytes);
      assert.equal(text, Buffer.from(bytes).toString("base64url"));
      assert.deepEqual(base64urlDecode(text), bytes);
    }),
  );
});

test("every other spelling is refused", () => {
  assert.deepEqual(base64urlDecode("AQ"), new Uint8Array([1]));
  for (const text of ["AQ==", "AR", "A", "AQ=", "+/", "a b", "AQID\n"]) {
    assert.equal(base64urlDecode(text), undefined, text);
  }
  fc.assert(
    fc.property(
      fc.uint8Array({ minLength: 1, maxLength: 40 }),
      fc.nat(),
      fc.nat(63),
      (bytes, at, to) => {
        const text = base64urlEncode(bytes);
        const i = at % text.length;
        const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        const changed = text.slice(0, i) + alphabet[to] + text.slice(i + 1);
        const decoded = base64urlDecode(changed);
        // A different text never decodes to the same bytes.
        if (changed !== text && decoded !== undefined) assert.notDeepEqual(decoded, bytes);
      },
    ),
  );
});
