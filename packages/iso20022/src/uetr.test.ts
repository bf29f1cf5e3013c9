// Goal: a payment's UETR is a well-formed lower-case UUID v4, the same for the same transaction
// and different for different ones, computed as docs/spec/iso20022.md states.
// Method: recompute the spec's formula with node:crypto; fast-check over random hashes for the
// form and for distinctness; bad hashes refused.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import fc from "fast-check";
import { isUetr, uetrFromTxHash } from "./index.ts";

const UETR = /^[a-f0-9]{8}-[a-f0-9]{4}-4[a-f0-9]{3}-[89ab][a-f0-9]{3}-[a-f0-9]{12}$/;
const hashArb = fc.stringMatching(/^[0-9a-f]{64}$/);

function specUetr(txHash: string): string {
  const tag = Buffer.from("tongbao/uetr");
  const b = createHash("sha256")
    .update(Buffer.from([tag.length]))
    .update(tag)
    .update(Buffer.from(txHash, "hex"))
    .digest();
  b[6] = 0x40 | (b[6]! & 0x0f);
  b[8] = 0x80 | (b[8]! & 0x3f);
  const h = b.subarray(0, 16).toString("hex");
  return [h.slice(0, 8), h.slice(8, 12), h.slice(12, 16), h.slice(16, 20), h.slice(20)].join("-");
}

test("the UETR follows the spec's formula and is a UUID v4", () => {
  fc.assert(
    fc.property(hashArb, (hash) => {
      const uetr = uetrFromTxHash(hash);
      assert.match(uetr, UETR);
      assert.ok(isUetr(uetr));
      assert.equal(uetr, specUetr(hash));
      assert.equal(uetrFromTxHash(hash), uetr);
    }),
  );
});

test("different transactions get different UETRs", () => {
  fc.assert(
    fc.property(fc.uniqueArray(hashArb, { minLength: 2, maxLength: 50 }), (hashes) => {
      assert.equal(new Set(hashes.map(uetrFromTxHash)).size, hashes.length);
    }),
  );
});

test("a transaction hash must be 64 lower-case hex characters", () => {
  assert.throws(() => uetrFromTxHash("ABC"), /txHash: expected 64 lower-case hex characters/);
  assert.throws(() => uetrFromTxHash("F".repeat(64)), RangeError);
  assert.equal(isUetr("66FE0663-2CEA-40B3-9928-3347CA53A8F0"), false);
  assert.equal(isUetr("66fe0663-2cea-50b3-9928-3347ca53a8f0"), false);
  assert.equal(isUetr("66fe0663-2cea-40b3-c928-3347ca53a8f0"), false);
});
