// Goal: amounts render exactly from bigint minor units with the currency's ISO 4217 decimals,
// and amounts ISO 20022 cannot carry are refused.
// Method: worked examples (HKD, JPY, charges of zero), refusals, and a fast-check round trip
// through parseAmount for every exponent 0–5.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { parseAmount } from "@tongbao/types";
import { renderAmount } from "./amount.ts";
import { Problems, Iso20022Error } from "./errors.ts";

function render(
  amountMinor: bigint,
  currency: string,
  minorUnits: number,
  positive = true,
): string {
  const problems = new Problems();
  const { text, currency: ccy } = renderAmount(
    { amountMinor, currency, minorUnits },
    "amount",
    problems,
    positive,
  );
  problems.throwIfAny();
  return `${text} ${ccy}`;
}

function refusal(
  amountMinor: bigint,
  currency: string,
  minorUnits: number,
  positive = true,
): string {
  try {
    render(amountMinor, currency, minorUnits, positive);
  } catch (error) {
    assert.ok(error instanceof Iso20022Error);
    return error.message;
  }
  return assert.fail("expected a refusal");
}

test("minor units become exact decimals", () => {
  assert.equal(render(100_000n, "HKD", 2), "1000.00 HKD");
  assert.equal(render(5n, "PHP", 2), "0.05 PHP");
  assert.equal(render(1_000n, "JPY", 0), "1000 JPY");
  assert.equal(render(0n, "HKD", 2, false), "0.00 HKD");
  assert.equal(render(999_999_999_999_999_999n, "VND", 0), "999999999999999999 VND");
});

test("amounts outside ISO 20022 or ISO 4217 are refused with the reason", () => {
  assert.match(refusal(0n, "HKD", 2), /amount\.amountMinor: expected a positive bigint/);
  assert.match(refusal(1_000n, "JPY", 2), /JPY has 0 digits after the point in ISO 4217, not 2/);
  assert.match(refusal(1n, "hkd", 2), /"hkd" is not an ISO 4217 code/);
  assert.match(refusal(10n ** 18n, "VND", 0), /more than 18 digits/);
  assert.match(refusal(1n, "XAU", 6), /expected 0–5 digits/);
});

test("rendered amounts parse back to the same minor units", () => {
  fc.assert(
    fc.property(
      fc.bigInt({ min: 1n, max: 10n ** 18n - 1n }),
      fc.integer({ min: 0, max: 5 }),
      (amount, units) => {
        const [text] = render(amount, "XTS", units).split(" ");
        assert.equal(parseAmount(text, units), amount);
        if (units > 0) assert.equal(text!.split(".")[1]!.length, units);
      },
    ),
  );
});
