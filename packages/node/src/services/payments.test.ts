// Goal: LedgerServices shows referenced payments and requests to pay as the ledger holds them: a
// payment's payer, amount, refunds and paying transaction with a proof that verifies; requests
// incoming and outgoing while open and how they closed afterwards; every step in both parties'
// histories; and `reference` events for payments, approvals and refunds.
// Method: the API tests' single-validator TestChain (real ledger, mempool, block store); events
// are collected from the services' own subscribe; proofs are checked with the ledger's verifier.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { HistoryEntry, ReferenceEvent, SubscriptionEvent } from "@tongbao/api";
import {
  decodePaymentLeaf,
  requestReference,
  verifyPaymentProof,
  type Operation,
} from "@tongbao/ledger";
import { hexToBytes } from "@tongbao/std";
import type { AccountId, Amount, ClientId, CurrencyCode, Hash } from "@tongbao/types";
import { TestChain, keys, type TestKey } from "../../../api/test/chain.ts";
import type { LedgerServices } from "./ledger-services.ts";

const HKD = "HKD" as CurrencyCode;
const REF = "9b".repeat(32) as Hash;
const ID = "0c".repeat(16) as ClientId;

/** Signs, submits and commits one transaction per entry, all in one block; returns the hashes. */
async function commit(chain: TestChain, ...txs: Array<[TestKey, Operation[]]>): Promise<string[]> {
  const signed = txs.map(([key, ops]) => chain.sign(key, ops));
  const results = await chain.services.submitTransactions(
    signed.map((t) => new Uint8Array([...t.body, ...t.signature])),
  );
  assert.deepEqual(
    results.map((r) => r.status),
    signed.map(() => "accepted"),
  );
  chain.produceBlock();
  return signed.map((t) => t.hash);
}

function events(services: LedgerServices, reference: string): SubscriptionEvent[] {
  const seen: SubscriptionEvent[] = [];
  const result = services.subscribe(
    { kind: "reference", id: reference },
    { event: (e) => void seen.push(e), dropped: () => {} },
  );
  assert.ok(result.ok);
  return seen;
}

/** Delivery to subscribers happens on a later turn of the event loop. */
const delivered = () => new Promise((resolve) => setImmediate(resolve));

/** The operation kinds (or entry types) of an account's history, newest first. */
async function kinds(services: LedgerServices, account: AccountId): Promise<string[]> {
  const page = await services.accountHistory(account, { limit: 50 });
  return page!.entries.map((e: HistoryEntry) =>
    e.type === "transaction" ? `${e.operations[0]!.kind}:${e.codeName}` : e.type,
  );
}

const pay = (amount: bigint): Operation => ({
  kind: "transfer",
  to: keys.merchant.account,
  currency: HKD,
  amount: amount as Amount,
  reference: REF,
});
const refund = (amount: bigint): Operation => ({
  kind: "refund",
  reference: REF,
  amount: amount as Amount,
});

test("a referenced payment: paid, refunded in parts, proven, and followed by its reference", async () => {
  const chain = new TestChain();
  const { services } = chain;
  assert.deepEqual(await services.payment(keys.merchant.account, REF), {
    paid: false,
    payee: keys.merchant.account,
    reference: REF,
    height: 0,
  });
  assert.equal(await services.payment("ab".repeat(20), REF), undefined);
  const seen = events(services, REF);

  const [paid] = await commit(chain, [keys.alice, [pay(25_00n)]]);
  await commit(chain, [keys.merchant, [refund(10_00n)]]);
  const [again] = await commit(chain, [keys.bob, [pay(1_00n)]]);

  const view = await services.payment(keys.merchant.account, REF);
  assert.ok(view?.paid === true);
  const { proof, paidAt, retainedUntil, ...facts } = view;
  assert.deepEqual(facts, {
    paid: true,
    payee: keys.merchant.account,
    reference: REF,
    payer: keys.alice.account,
    amount: { amount: "25.00", currency: "HKD" },
    refunded: { amount: "10.00", currency: "HKD" },
    refundable: { amount: "15.00", currency: "HKD" },
    height: 1,
    index: 0,
    operationIndex: 0,
    transaction: paid,
  });
  assert.equal(Date.parse(retainedUntil) - Date.parse(paidAt), 30 * 24 * 3_600_000);
  const bytes = {
    leaf: hexToBytes(proof.leaf),
    proof: { ...proof.path, siblings: proof.path.siblings.map(hexToBytes) },
    accountsRoot: hexToBytes(proof.accountsRoot),
    pendingsRoot: hexToBytes(proof.pendingsRoot),
    registryHash: hexToBytes(proof.registryHash),
    requestsRoot: hexToBytes(proof.requestsRoot),
    remittanceRoot: hexToBytes(proof.remittanceRoot),
  };
  assert.ok(verifyPaymentProof(hexToBytes(proof.stateRoot), bytes));
  assert.equal(decodePaymentLeaf(bytes.leaf).refunded, 10_00n);
  assert.equal((await services.status()).stateRoot, proof.stateRoot);

  // The second payment of the reference failed, so it made no event.
  assert.equal((await services.transaction(again!)).status, "committed");
  await delivered();
  const references = seen as ReferenceEvent[];
  assert.deepEqual(
    references.map((e) => [e.kind, e.from, e.to, e.amount.amount, e.refundable?.amount]),
    [
      ["payment", keys.alice.account, keys.merchant.account, "25.00", "25.00"],
      ["refund", keys.merchant.account, keys.alice.account, "10.00", "15.00"],
    ],
  );
  assert.deepEqual(await kinds(services, keys.alice.account), ["refund:ok", "transfer:ok"]);
  assert.deepEqual(await kinds(services, keys.merchant.account), ["refund:ok", "transfer:ok"]);
  const merchant = await services.accountHistory(keys.merchant.account, { limit: 1 });
  const entry = merchant!.entries[0]!;
  assert.ok(entry.type === "transaction");
  assert.deepEqual(entry.operations[0], {
    kind: "refund",
    from: keys.merchant.account,
    reference: REF,
    amountMinor: "1000",
    to: keys.alice.account,
    amount: { amount: "10.00", currency: "HKD" },
  });
});

const ask = (id: ClientId, amount: bigint, timeoutMs = 60_000): Operation => ({
  kind: "request_payment",
  id,
  payer: keys.alice.account,
  currency: HKD,
  amount: amount as Amount,
  timeoutMs,
});

test("a request: listed while open, approved as a payment, and remembered as approved", async () => {
  const chain = new TestChain();
  const { services } = chain;
  const reference = requestReference(keys.merchant.account, ID);
  const seen = events(services, reference);
  await commit(chain, [keys.merchant, [ask(ID, 12_00n)]]);

  const alice = await services.accountRequests(keys.alice.account);
  assert.deepEqual(alice?.outgoing, []);
  assert.equal(alice?.incoming.length, 1);
  const open = alice!.incoming[0]!;
  assert.deepEqual(
    [open.status, open.payee, open.requestId, open.amount.amount, open.reference],
    ["open", keys.merchant.account, ID, "12.00", reference],
  );
  assert.deepEqual((await services.accountRequests(keys.merchant.account))?.outgoing, [open]);
  assert.deepEqual(await services.request(keys.merchant.account, ID), open);
  assert.deepEqual(await services.request(keys.merchant.account, "0d".repeat(16)), {
    status: "unknown",
  });

  const [approval] = await commit(chain, [
    keys.alice,
    [
      {
        kind: "approve_request",
        payee: keys.merchant.account,
        id: ID,
        currency: HKD,
        amount: 12_00n as Amount,
      },
    ],
  ]);
  const closed = await services.request(keys.merchant.account, ID);
  assert.ok(closed !== undefined && closed.status === "approved");
  assert.deepEqual([closed.transaction, closed.closedHeight], [approval, 2]);
  assert.deepEqual((await services.accountRequests(keys.alice.account))?.incoming, []);
  const payment = await services.payment(keys.merchant.account, reference);
  assert.ok(payment?.paid === true && payment.transaction === approval);

  await delivered();
  const [event] = seen as ReferenceEvent[];
  assert.deepEqual(
    [event?.kind, event?.requestId, event?.from, event?.amount.amount],
    ["payment", ID, keys.alice.account, "12.00"],
  );
  const history = await services.accountHistory(keys.merchant.account, { limit: 1 });
  const approved = history!.entries[0]!;
  assert.ok(approved.type === "transaction");
  assert.deepEqual(approved.operations[0], {
    kind: "approve_request",
    payer: keys.alice.account,
    payee: keys.merchant.account,
    requestId: ID,
    amount: { amount: "12.00", currency: "HKD" },
    reference,
  });
});

test("declined, cancelled and expired requests show in both histories and in their status", async () => {
  const chain = new TestChain();
  const { services } = chain;
  const [a, b, c] = ["01", "02", "03"].map((x) => x.repeat(16) as ClientId);
  await commit(chain, [keys.merchant, [ask(a!, 1_00n), ask(b!, 2_00n), ask(c!, 3_00n, 1_500)]]);
  await commit(
    chain,
    [keys.alice, [{ kind: "decline_request", payee: keys.merchant.account, id: a! }]],
    [keys.merchant, [{ kind: "decline_request", payee: keys.merchant.account, id: b! }]],
  );
  // Request c's deadline (1.5 s) passes in the next block.
  chain.produceBlock();

  const status = async (id: ClientId) => {
    const found = await services.request(keys.merchant.account, id);
    return found?.status;
  };
  assert.deepEqual(
    [await status(a!), await status(b!), await status(c!)],
    ["declined", "cancelled", "expired"],
  );
  const expected = [
    "request_expired",
    "decline_request:ok",
    "decline_request:ok",
    "request_payment:ok",
  ];
  assert.deepEqual(await kinds(services, keys.alice.account), expected);
  assert.deepEqual(await kinds(services, keys.merchant.account), expected);
  const history = await services.accountHistory(keys.alice.account, { limit: 3 });
  const [expired, cancelled] = history!.entries;
  assert.deepEqual(expired, {
    type: "request_expired",
    height: 3,
    timestamp: expired!.timestamp,
    payee: keys.merchant.account,
    payer: keys.alice.account,
    requestId: c,
    amount: { amount: "3.00", currency: "HKD" },
    reference: requestReference(keys.merchant.account, c!),
  });
  assert.ok(cancelled?.type === "transaction");
  assert.deepEqual(cancelled.operations[0], {
    kind: "decline_request",
    payee: keys.merchant.account,
    requestId: b,
    by: "payee",
    payer: keys.alice.account,
  });
});
