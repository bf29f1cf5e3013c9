// Goal: rates written as people write them become the ledger's exact minor-unit ratio, reduced,
// with no floating point; bad rates are refused before anything is sent.
// Method: worked examples across minor units, and refusals.
import { test } from "node:test";
import assert from "node:assert/strict";
import { InvalidParameterError, parseRate } from "./browser.ts";

test("a decimal rate becomes receive minor units per send minor unit, reduced", () => {
  // 7.164 PHP per HKD, both with cents: 7164 / 1000 centavos per cent, reduced to 1791 / 250.
  assert.deepEqual(parseRate("rate", "7.164", 2, 2), { num: 1791n, den: 250n });
  assert.deepEqual(parseRate("rate", "7.2", 2, 2), { num: 36n, den: 5n });
  // 0.0521 HKD per JPY (yen have no minor units): 5.21 cents per yen.
  assert.deepEqual(parseRate("rate", "0.0521", 0, 2), { num: 521n, den: 100n });
  assert.deepEqual(parseRate("worstRate", "0", 2, 2), { num: 0n, den: 1n }, "0 accepts any");
});

test("rates that are not plain positive decimals are refused", () => {
  for (const bad of ["", "-1", "1e3", "7,2", ".5", "07.2", "7.2.1"]) {
    assert.throws(() => parseRate("rate", bad, 2, 2), InvalidParameterError, bad);
  }
  assert.throws(() => parseRate("rate", "0", 2, 2, { allowZero: false }), /greater than zero/);
});

test("a rate whose minor-unit ratio does not fit the ledger's 64 bits is refused, naming it", () => {
  // 23 significant digits: the pattern takes it, the ledger's u64 numerator cannot.
  assert.throws(
    () => parseRate("rate", "99999999999.999999999999", 2, 2),
    (e: unknown) =>
      e instanceof InvalidParameterError && e.parameter === "rate" && /64 bits/.test(e.message),
  );
  // Either side of u64's maximum (18446744073709551615), with nothing to reduce by.
  const edge = parseRate("rate", "184467440737.09551613", 0, 0);
  assert.deepEqual(edge, { num: 18446744073709551613n, den: 100000000n });
  assert.throws(() => parseRate("rate", "184467440737.09551617", 0, 0), /64 bits/);
});
