// Goal: every route of the API answers its happy path with what its definition declares, against
// real LedgerServices over a real ledger, mempool and block store; resubmission is idempotent.
// Method: a single-validator TestChain produces blocks by calling LedgerApplication directly; each
// request goes through fastify's inject and `call`, which checks every answer against the route's
// schemas and declared error codes; proofs are verified with the ledger's own verifiers.
import { test } from "node:test";
import assert from "node:assert/strict";
import { hexToBytes } from "@tongbao/std";
import {
  decodeAccountLeaf,
  verifyAccountProof,
  verifyReceiptProof,
  type ResultCode,
} from "@tongbao/ledger";
import { appHashOf } from "@tongbao/node";
import type { Hash } from "@tongbao/types";
import { encodeBatch } from "./batch.ts";
import type {
  AccountHistoryView,
  AccountView,
  BlockView,
  StatusView,
  SubmitResults,
  TransactionView,
} from "./schemas.ts";
import { createApiServer } from "./server/index.ts";
import { TestChain, hexOf, keys } from "../test/chain.ts";
import { call, postJson } from "../test/contract.ts";
import { encodeSignedTransaction } from "@tongbao/ledger";

async function setup() {
  const chain = new TestChain();
  const app = await createApiServer({ services: chain.services });
  return { chain, app };
}

test("operational routes: health, readiness, metrics, status, currencies", async () => {
  const { chain, app } = await setup();
  assert.deepEqual((await call(app, { url: "/healthz" })).body, { status: "ok" });
  assert.deepEqual((await call(app, { url: "/readyz" })).body, { status: "ready" });
  const status = (await call<StatusView>(app, { url: "/v1/status" })).body;
  assert.equal(status.chainId, chain.services.chainId);
  assert.equal(status.height, 0);
  assert.equal(status.validators.length, 1);
  assert.equal(status.validators[0]!.connected, true);
  const currencies = (await call(app, { url: "/v1/currencies" })).body;
  assert.deepEqual(
    currencies.currencies.map((c: { code: string; minorUnits: number }) => [c.code, c.minorUnits]),
    [
      ["HKD", 2],
      ["PHP", 2],
    ],
  );
  chain.produceBlock();
  const metrics = await call<string>(app, { url: "/metrics" });
  assert.match(String(metrics.headers["content-type"]), /^text\/plain/);
  assert.match(metrics.body, /^tongbao_height 1$/m);
  assert.match(metrics.body, /tongbao_commit_latency_seconds_count 1/);
  await app.close();
});

test("a payment's life: submit, pending, committed with a proof, in balances, history and blocks", async () => {
  const { chain, app } = await setup();
  const payment = chain.payment(keys.alice, keys.bob, 12_50n);
  const submitted = await postJson(app, "/v1/transactions", { transaction: hexOf(payment) });
  assert.equal(submitted.status, 202);
  assert.deepEqual(
    { ...(submitted.body as object), message: "" },
    {
      status: "accepted",
      hash: payment.hash,
      message: "",
    },
  );
  const again = await postJson(app, "/v1/transactions", { transaction: hexOf(payment) });
  assert.equal(again.status, 200);
  assert.equal((again.body as { status: string }).status, "known");

  const pending = await call<TransactionView>(app, { url: `/v1/transactions/${payment.hash}` });
  assert.deepEqual(pending.body, { hash: payment.hash, status: "pending" });

  chain.produceBlock();
  const committed = (await call<TransactionView>(app, { url: `/v1/transactions/${payment.hash}` }))
    .body;
  assert.equal(committed.status, "committed");
  if (committed.status !== "committed") return;
  assert.equal(committed.height, 1);
  assert.equal(committed.code, 0);
  assert.equal(committed.codeName, "ok");
  // The receipt is proven under the receipts root, which with the state root gives the app hash.
  const proof = committed.proof!;
  const receipt = { hash: payment.hash, code: 0 as ResultCode, operationIndex: 255 };
  const proofBytes = {
    index: proof.index,
    chunk: proof.chunk.map((r) => ({ ...r, hash: r.hash as Hash, code: r.code as ResultCode })),
    path: { ...proof.path, siblings: proof.path.siblings.map(hexToBytes) },
  };
  assert.ok(verifyReceiptProof(hexToBytes(proof.receiptsRoot), receipt, proofBytes));
  assert.ok(
    !verifyReceiptProof(
      hexToBytes(proof.receiptsRoot),
      { ...receipt, code: 201 as ResultCode },
      proofBytes,
    ),
  );
  assert.equal(
    Buffer.from(
      appHashOf(hexToBytes(committed.stateRoot!), hexToBytes(proof.receiptsRoot)),
    ).toString("hex"),
    committed.appHash,
  );

  // Replaying a committed transaction answers its first and only result.
  const replay = await postJson(app, "/v1/transactions", { transaction: hexOf(payment) });
  assert.equal(replay.status, 200);
  assert.deepEqual(
    { ...(replay.body as object), message: "" },
    {
      status: "committed",
      hash: payment.hash,
      height: 1,
      index: 0,
      code: 0,
      codeName: "ok",
      message: "",
    },
  );

  const bob = (await call<AccountView>(app, { url: `/v1/accounts/${keys.bob.account}` })).body;
  assert.deepEqual(bob.balances, [{ amount: "62.50", currency: "HKD" }]);
  assert.equal(bob.institution, "hk-bank");
  assert.equal(bob.frozen, false);
  const status = (await call<StatusView>(app, { url: "/v1/status" })).body;
  assert.equal(bob.proof.stateRoot, status.stateRoot);
  const accountProof = {
    leaf: hexToBytes(bob.proof.leaf),
    proof: { ...bob.proof.path, siblings: bob.proof.path.siblings.map(hexToBytes) },
    pendingsRoot: hexToBytes(bob.proof.pendingsRoot),
    registryHash: hexToBytes(bob.proof.registryHash),
    paymentsRoot: hexToBytes(bob.proof.paymentsRoot),
    requestsRoot: hexToBytes(bob.proof.requestsRoot),
    remittanceRoot: hexToBytes(bob.proof.remittanceRoot),
  };
  assert.ok(verifyAccountProof(hexToBytes(status.stateRoot), accountProof));
  assert.deepEqual(decodeAccountLeaf(accountProof.leaf).balances, [
    { currency: "HKD", amount: 62_50n },
  ]);

  const history = (
    await call<AccountHistoryView>(app, { url: `/v1/accounts/${keys.bob.account}/history` })
  ).body;
  assert.equal(history.entries.length, 1);
  const entry = history.entries[0]!;
  assert.equal(entry.type, "transaction");
  if (entry.type === "transaction") {
    assert.equal(entry.hash, payment.hash);
    assert.deepEqual(entry.operations, [
      {
        kind: "transfer",
        from: keys.alice.account,
        to: keys.bob.account,
        amount: { amount: "12.50", currency: "HKD" },
      },
    ]);
  }

  const block = (await call<BlockView>(app, { url: "/v1/blocks/1" })).body;
  assert.deepEqual(block.transactions, [{ hash: payment.hash, code: 0, codeName: "ok" }]);
  assert.equal(block.result.appHash, committed.appHash);
  const latest = (await call<BlockView>(app, { url: "/v1/blocks/latest" })).body;
  assert.deepEqual(latest, block);
  assert.equal(status.blockId, block.blockId);
  await app.close();
});

test("several transactions in JSON and in a binary batch, answered one by one, in order", async () => {
  const { chain, app } = await setup();
  const a = chain.payment(keys.alice, keys.bob, 1n);
  const b = chain.payment(keys.alice, keys.merchant, 2n);
  const multi = await postJson(app, "/v1/transactions", {
    transactions: [hexOf(a), hexOf(b), hexOf(a)],
  });
  assert.equal(multi.status, 200);
  assert.deepEqual(
    (multi.body as SubmitResults).results.map((r) => r.status),
    ["accepted", "accepted", "known"],
  );
  const c = chain.payment(keys.bob, keys.alice, 3n);
  const overspend = chain.payment(keys.bob, keys.alice, 1_000_000n);
  const batch = await call<SubmitResults>(app, {
    method: "POST",
    url: "/v1/transactions/batch",
    payload: Buffer.from(
      encodeBatch([
        encodeSignedTransaction(c),
        encodeSignedTransaction(overspend),
        encodeSignedTransaction(a),
      ]),
    ),
    headers: { "content-type": "application/octet-stream" },
  });
  assert.deepEqual(
    batch.body.results.map((r) => r.status),
    ["accepted", "accepted", "known"],
  );
  chain.produceBlock();
  const block = (await call<BlockView>(app, { url: "/v1/blocks/1" })).body;
  const codes = new Map(block.transactions.map((t) => [t.hash, t.codeName]));
  assert.equal(codes.size, 4);
  assert.equal(codes.get(a.hash), "ok");
  assert.equal(codes.get(overspend.hash), "insufficient_funds");
  const failed = (await call<TransactionView>(app, { url: `/v1/transactions/${overspend.hash}` }))
    .body;
  assert.ok(
    failed.status === "committed" &&
      failed.codeName === "insufficient_funds" &&
      failed.operationIndex === 0,
  );
  await app.close();
});

test("account history pages newest first with a cursor, and includes failures for the signer", async () => {
  const { chain, app } = await setup();
  const hashes: string[] = [];
  for (let i = 0; i < 5; i++) {
    const payment = chain.payment(keys.alice, keys.carol, 1n + BigInt(i));
    hashes.push(payment.hash);
    await postJson(app, "/v1/transactions", { transaction: hexOf(payment) });
    chain.produceBlock();
  }
  // carol is at another institution and holds no HKD yet: the payments still credit her.
  const url = `/v1/accounts/${keys.alice.account}/history?limit=2`;
  const first = (await call<AccountHistoryView>(app, { url })).body;
  assert.deepEqual(
    first.entries.map((e) => (e.type === "transaction" ? e.hash : "")),
    [hashes[4], hashes[3]],
  );
  assert.ok(first.nextCursor !== undefined);
  const second = (await call<AccountHistoryView>(app, { url: `${url}&cursor=${first.nextCursor}` }))
    .body;
  assert.deepEqual(
    second.entries.map((e) => (e.type === "transaction" ? e.hash : "")),
    [hashes[2], hashes[1]],
  );
  const third = (await call<AccountHistoryView>(app, { url: `${url}&cursor=${second.nextCursor}` }))
    .body;
  assert.deepEqual(
    third.entries.map((e) => (e.type === "transaction" ? e.hash : "")),
    [hashes[0]],
  );
  assert.equal(third.nextCursor, undefined);
  const carol = (
    await call<AccountHistoryView>(app, { url: `/v1/accounts/${keys.carol.account}/history` })
  ).body;
  assert.equal(carol.entries.length, 5);
  // A failed payment is the payer's history only: nothing reached the payee.
  const overspend = chain.payment(keys.alice, keys.carol, 1_000_000_00n);
  await postJson(app, "/v1/transactions", { transaction: hexOf(overspend) });
  chain.produceBlock();
  const latest = (await call<AccountHistoryView>(app, { url })).body.entries[0]!;
  assert.ok(latest.type === "transaction" && latest.hash === overspend.hash);
  assert.equal(latest.codeName, "insufficient_funds");
  const carolAfter = (
    await call<AccountHistoryView>(app, { url: `/v1/accounts/${keys.carol.account}/history` })
  ).body;
  assert.equal(carolAfter.entries.length, 5);
  await app.close();
});

test("blocks older than the in-memory window are read back from the block store", async () => {
  const { chain, app } = await setup();
  const payment = chain.payment(keys.alice, keys.bob, 7n);
  await postJson(app, "/v1/transactions", { transaction: hexOf(payment) });
  chain.produceBlock();
  const fromMemory = (await call<BlockView>(app, { url: "/v1/blocks/1" })).body;
  // A second services instance over the same state and store has nothing in memory.
  const { LedgerServices } = await import("@tongbao/node");
  const fresh = new LedgerServices(
    { chainId: chain.services.chainId },
    {
      state: chain.state,
      mempool: chain.mempool,
      blocks: chain.blocks,
      clock: { nowMs: () => chain.nowMs },
    },
  );
  const fromStore = await fresh.block(1);
  assert.deepEqual(fromStore, {
    ...fromMemory,
    result: { appHash: fromMemory.result.appHash, receiptsRoot: fromMemory.result.receiptsRoot },
  });
  await app.close();
});
