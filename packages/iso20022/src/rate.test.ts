// Goal: a rational rate becomes the nearest BaseOneRate decimal (≤ 11 digits, ≤ 10 after the
// point), exactly, without floating point.
// Method: worked examples; fast-check that the result is well-formed and within half a unit of
// its last place of the true value (checked in bigint arithmetic).
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { exchangeRateFromRatio, isBaseOneRate } from "./index.ts";

test("worked rates", () => {
  assert.equal(exchangeRateFromRatio(71_234n, 10_000n), "7.1234");
  assert.equal(exchangeRateFromRatio(1n, 3n), "0.3333333333");
  assert.equal(exchangeRateFromRatio(2n, 3n), "0.6666666667");
  assert.equal(exchangeRateFromRatio(100n, 1n), "100");
  assert.equal(exchangeRateFromRatio(10n ** 10n + 1n, 3n), "3333333333.7"); // 11 digits in all
  assert.equal(exchangeRateFromRatio(1n, 10n ** 10n), "0.0000000001");
  assert.throws(() => exchangeRateFromRatio(1n, 10n ** 11n), /not representable/);
  assert.throws(() => exchangeRateFromRatio(10n ** 11n, 1n), /11 or more digits/);
  assert.throws(() => exchangeRateFromRatio(0n, 1n), RangeError);
});

test("the decimal is well-formed and within half a unit of its last place", () => {
  fc.assert(
    fc.property(
      fc.bigInt({ min: 1n, max: 10n ** 12n }),
      fc.bigInt({ min: 1n, max: 10n ** 12n }),
      (n, d) => {
        const whole = n / d;
        const intDigits = whole === 0n ? 0 : whole.toString().length;
        fc.pre(intDigits <= 10 && n * 10n ** 10n >= d); // representable
        const text = exchangeRateFromRatio(n, d);
        assert.ok(isBaseOneRate(text), text);
        // The places available: 11 digits in all, 10 after the point at most — one fewer if
        // rounding carried into a new leading digit (9.99…9 → 10).
        const carried = text.split(".")[0]!.replace(/^0$/, "").length > intDigits;
        const places = Math.min(10, 11 - intDigits) - (carried ? 1 : 0);
        const [w, fraction = ""] = text.split(".");
        assert.ok(fraction.length <= places, text);
        const value = BigInt(w! + fraction) * 10n ** BigInt(places - fraction.length); // in units of 10^-places
        const error = value * d - n * 10n ** BigInt(places);
        assert.ok(2n * (error < 0n ? -error : error) <= d, `${n}/${d} → ${text}`);
      },
    ),
  );
});
