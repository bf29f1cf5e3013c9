// Goal: each failure a person can meet is told in a sentence with what to do, from the SDK's
// typed errors and the API's envelopes — never a stack trace or a bare code.
// Method: errors built as the SDK builds them from the envelopes the gateway sends.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  HttpRequestError,
  InsufficientFundsError,
  InvalidAmountError,
  PaymentNotFoundError,
  RefundExceedsRefundableError,
  errorFromEnvelope,
} from "@tongbao/client/browser";
import { describeError } from "./describe-error.ts";

test("envelopes and SDK errors become a sentence and a fix", () => {
  const rejected = describeError(
    errorFromEnvelope(409, {
      code: "signer_account_not_found",
      message: "the signer's account does not exist (yet)",
    }),
  );
  assert.equal(
    rejected.title,
    "The gateway refused the payment: the signer's account does not exist (yet).",
  );
  assert.match(rejected.fix ?? "", /Open the account at its institution/);
  assert.equal(rejected.code, "signer_account_not_found");

  const desk = describeError(
    errorFromEnvelope(404, { code: "desk_not_enabled", message: "no desk here" }),
  );
  assert.match(desk.title, /does not open accounts here/);

  const limited = describeError(
    errorFromEnvelope(429, {
      code: "rate_limited",
      message: "slow down",
      details: { retryAfterMs: 1500 },
    }),
  );
  assert.equal(limited.fix, "Wait 2 s and try again.");

  const poor = describeError(
    new InsufficientFundsError({ amount: "900.00", available: "50.00", currency: "HKD" }),
  );
  assert.equal(poor.title, "Transfer of 900.00 HKD exceeds the available 50.00 HKD.");

  const amount = describeError(new InvalidAmountError("amount", "must be greater than zero"));
  assert.equal(amount.title, "Amount: must be greater than zero.");

  assert.match(
    describeError(new HttpRequestError("http://x", new Error("refused"))).title,
    /cannot be reached/,
  );
  assert.equal(describeError(new Error("boom")).title, "Boom.");
  assert.equal(describeError("plain").title, "Plain.");
});

test("a refund of more than remains, and a refund of no remembered payment, are sentences", () => {
  const exceeds = describeError(
    new RefundExceedsRefundableError({ amount: "20.00", refundable: "13.40", currency: "HKD" }),
  );
  assert.equal(
    exceeds.title,
    "A refund of 20.00 HKD is more than the 13.40 HKD that can still be refunded of this payment; nothing was refunded.",
  );
  assert.equal(exceeds.code, "refund_exceeds_refundable");
  const unknown = describeError(new PaymentNotFoundError("ab".repeat(32)));
  assert.match(unknown.title, /remembers no payment of this sale/);
});
