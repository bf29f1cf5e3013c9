// Goal: the SDK runs a QR payment's life and a request to pay end to end, and its errors name
// what went wrong: a reference paid twice, a refund of too much or of nothing, a request approved
// on other terms or no longer open, a request the gateway does not know.
// Method: a real server on 127.0.0.1 over the API tests' single-validator chain, producing a
// block whenever the mempool holds something; errors caught before sending leave the pool empty.
import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { createApiServer } from "@tongbao/api/server";
import { TestChain, keys } from "../../api/test/chain.ts";
import { signingKey } from "../../mempool/test/helpers.ts";
import { createClient } from "./client.ts";
import { keySigner } from "./signers/key-signer.ts";
import {
  InvalidParameterError,
  PaymentNotFoundError,
  ReferenceAlreadyPaidError,
  RefundExceedsRefundableError,
  RequestNotFoundError,
  RequestNotOpenError,
  RequestTermsMismatchError,
} from "./errors.ts";

async function setup(t: TestContext) {
  const chain = new TestChain();
  const server = await createApiServer({ services: chain.services });
  const url = await server.listen({ host: "127.0.0.1", port: 0 });
  const producer = setInterval(() => {
    if (chain.mempool.size > 0) chain.produceBlock();
  }, 20);
  t.after(async () => {
    clearInterval(producer);
    await server.close();
  });
  const client = createClient({ url, chainId: chain.services.chainId, nowMs: () => chain.nowMs });
  return { chain, client };
}

const alice = keySigner(signingKey(keys.alice));
const bob = keySigner(signingKey(keys.bob));
const merchant = keySigner(signingKey(keys.merchant));
const REF = "c4".repeat(32);

test("a QR payment: paid once, refunded in parts, each mistake a typed error", async (t) => {
  const { client, chain } = await setup(t);
  const qr = { to: keys.merchant.account, currency: "HKD", reference: REF };
  assert.equal(
    (await client.getPayment({ payee: keys.merchant.account, reference: REF })).paid,
    false,
  );
  const paid = await client.pay({ signer: alice, amount: "20.00", ...qr });
  const payment = await client.getPayment({ payee: keys.merchant.account, reference: REF });
  assert.ok(
    payment.paid && payment.transaction === paid.hash && payment.payer === keys.alice.account,
  );

  // The same code scanned again (another wallet, or a retry with a new id) is not paid twice.
  await assert.rejects(client.pay({ signer: bob, amount: "1.00", ...qr }), (error: unknown) => {
    assert.ok(error instanceof ReferenceAlreadyPaidError);
    assert.equal(error.reference, REF);
    assert.ok(error.height > 0);
    return true;
  });

  await client.refund({ signer: merchant, reference: REF, amount: "5.00" });
  await assert.rejects(
    client.refund({ signer: merchant, reference: REF, amount: "15.01" }),
    (error: unknown) => {
      assert.ok(error instanceof RefundExceedsRefundableError);
      assert.equal(error.shortMessage, "a refund of 15.01 HKD exceeds the refundable 15.00 HKD");
      return true;
    },
  );
  assert.equal(chain.mempool.size, 0, "caught before anything was sent");
  await assert.rejects(client.refund({ signer: alice, reference: REF }), PaymentNotFoundError);
  // Without an amount, everything still refundable goes back.
  const rest = await client.buildRefund({ from: merchant, reference: REF });
  assert.deepEqual(rest.amount, { amount: "15.00", currency: "HKD" });
  await client.refund({ signer: merchant, reference: REF });
  const after = await client.getPayment({ payee: keys.merchant.account, reference: REF });
  assert.ok(after.paid);
  assert.deepEqual([after.refunded.amount, after.refundable.amount], ["20.00", "0.00"]);
  const balances = await client.getAccount({ id: keys.merchant.account });
  assert.deepEqual(balances.balances, [{ amount: "0.00", currency: "HKD" }]);
});

test("a request to pay: asked, listed, approved on its terms; declined; unknown ones are errors", async (t) => {
  const { client } = await setup(t);
  const asked = await client.requestPayment({
    signer: merchant,
    payer: keys.alice.account,
    amount: "12.50",
    currency: "HKD",
  });
  const { incoming } = await client.getAccountRequests({ account: keys.alice.account });
  assert.deepEqual(
    incoming.map((r) => [r.requestId, r.amount, r.status, r.reference]),
    [[asked.requestId, { amount: "12.50", currency: "HKD" }, "open", asked.reference]],
  );
  const request = { signer: alice, payee: keys.merchant.account, requestId: asked.requestId };
  await assert.rejects(
    client.approveRequest({ ...request, amount: "12.51", currency: "HKD" }),
    RequestTermsMismatchError,
  );
  const approved = await client.approveRequest({ ...request, ...incoming[0]!.amount });
  const status = await client.getRequest({
    payee: keys.merchant.account,
    requestId: asked.requestId,
  });
  assert.deepEqual([status.status, status.transaction], ["approved", approved.hash]);
  const payment = await client.getPayment({
    payee: keys.merchant.account,
    reference: asked.reference,
  });
  assert.ok(payment.paid && payment.amount.amount === "12.50");
  await assert.rejects(
    client.approveRequest({ ...request, amount: "12.50", currency: "HKD" }),
    (error: unknown) =>
      error instanceof RequestNotOpenError && error.codeName === "request_not_found",
  );

  const second = await client.requestPayment({
    signer: merchant,
    payer: keys.alice.account,
    amount: "1.00",
    currency: "HKD",
    requestTimeoutMs: 60_000,
  });
  await client.declineRequest({
    signer: alice,
    payee: keys.merchant.account,
    requestId: second.requestId,
  });
  assert.equal(
    (await client.getRequest({ payee: keys.merchant.account, requestId: second.requestId })).status,
    "declined",
  );
  await assert.rejects(
    client.getRequest({ payee: keys.merchant.account, requestId: "ab".repeat(16) }),
    RequestNotFoundError,
  );
  await assert.rejects(
    client.buildRequestPayment({
      from: merchant,
      payer: keys.merchant.account,
      amount: "1",
      currency: "HKD",
    }),
    InvalidParameterError,
  );
  await assert.rejects(
    client.buildRequestPayment({
      from: merchant,
      payer: keys.alice.account,
      amount: "1",
      currency: "HKD",
      requestTimeoutMs: 8 * 24 * 3_600_000,
    }),
    /7 days/,
  );
});
