// Goal: refunds and requests to pay read right from each side — the shop's "Refunded" among its
// sales, the customer's "Refund received", a request paid, declined or cancelled — and a shop's
// sales list keeps payments and refunds and nothing else.
// Method: history entries in the API's shapes, as the gateway sends them.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { HistoryEntry, OperationView } from "@tongbao/api";
import { salesOf } from "../merchant/sales.ts";
import { describeEntry } from "./describe-entry.ts";

const SHOP = "5d9c4a1f0e6b3c2a8f7e6d5c4b3a29181716f5e4";
const PAYER = "a".repeat(40);
const REFERENCE = "c".repeat(64);
const ID = "7".repeat(32);
const money = (amount: string) => ({ amount, currency: "HKD" });

let n = 0;
const entry = (signer: string, op: OperationView, code = 0): HistoryEntry => ({
  type: "transaction",
  hash: (++n).toString(16).padStart(64, "0"),
  height: 7,
  index: 0,
  timestamp: "2026-01-01T00:00:01.000Z",
  signer,
  code,
  codeName: code === 0 ? "ok" : "refund_exceeds_refundable",
  operations: [op],
});

const refundOp = {
  kind: "refund",
  from: SHOP,
  to: PAYER,
  reference: REFERENCE,
  amountMinor: "1000",
  amount: money("10.00"),
} as OperationView;
const refund = entry(SHOP, refundOp);

test("a refund is Refunded to the shop and Refund received to the payer", () => {
  assert.deepEqual(describeEntry(refund, SHOP), {
    direction: "out",
    what: "Refunded",
    counterparty: PAYER,
    amount: money("10.00"),
  });
  assert.deepEqual(describeEntry(refund, PAYER), {
    direction: "in",
    what: "Refund received",
    counterparty: SHOP,
    amount: money("10.00"),
  });
});

test("requests read from both sides: asked, paid, declined, cancelled", () => {
  const asked = entry(SHOP, {
    kind: "request_payment",
    payee: SHOP,
    payer: PAYER,
    requestId: ID,
    amount: money("12.50"),
    timeoutMs: 900_000,
    reference: REFERENCE,
  } as OperationView);
  assert.equal(describeEntry(asked, SHOP).what, "You asked to be paid");
  assert.equal(describeEntry(asked, PAYER).what, "Asked to pay");
  const paid = entry(PAYER, {
    kind: "approve_request",
    payer: PAYER,
    payee: SHOP,
    requestId: ID,
    amount: money("12.50"),
    reference: REFERENCE,
  } as OperationView);
  assert.deepEqual(
    [describeEntry(paid, SHOP).what, describeEntry(paid, SHOP).direction],
    ["Request paid", "in"],
  );
  assert.deepEqual(
    [describeEntry(paid, PAYER).what, describeEntry(paid, PAYER).direction],
    ["Paid a request", "out"],
  );
  const declined = entry(PAYER, {
    kind: "decline_request",
    payee: SHOP,
    requestId: ID,
    by: "payer",
    payer: PAYER,
  } as OperationView);
  assert.equal(describeEntry(declined, SHOP).what, "Request declined");
  assert.equal(describeEntry(declined, SHOP).counterparty, PAYER);
  assert.equal(describeEntry(declined, PAYER).what, "You declined a request");
  const cancelled = entry(SHOP, {
    kind: "decline_request",
    payee: SHOP,
    requestId: ID,
    by: "payee",
    payer: PAYER,
  } as OperationView);
  assert.equal(describeEntry(cancelled, PAYER).what, "Request cancelled");

  const failedRefund = entry(SHOP, refundOp, 216);
  const sale = entry(PAYER, {
    kind: "transfer",
    from: PAYER,
    to: SHOP,
    amount: money("23.40"),
    reference: REFERENCE,
  } as OperationView);
  assert.deepEqual(
    salesOf([refund, failedRefund, asked, paid, declined, sale], SHOP),
    [refund, paid, sale],
    "the sales list: payments in, requests paid, refunds out; no failures, no requests open",
  );
});
