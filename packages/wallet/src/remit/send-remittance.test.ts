// Goal: an attempt's deadline and wait follow the quote — a firm quote's remaining life, counted
// from its arrival, stretched to its agreed expiry on a slow device clock so admission does not
// refuse it as expired; a minute for an offer — and an attempt's error is read for what it says
// about the money: only a refusal at admission, an error before signing or a committed failure
// means nothing was paid; after submission anything else leaves the payment possibly made.
// Method: fixed times; the SDK's own error classes.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { QuoteView } from "@tongbao/api";
import {
  ApiError,
  HttpRequestError,
  MempoolFullError,
  NodeBusyError,
  RateLimitedError,
  TransactionDroppedError,
  TransactionFailedError,
  TransactionRejectedError,
  WaitForTransactionTimeoutError,
} from "@tongbao/client/browser";
import {
  OFFER_VALID_FOR_MS,
  WAIT_PAST_DEADLINE_MS,
  outcomeOfError,
  sendTiming,
} from "./send-remittance.ts";

const T0 = Date.parse("2026-03-01T08:00:00.000Z");
const firm = {
  firm: true,
  expiresAt: new Date(T0 + 60_000).toISOString(),
  expiresInMs: 60_000,
} as QuoteView;
const indicative = { firm: false } as QuoteView;

test("a firm quote's remittance may wait for its remaining life, and is waited for a little longer", () => {
  // Arrived at T0 (a right clock), sent 12 s later.
  assert.deepEqual(sendTiming(firm, T0, T0 + 12_000), {
    validForMs: 48_000,
    timeoutMs: 48_000 + WAIT_PAST_DEADLINE_MS,
  });
  // A clock two minutes fast: the countdown is the same, the deadline no shorter.
  const fast = T0 + 120_000;
  assert.deepEqual(sendTiming(firm, fast, fast + 12_000), {
    validForMs: 48_000,
    timeoutMs: 48_000 + WAIT_PAST_DEADLINE_MS,
  });
  // A clock two minutes slow: the deadline (device clock + validForMs) still reaches the expiry.
  const slow = T0 - 120_000;
  const timing = sendTiming(firm, slow, slow + 12_000);
  assert.equal(slow + 12_000 + timing.validForMs, T0 + 60_000);
  assert.equal(timing.timeoutMs, 48_000 + WAIT_PAST_DEADLINE_MS, "the wait is not stretched");
});

test("a lapsed firm quote still gets a valid deadline; an offer's remittance gets a minute", () => {
  assert.equal(sendTiming(firm, T0, T0 + 90_000).validForMs, 1_000);
  assert.deepEqual(sendTiming(indicative, T0, T0), {
    validForMs: OFFER_VALID_FOR_MS,
    timeoutMs: OFFER_VALID_FOR_MS + WAIT_PAST_DEADLINE_MS,
  });
});

test("an attempt's error says whether the payment may have been made", () => {
  const sent = { hash: "ab".repeat(32), id: "cd".repeat(16), validUntilMs: T0 + 60_000 };
  const body = (code: string) => ({ code, message: code });
  const cases: [unknown, string, string][] = [
    [new TransactionFailedError(sent.hash, "quote_expired", 9, 0), "failed", "failed"],
    [new TransactionRejectedError(409, body("transaction_duplicate")), "duplicate", "duplicate"],
    [new TransactionRejectedError(422, body("transaction_expired")), "refused", "refused"],
    [new MempoolFullError(503, body("mempool_full")), "refused", "refused"],
    [new WaitForTransactionTimeoutError(sent.hash, 55_000), "refused", "unconfirmed"],
    [
      new HttpRequestError("http://gateway", new TypeError("fetch failed")),
      "refused",
      "unconfirmed",
    ],
    [new TransactionDroppedError(sent.hash), "refused", "unconfirmed"],
    [new RateLimitedError(429, body("rate_limited")), "refused", "unconfirmed"],
    [new NodeBusyError(503, body("node_busy")), "refused", "unconfirmed"],
    [new ApiError(500, body("internal_error")), "refused", "unconfirmed"],
    [new Error("the gateway shows no remittance"), "refused", "unconfirmed"],
  ];
  for (const [error, before, after] of cases) {
    const name = (error as Error).name;
    assert.equal(outcomeOfError(error, undefined).kind, before, `${name} before signing`);
    assert.equal(outcomeOfError(error, sent).kind, after, `${name} after submission`);
  }
  const unconfirmed = outcomeOfError(new HttpRequestError("http://gateway", "down"), sent);
  assert.deepEqual(unconfirmed.kind === "unconfirmed" ? unconfirmed.submission : undefined, sent);
});
