// Goal: a sale is paid only by a committed, successful transfer to this shop carrying its code's
// ledger reference — from the reference topic or from the shop's history — and a payment of
// another amount is told apart from the sale's.
// Method: events and history entries in the API's shapes, as the gateway sends them.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { HistoryEntry, SubscriptionEvent } from "@tongbao/api";
import { paymentBy, paymentFromEntries, paymentFromEvent, paysSale } from "./sale-payment.ts";

const SHOP = "5d9c4a1f0e6b3c2a8f7e6d5c4b3a29181716f5e4";
const PAYER = "a".repeat(40);
const REFERENCE = "c".repeat(64);
const HASH = "d".repeat(64);
const money = (amount: string) => ({ amount, currency: "HKD" });

const event = (fields: Partial<Extract<SubscriptionEvent, { type: "reference" }>> = {}) =>
  ({
    type: "reference",
    reference: REFERENCE,
    status: "committed",
    hash: HASH,
    height: 7,
    index: 0,
    timestamp: "2026-01-01T00:00:01.000Z",
    code: 0,
    codeName: "ok",
    from: PAYER,
    to: SHOP,
    amount: money("12.50"),
    ...fields,
  }) as SubscriptionEvent;

const entry = (code: number, reference: string | undefined, to = SHOP): HistoryEntry => ({
  type: "transaction",
  hash: HASH,
  height: 7,
  index: 0,
  timestamp: "2026-01-01T00:00:01.000Z",
  signer: PAYER,
  code,
  codeName: code === 0 ? "ok" : "insufficient_funds",
  operations: [
    {
      kind: "transfer",
      from: PAYER,
      to,
      amount: money("12.50"),
      ...(reference === undefined ? {} : { reference }),
    },
  ],
});

test("the reference topic's successful payment to this shop pays the sale", () => {
  const paid = paymentFromEvent(event(), REFERENCE, SHOP);
  assert.deepEqual(paid, {
    hash: HASH,
    height: 7,
    timestamp: "2026-01-01T00:00:01.000Z",
    from: PAYER,
    amount: money("12.50"),
    via: "live",
  });
  assert.equal(paysSale(paid!, money("12.50")), true);
  assert.equal(paysSale(paid!, money("12.51")), false);
  assert.equal(
    paymentFromEvent(event({ code: 201, codeName: "insufficient_funds" }), REFERENCE, SHOP),
    undefined,
  );
  assert.equal(paymentFromEvent(event({ to: PAYER }), REFERENCE, SHOP), undefined);
  assert.equal(paymentFromEvent(event({ reference: "e".repeat(64) }), REFERENCE, SHOP), undefined);
  const refund = { ...event(), kind: "refund" } as unknown as SubscriptionEvent;
  assert.equal(paymentFromEvent(refund, REFERENCE, SHOP), undefined, "a refund is not a payment");
});

test("the shop's history finds the payment when the event was missed", () => {
  assert.equal(paymentFromEntries([entry(0, REFERENCE)], REFERENCE, SHOP)?.via, "history");
  assert.equal(paymentFromEntries([entry(201, REFERENCE)], REFERENCE, SHOP), undefined);
  assert.equal(paymentFromEntries([entry(0, undefined)], REFERENCE, SHOP), undefined);
  assert.equal(paymentFromEntries([entry(0, REFERENCE, PAYER)], REFERENCE, SHOP), undefined);
});

test("a payer's own history tells it the code is already paid", () => {
  assert.equal(paymentBy([entry(0, REFERENCE)], REFERENCE, PAYER)?.hash, HASH);
  assert.equal(paymentBy([entry(201, REFERENCE)], REFERENCE, PAYER), undefined);
  assert.equal(paymentBy([entry(0, REFERENCE)], REFERENCE, SHOP), undefined);
});
