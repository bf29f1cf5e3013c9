// Goal: whatever stops a remittance — a quote refused, a transaction refused at the gateway or
// failed in a block — is told in one sentence with what to do, and the flow knows when a new
// quote is the answer; codes that are not about remittances keep describeError's words.
// Method: errors built as the SDK builds them from the envelopes and receipts the gateway sends.
import { test } from "node:test";
import assert from "node:assert/strict";
import { TransactionFailedError, errorFromEnvelope } from "@tongbao/client/browser";
import { describeRemitError as describeError, needsNewQuote } from "./remit-problems.ts";

test("remittance failures are sentences, whoever caught them: the quote route, the gateway, a block", () => {
  // The first block past a quote's deadline says quote_expired; later blocks, and a quote
  // already used, say quote_not_found: both are the same event to the sender.
  for (const code of ["quote_expired", "quote_not_found"]) {
    const gone = describeError(new TransactionFailedError("ab".repeat(32), code, 9, 0));
    assert.equal(gone.title, "The rate expired or was used — here is a new quote.", code);
    assert.match(gone.fix ?? "", /send again; nothing was sent/, code);
    assert.equal(gone.code, code);
    assert.equal(needsNewQuote(gone.code), true, code);
  }
  const refused = describeError(
    errorFromEnvelope(422, { code: "quote_not_found", message: "no quote 3f…-0a… is held" }),
  );
  assert.equal(refused.title, "The rate expired or was used — here is a new quote.");
  assert.equal(needsNewQuote(refused.code), true);

  const range = describeError(
    errorFromEnvelope(422, {
      code: "amount_out_of_range",
      message:
        "offers for HKD → PHP take send amounts of 10.00–50000.00 HKD (…); send an amount inside them",
      details: {
        min: { amount: "10.00", currency: "HKD" },
        max: { amount: "50000.00", currency: "HKD" },
      },
    }),
  );
  assert.equal(
    range.title,
    "The provider takes 10.00–50,000.00 HKD per payment, and this amount is outside that; nothing was sent.",
  );
  assert.equal(range.fix, "Send an amount within those limits.");
  // Without the limits, the same sentence without them.
  const bare = describeError(
    errorFromEnvelope(422, { code: "amount_out_of_range", message: "out of range" }),
  );
  assert.equal(
    bare.title,
    "That amount is outside what the provider accepts per payment; nothing was sent.",
  );

  const limit = describeError(
    new TransactionFailedError("cd".repeat(32), "per_payment_limit_exceeded", 12, 0),
  );
  assert.match(limit.title, /more than your account may send in one payment; nothing was sent/);
  assert.match(limit.fix ?? "", /verify your identity/);

  const sanctioned = describeError(
    errorFromEnvelope(403, { code: "account_sanctioned", message: "account 00… is sanctioned" }),
  );
  assert.match(sanctioned.title, /under sanctions; nothing was sent/);
  assert.equal(needsNewQuote(sanctioned.code), false);

  // Codes that are not about remittances keep their own words.
  const other = describeError(new TransactionFailedError("ef".repeat(32), "account_frozen", 3, 0));
  assert.equal(other.title, "The payment failed in block 3: account frozen; nothing was taken.");
});
