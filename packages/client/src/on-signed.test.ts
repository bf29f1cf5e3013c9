// Goal: a caller learns a transaction's hash and deadline before it is submitted, so that when
// the answer is lost afterwards — here the connection fails while waiting for the block — the
// payment can still be found instead of being sent a second time.
// Method: a real server on 127.0.0.1 over the API tests' single-validator chain; the client's
// fetch fails every transaction lookup, as a dropped connection would, while submission goes
// through. Blocks are produced by hand.
import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { createApiServer } from "@tongbao/api/server";
import { TestChain, keys } from "../../api/test/chain.ts";
import { signingKey } from "../../mempool/test/helpers.ts";
import { HttpRequestError, createClient, keySigner, type SignedTransactionInfo } from "./index.ts";

async function setup(t: TestContext) {
  const chain = new TestChain();
  const server = await createApiServer({ services: chain.services });
  const url = await server.listen({ host: "127.0.0.1", port: 0 });
  t.after(() => server.close());
  const nowMs = () => chain.nowMs;
  const client = createClient({ url, chainId: chain.services.chainId, nowMs });
  // Lookups of one transaction fail as if the network went away after the submission.
  const cut = createClient({
    url,
    chainId: chain.services.chainId,
    nowMs,
    fetch: (input, init) =>
      String(input).includes("/v1/transactions/")
        ? Promise.reject(new TypeError("fetch failed"))
        : fetch(input, init),
  });
  return { chain, client, cut };
}

test("pay tells onSigned the hash before submitting; after a lost wait it is found committed", async (t) => {
  const { chain, client, cut } = await setup(t);
  const told: SignedTransactionInfo[] = [];
  const attempt = cut.pay({
    signer: keySigner(signingKey(keys.alice)),
    to: keys.bob.account,
    amount: "3.00",
    currency: "HKD",
    validForMs: 60_000,
    onSigned: (signed) => told.push(signed),
  });
  await assert.rejects(attempt, HttpRequestError);
  assert.equal(told.length, 1, "told once, before the submission");
  const [signed] = told;
  assert.match(signed!.hash, /^[0-9a-f]{64}$/);
  assert.match(signed!.id, /^[0-9a-f]{32}$/);
  assert.equal(signed!.validUntilMs, chain.nowMs + 60_000);
  // The payment reached the mempool: the hash finds it once its block is made.
  assert.equal((await client.getTransaction({ hash: signed!.hash })).status, "pending");
  chain.produceBlock();
  const committed = await client.getTransaction({ hash: signed!.hash });
  assert.equal(committed.status === "committed" ? committed.codeName : undefined, "ok");
});

test("nothing is told when the payment fails before signing", async (t) => {
  const { client } = await setup(t);
  const told: SignedTransactionInfo[] = [];
  await assert.rejects(
    client.pay({
      signer: keySigner(signingKey(keys.alice)),
      to: keys.bob.account,
      amount: "3.001",
      currency: "HKD",
      onSigned: (signed) => told.push(signed),
    }),
  );
  assert.deepEqual(told, []);
});
