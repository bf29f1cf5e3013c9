// Goal: refunds, requests to pay and remittances read right from each side — the shop's
// "Refunded" among its sales, the customer's "Refund received", a request paid, declined or
// cancelled, money sent abroad and received from abroad with the other currency's side — and a
// shop's sales list keeps payments and refunds and nothing else.
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
const entry = (
  signer: string,
  op: OperationView,
  code = 0,
  codeName = code === 0 ? "ok" : "refund_exceeds_refundable",
): HistoryEntry => ({
  type: "transaction",
  hash: (++n).toString(16).padStart(64, "0"),
  height: 7,
  index: 0,
  timestamp: "2026-01-01T00:00:01.000Z",
  signer,
  code,
  codeName,
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

test("a remittance reads from both sides: sent abroad with what arrived, received with what was sent", () => {
  const RECIPIENT = "b".repeat(40);
  const PROVIDER = "f".repeat(40);
  const settled = {
    sender: PAYER,
    recipient: RECIPIENT,
    provider: PROVIDER,
    sent: money("1000.00"),
    received: { amount: "7180.00", currency: "PHP" },
    fee: money("5.00"),
    residual: money("0.01"),
    residualTo: SHOP,
    rate: { num: "718", den: "100", display: "7.1800" },
    spreadBps: 50,
    source: { kind: "quote" as const, holder: SHOP, id: ID },
    operationIndex: 0,
  };
  const op = {
    kind: "remittance",
    sender: PAYER,
    recipient: RECIPIENT,
    sent: money("1000.00"),
    receiveCurrency: "PHP",
    worstRate: { num: "718", den: "100" },
    source: settled.source,
    settled,
  } as OperationView;
  const sent = entry(PAYER, op);
  assert.deepEqual(describeEntry(sent, PAYER), {
    direction: "out",
    what: "Sent abroad",
    counterparty: RECIPIENT,
    amount: money("1000.00"),
    detail: "they received 7,180.00 PHP · fee 5.00 HKD · rate 7.1800",
  });
  assert.deepEqual(describeEntry(sent, RECIPIENT), {
    direction: "in",
    what: "Received from abroad",
    counterparty: PAYER,
    amount: { amount: "7180.00", currency: "PHP" },
    detail: "from 1,000.00 HKD",
  });

  // Failed: nothing settled, so the sender sees what it tried and why; nothing arrived.
  const { settled: _none, ...unsettled } = op as Extract<OperationView, { kind: "remittance" }>;
  const failed = entry(PAYER, unsettled as OperationView, 230, "quote_expired");
  assert.deepEqual(describeEntry(failed, PAYER), {
    direction: "out",
    what: "Sent abroad",
    counterparty: RECIPIENT,
    amount: money("1000.00"),
    failed: "quote_expired",
  });
  assert.equal(describeEntry(failed, RECIPIENT).what, "remittance", "not shown as money in");
  assert.deepEqual(salesOf([sent], SHOP), [], "a remittance is not a shop's sale");
});
