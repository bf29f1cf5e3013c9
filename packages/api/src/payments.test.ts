// Goal: the payment and request routes answer what their definitions declare: whether a
// reference is paid to a payee (with refunds and a proof), the open requests an account faces and
// made, and one request's status through its life, all in the schemas' shapes.
// Method: a single-validator TestChain behind the real server; transactions go in through
// POST /v1/transactions and blocks are produced by the harness; every answer passes `call`'s
// contract check (schema, declared error codes).
import { test } from "node:test";
import assert from "node:assert/strict";
import { hexToBytes } from "@tongbao/std";
import { requestReference, verifyPaymentProof, type Operation } from "@tongbao/ledger";
import type { Amount, ClientId, CurrencyCode, Hash } from "@tongbao/types";
import type { AccountRequestsView, PaymentView, RequestView } from "./payment-schemas.ts";
import { createApiServer, type ApiServer } from "./server/index.ts";
import { TestChain, hexOf, keys, type TestKey } from "../test/chain.ts";
import { call, postJson } from "../test/contract.ts";

const HKD = "HKD" as CurrencyCode;
const REF = "e1".repeat(32) as Hash;
const ID = "71".repeat(16) as ClientId;

async function commit(chain: TestChain, app: ApiServer, key: TestKey, ops: Operation[]) {
  const signed = chain.sign(key, ops);
  assert.equal(
    (await postJson(app, "/v1/transactions", { transaction: hexOf(signed) })).status,
    202,
  );
  chain.produceBlock();
  return signed.hash;
}

test("GET a payment: unpaid, then paid with its refunds and a proof against the state root", async () => {
  const chain = new TestChain();
  const app = await createApiServer({ services: chain.services });
  const url = `/v1/accounts/${keys.merchant.account}/payments/${REF}`;
  assert.deepEqual((await call<PaymentView>(app, { url })).body, {
    paid: false,
    payee: keys.merchant.account,
    reference: REF,
    height: 0,
  });
  const hash = await commit(chain, app, keys.alice, [
    {
      kind: "transfer",
      to: keys.merchant.account,
      currency: HKD,
      amount: 8_00n as Amount,
      reference: REF,
    },
  ]);
  await commit(chain, app, keys.merchant, [
    { kind: "refund", reference: REF, amount: 3_00n as Amount },
  ]);
  const view = (await call<PaymentView>(app, { url })).body;
  assert.ok(view.paid);
  assert.deepEqual(
    [
      view.payer,
      view.amount.amount,
      view.refunded.amount,
      view.refundable.amount,
      view.transaction,
    ],
    [keys.alice.account, "8.00", "3.00", "5.00", hash],
  );
  const { proof } = view;
  assert.ok(
    verifyPaymentProof(hexToBytes(proof.stateRoot), {
      leaf: hexToBytes(proof.leaf),
      proof: { ...proof.path, siblings: proof.path.siblings.map(hexToBytes) },
      accountsRoot: hexToBytes(proof.accountsRoot),
      pendingsRoot: hexToBytes(proof.pendingsRoot),
      registryHash: hexToBytes(proof.registryHash),
      requestsRoot: hexToBytes(proof.requestsRoot),
      remittanceRoot: hexToBytes(proof.remittanceRoot),
    }),
  );
  // Another payee's view of the same reference: not paid to it.
  const other = await call<PaymentView>(app, {
    url: `/v1/accounts/${keys.bob.account}/payments/${REF}`,
  });
  assert.equal(other.body.paid, false);
  await app.close();
});

test("GET an account's requests and one request's status through its life", async () => {
  const chain = new TestChain();
  const app = await createApiServer({ services: chain.services });
  await commit(chain, app, keys.merchant, [
    {
      kind: "request_payment",
      id: ID,
      payer: keys.alice.account,
      currency: HKD,
      amount: 4_50n as Amount,
      timeoutMs: 600_000,
    },
  ]);
  const alice = (
    await call<AccountRequestsView>(app, { url: `/v1/accounts/${keys.alice.account}/requests` })
  ).body;
  assert.equal(alice.outgoing.length, 0);
  assert.deepEqual(
    alice.incoming.map((r) => [r.payee, r.requestId, r.amount.amount, r.status]),
    [[keys.merchant.account, ID, "4.50", "open"]],
  );
  const merchant = (
    await call<AccountRequestsView>(app, { url: `/v1/accounts/${keys.merchant.account}/requests` })
  ).body;
  assert.deepEqual(merchant.outgoing, alice.incoming);
  const one = `/v1/accounts/${keys.merchant.account}/requests/${ID}`;
  assert.equal((await call<RequestView>(app, { url: one })).body.status, "open");

  const hash = await commit(chain, app, keys.alice, [
    {
      kind: "approve_request",
      payee: keys.merchant.account,
      id: ID,
      currency: HKD,
      amount: 4_50n as Amount,
    },
  ]);
  const approved = (await call<RequestView>(app, { url: one })).body;
  assert.deepEqual(
    [approved.status, approved.transaction, approved.reference],
    ["approved", hash, requestReference(keys.merchant.account, ID)],
  );
  const paid = (
    await call<PaymentView>(app, {
      url: `/v1/accounts/${keys.merchant.account}/payments/${approved.reference}`,
    })
  ).body;
  assert.ok(paid.paid && paid.transaction === hash);
  const after = (
    await call<AccountRequestsView>(app, { url: `/v1/accounts/${keys.alice.account}/requests` })
  ).body;
  assert.deepEqual(after.incoming, []);
  const unknown = await call(app, {
    url: `/v1/accounts/${keys.merchant.account}/requests/${"72".repeat(16)}`,
  });
  assert.equal(unknown.status, 404);
  assert.equal(unknown.body.error.code, "request_not_found");
  await app.close();
});
