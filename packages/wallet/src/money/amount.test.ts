// Goal: what a person types as an amount is read as the ledger would read it, and every amount
// the ledger would refuse gets a message that says what to type — so a bad amount sends nothing.
// Method: table of inputs for a two-decimal and a zero-decimal currency.
import { test } from "node:test";
import assert from "node:assert/strict";
import { groupDigits, readAmount } from "./amount.ts";

test("good amounts are read in minor units and shown with the currency's decimals", () => {
  const cases: [string, bigint, string][] = [
    ["12.5", 1250n, "12.50"],
    ["12.50", 1250n, "12.50"],
    [" 1,000 ", 100000n, "1000.00"],
    [".5", 50n, "0.50"],
    ["7.", 700n, "7.00"],
    ["007.05", 705n, "7.05"],
  ];
  for (const [input, minor, text] of cases) {
    assert.deepEqual(readAmount(input, "HKD", 2), { ok: true, minor, text }, input);
  }
  assert.deepEqual(readAmount("500", "JPY", 0), { ok: true, minor: 500n, text: "500" });
});

test("bad amounts say what to type instead", () => {
  const cases: [string, RegExp][] = [
    ["", /Enter an amount in HKD/],
    ["-5", /more than zero: leave out the minus/],
    ["0", /more than zero/],
    ["0.00", /more than zero/],
    ["abc", /not an amount: use digits/],
    ["1.2.3", /not an amount/],
    ["1e3", /not an amount/],
    [".", /not an amount/],
    ["12.345", /HKD has 2 decimals: "12.345" has 3/],
    ["9".repeat(40), /more than the ledger can hold/],
  ];
  for (const [input, message] of cases) {
    const reading = readAmount(input, "HKD", 2);
    assert.equal(reading.ok, false, input);
    assert.match((reading as { message: string }).message, message, input);
  }
  const yen = readAmount("1.5", "JPY", 0);
  assert.ok(!yen.ok && /no decimals/.test(yen.message));
});

test("digits are grouped for display", () => {
  assert.equal(groupDigits("1234567.50"), "1,234,567.50");
  assert.equal(groupDigits("999.00"), "999.00");
  assert.equal(groupDigits("1000"), "1,000");
});
