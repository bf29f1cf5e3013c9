// Goal: a ledger account id fits ISO 20022's Max34Text account id losslessly.
// Method: fast-check round trip; fixed points (all zero, all one bits) checked by hand against
// RFC 4648's alphabet; malformed input refused.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { accountIdFromIso, isoAccountId } from "./index.ts";

test("account ids round-trip through 32 base32 characters", () => {
  fc.assert(
    fc.property(fc.stringMatching(/^[0-9a-f]{40}$/), (id) => {
      const iso = isoAccountId(id);
      assert.match(iso, /^[A-Z2-7]{32}$/);
      assert.equal(accountIdFromIso(iso), id);
    }),
  );
});

test("RFC 4648 base32: zero bits are A, one bits are 7", () => {
  assert.equal(isoAccountId("0".repeat(40)), "A".repeat(32));
  assert.equal(isoAccountId("f".repeat(40)), "7".repeat(32));
  // 0x08 = 00001|000 → "B" then "A…"
  assert.equal(isoAccountId("08" + "0".repeat(38)), "BA" + "A".repeat(30));
});

test("malformed ids are refused", () => {
  assert.throws(() => isoAccountId("xyz"), /expected 40 lower-case hex characters/);
  assert.throws(() => accountIdFromIso("a".repeat(32)), /not 32 characters of base32/);
  assert.throws(() => accountIdFromIso("A".repeat(31)), RangeError);
});
