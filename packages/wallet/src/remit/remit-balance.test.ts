// Goal: an indicative quote's fee (zero in the quote: it was asked without a payer) is never
// taken for the payer's fee. The balance check counts the fee the institution gives, or — while
// it is not known — checks only the send amount and says the fee comes on top; a firm quote's
// own fee and total count as they are.
// Method: balanceShortfall and feeInQuote on fixed quotes and balances.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { QuoteView } from "@tongbao/api";
import { feeInQuote, type PayerFee } from "./payer-fee.ts";
import { balanceShortfall } from "./remit-balance.ts";

const hkd = (amount: string) => ({ amount, currency: "HKD" });

function quoteOf(firm: boolean, send: string, fee: string, total: string): QuoteView {
  return {
    firm,
    from: "HKD",
    to: "PHP",
    send: hkd(send),
    fees: { senderInstitution: hkd(fee), providerSpread: { amount: "0.00", currency: "PHP" } },
    totalDebit: hkd(total),
  } as QuoteView;
}

/** What the gateway's indicative quote says without a payer: fee 0, total = send. */
const indicative = quoteOf(false, "100.00", "0.00", "100.00");

test("an indicative quote's zero fee is not the payer's fee", () => {
  assert.deepEqual(feeInQuote(indicative), { kind: "unknown" });
  const firm = quoteOf(true, "100.00", "5.00", "105.00");
  assert.deepEqual(feeInQuote(firm), { kind: "known", fee: hkd("5.00"), total: hkd("105.00") });
});

test("with the institution's fee known, the whole total must fit the balance", () => {
  const fee: PayerFee = { kind: "known", fee: hkd("5.00"), total: hkd("105.00") };
  assert.equal(
    balanceShortfall("102.00", indicative, fee, 2),
    "You have 102.00 HKD; sending 100.00 HKD with the fee takes 105.00 HKD. Send less.",
  );
  assert.equal(balanceShortfall("105.00", indicative, fee, 2), undefined);
});

test("with the fee not known yet, only the send amount is checked, and the fee said to come on top", () => {
  const unknown: PayerFee = { kind: "unknown" };
  assert.equal(balanceShortfall("100.00", indicative, unknown, 2), undefined);
  assert.equal(
    balanceShortfall("99.99", indicative, unknown, 2),
    "You have 99.99 HKD; sending 100.00 HKD takes more than that, before your institution's fee. Send less.",
  );
});

test("a firm quote's own total counts", () => {
  const firm = quoteOf(true, "100.00", "5.00", "105.00");
  assert.match(balanceShortfall("104.99", firm, feeInQuote(firm), 2) ?? "", /takes 105\.00 HKD/);
  assert.equal(balanceShortfall("1000.00", firm, feeInQuote(firm), 2), undefined);
});
