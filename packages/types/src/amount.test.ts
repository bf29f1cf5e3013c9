// Goal: decimal strings convert to minor units exactly, and every malformed amount is refused
// with a message that says what to send.
// Method: worked examples, refusals, and a fast-check round trip through formatAmount.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { AMOUNT_MAX, aAmount, formatAmount, parseAmount } from "./amount.ts";
import { aCurrencyCode } from "./currency.ts";
import { aAccountId, aInstitutionId } from "./ids.ts";

test("decimal strings become minor units", () => {
  assert.equal(parseAmount("12.5", 2), 1250n);
  assert.equal(parseAmount("12.50", 2), 1250n);
  assert.equal(parseAmount("0", 2), 0n);
  assert.equal(parseAmount("1000", 0), 1000n);
  assert.equal(parseAmount("0.001", 3), 1n);
  assert.equal(parseAmount("92233720368547758.07", 2), AMOUNT_MAX);
});

test("malformed amounts are refused with a hint", () => {
  assert.throws(() => parseAmount(12.5, 2), /expected a decimal string such as "12.50"/);
  assert.throws(() => parseAmount("1.234", 2), /3 digits after the point; this currency allows 2/);
  for (const bad of ["", "-1", "+1", "1e3", "01", "1.", ".5", "1,000.00", " 1", "0x10", "NaN"]) {
    assert.throws(() => parseAmount(bad, 2), RangeError, bad);
  }
  assert.throws(() => parseAmount("92233720368547758.08", 2), /larger than the maximum/);
});

test("formatAmount pads and places the point by minor units", () => {
  assert.equal(formatAmount(1250n, 2), "12.50");
  assert.equal(formatAmount(5n, 2), "0.05");
  assert.equal(formatAmount(0n, 2), "0.00");
  assert.equal(formatAmount(1000n, 0), "1000");
  assert.equal(formatAmount(-5n, 2), "-0.05");
});

test("format then parse returns the same amount for every currency exponent", () => {
  fc.assert(
    fc.property(
      fc.bigInt({ min: 0n, max: AMOUNT_MAX }),
      fc.integer({ min: 0, max: 8 }),
      (amount, units) => {
        assert.equal(parseAmount(formatAmount(amount, units), units), amount);
      },
    ),
  );
});

test("boundary validators name the field and the expected form", () => {
  assert.throws(() => aAmount(1, "amount"), TypeError);
  assert.throws(() => aAmount(-1n, "amount"), /outside/);
  assert.throws(() => aCurrencyCode("hkd"), /three capital letters/);
  assert.throws(() => aAccountId("xyz", "to"), /to: expected 40 lower-case hex characters/);
  assert.throws(() => aInstitutionId("-bank"), /not starting or ending with "-"/);
  assert.equal(aInstitutionId("hk-bank"), "hk-bank");
});
