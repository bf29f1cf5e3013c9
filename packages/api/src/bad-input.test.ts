// Goal: every kind of bad input gets the right 4xx error envelope — a code the route declares, a
// message that says what to do — and changes nothing; floods, a full mempool and a node busy with
// a block get 429/503 with Retry-After; nothing is ever a 500.
// Method: one TestChain per test; each case is sent through `call` (which checks the contract)
// and the chain's fingerprint (height, state root, pooled hashes) is compared before and after.
import { test } from "node:test";
import { connect, type AddressInfo } from "node:net";
import assert from "node:assert/strict";
import { sign } from "@tongbao/crypto";
import {
  AMOUNT_MAX,
  type AccountId,
  type Amount,
  type ClientId,
  type CurrencyCode,
  type Height,
  type Round,
  type TimestampMs,
} from "@tongbao/types";
import {
  encodeSignedTransaction,
  toSignedTransaction,
  type Operation,
  type SignedTransaction,
} from "@tongbao/ledger";
import { bytesToHex } from "@tongbao/std";
import { testKey } from "../../ledger/test/fixtures.ts";
import { signingKey, withSignature } from "../../mempool/test/helpers.ts";
import { encodeBatch } from "./batch.ts";
import { BATCH_BODY_BYTES_MAX, JSON_BODY_BYTES_MAX, JSON_TRANSACTIONS_MAX } from "./limits.ts";
import { createApiServer, type ApiServerOptions } from "./server/index.ts";
import { TestChain, hexOf, keys, type ChainOptions } from "../test/chain.ts";
import { call, postJson, type Answer } from "../test/contract.ts";

async function setup(chainOptions: ChainOptions = {}, limits: ApiServerOptions["limits"] = {}) {
  const chain = new TestChain(chainOptions);
  const app = await createApiServer({ services: chain.services, limits });
  return { chain, app };
}

function expectError(answer: Answer, status: number, code: string): void {
  assert.equal(answer.status, status, answer.text);
  assert.equal((answer.body as { error: { code: string } }).error.code, code, answer.text);
}

const HKD = "HKD" as CurrencyCode;
const transferOp = (to: AccountId, amount: bigint, currency = HKD): Operation => ({
  kind: "transfer",
  to,
  currency,
  amount: amount as Amount,
});

/** The signed bytes with the first 8-byte AMOUNT_MAX replaced by 2^64 − 1 (−1 as a signed u64). */
function overflowingAmount(signed: SignedTransaction): string {
  const bytes = encodeSignedTransaction(signed);
  const max = Buffer.from("7fffffffffffffff", "hex");
  const at = Buffer.from(bytes).indexOf(max);
  assert.ok(at > 0);
  bytes.fill(0xff, at, at + 8);
  return bytesToHex(bytes);
}

function signedForChain(
  chain: TestChain,
  chainId: string,
  operations: Operation[],
): SignedTransaction {
  const { tx, body } = chain.sign(keys.alice, operations);
  const signature = sign(signingKey(keys.alice), { chainId, purpose: "tx", payload: body });
  return toSignedTransaction(tx, body, signature);
}

test("bad transactions are refused with the mempool's code and change nothing", async () => {
  const { chain, app } = await setup();
  const committed = chain.payment(keys.alice, keys.bob, 1n);
  await postJson(app, "/v1/transactions", { transaction: hexOf(committed) });
  chain.produceBlock();
  const waiting = chain.payment(keys.bob, keys.alice, 1n);
  await postJson(app, "/v1/transactions", { transaction: hexOf(waiting) });
  const good = chain.payment(keys.alice, keys.bob, 5n);

  const cases: Array<[name: string, hex: string, status: number, code: string]> = [
    [
      "unknown currency",
      hexOf(chain.sign(keys.alice, [transferOp(keys.bob.account, 1n, "XYZ" as CurrencyCode)])),
      422,
      "currency_not_found",
    ],
    [
      "lower-case currency",
      hexOf(chain.sign(keys.alice, [transferOp(keys.bob.account, 1n, "hkd" as CurrencyCode)])),
      400,
      "malformed_encoding",
    ],
    [
      "zero amount",
      hexOf(chain.sign(keys.alice, [transferOp(keys.bob.account, 0n)])),
      400,
      "amount_must_be_positive",
    ],
    [
      "amount above AMOUNT_MAX",
      overflowingAmount(chain.sign(keys.alice, [transferOp(keys.bob.account, AMOUNT_MAX)])),
      400,
      "malformed_encoding",
    ],
    [
      "payment to oneself",
      hexOf(chain.sign(keys.alice, [transferOp(keys.alice.account, 1n)])),
      400,
      "accounts_must_be_different",
    ],
    ["no operations", hexOf(chain.sign(keys.alice, [])), 400, "operations_must_not_be_empty"],
    [
      "zero id",
      hexOf(
        chain.sign(keys.alice, [transferOp(keys.bob.account, 1n)], {
          id: "0".repeat(32) as ClientId,
        }),
      ),
      400,
      "id_must_not_be_zero",
    ],
    ["bad signature", hexOf(withSignature(good, new Uint8Array(64))), 400, "signature_invalid"],
    [
      "signed for another chain",
      hexOf(signedForChain(chain, "tongbao-other", [transferOp(keys.bob.account, 1n)])),
      400,
      "signature_invalid",
    ],
    ["truncated", hexOf(good).slice(0, 100), 400, "malformed_encoding"],
    [
      "expired",
      hexOf(
        chain.sign(keys.alice, [transferOp(keys.bob.account, 1n)], {
          validUntilMs: chain.nowMs - 1,
        }),
      ),
      422,
      "transaction_expired",
    ],
    [
      "deadline too far",
      hexOf(
        chain.sign(keys.alice, [transferOp(keys.bob.account, 1n)], {
          validUntilMs: chain.nowMs + 2 * 86_400_000,
        }),
      ),
      422,
      "valid_until_too_far",
    ],
    [
      "committed id, other body",
      hexOf(chain.sign(keys.alice, [transferOp(keys.bob.account, 2n)], { id: committed.tx.id })),
      409,
      "transaction_duplicate",
    ],
    [
      "pending id, other body",
      hexOf(chain.sign(keys.bob, [transferOp(keys.alice.account, 2n)], { id: waiting.tx.id })),
      409,
      "transaction_duplicate",
    ],
    [
      "unknown signer",
      hexOf(chain.sign(testKey("stranger"), [transferOp(keys.bob.account, 1n)])),
      409,
      "signer_account_not_found",
    ],
  ];
  for (const [name, hex, status, code] of cases) {
    const before = chain.fingerprint();
    const answer = await postJson(app, "/v1/transactions", { transaction: hex });
    expectError(answer, status, code);
    assert.equal(chain.fingerprint(), before, name);
  }
  const retry = await postJson(app, "/v1/transactions", { transaction: cases.at(-1)![1] });
  assert.match(String(retry.headers["retry-after"]), /^[1-9]/);
  // In a list each refusal is a result of its own, beside the transactions that were accepted.
  const mixed = await postJson(app, "/v1/transactions", {
    transactions: [cases[0]![1], hexOf(good)],
  });
  assert.deepEqual(
    (mixed.body as { results: Array<{ status: string }> }).results.map((r) => r.status),
    ["rejected", "accepted"],
  );
  await app.close();
});

test("malformed requests get invalid_json, invalid_request, 404, 413, 415 or 426 and change nothing", async () => {
  const { chain, app } = await setup();
  const hex = hexOf(chain.payment(keys.alice, keys.bob, 1n));
  const json = { "content-type": "application/json" };
  const binary = { "content-type": "application/octet-stream" };
  const post = (url: string, payload: string | Buffer, headers: Record<string, string>) =>
    call(app, { method: "POST", url, payload, headers });
  const cases: Array<[name: string, send: () => Promise<Answer>, status: number, code: string]> = [
    [
      "malformed JSON",
      () => post("/v1/transactions", '{"transaction": ', json),
      400,
      "invalid_json",
    ],
    ["empty JSON body", () => post("/v1/transactions", "", json), 400, "invalid_json"],
    [
      "number for hex",
      () => postJson(app, "/v1/transactions", { transaction: 12 }),
      400,
      "invalid_request",
    ],
    ["array body", () => postJson(app, "/v1/transactions", [hex]), 400, "invalid_request"],
    [
      "unknown field",
      () => postJson(app, "/v1/transactions", { transaction: hex, fee: "1.00" }),
      400,
      "invalid_request",
    ],
    [
      "both forms",
      () => postJson(app, "/v1/transactions", { transaction: hex, transactions: [hex] }),
      400,
      "invalid_request",
    ],
    [
      "bad hex",
      () => postJson(app, "/v1/transactions", { transaction: "zz" + hex.slice(2) }),
      400,
      "invalid_request",
    ],
    [
      "odd hex",
      () => postJson(app, "/v1/transactions", { transaction: hex.slice(1) }),
      400,
      "invalid_request",
    ],
    [
      "upper-case hex",
      () => postJson(app, "/v1/transactions", { transaction: hex.toUpperCase() }),
      400,
      "invalid_request",
    ],
    [
      "0x prefix",
      () => postJson(app, "/v1/transactions", { transaction: "0x" + hex }),
      400,
      "invalid_request",
    ],
    [
      "empty list",
      () => postJson(app, "/v1/transactions", { transactions: [] }),
      400,
      "invalid_request",
    ],
    [
      "too many in JSON",
      () =>
        postJson(app, "/v1/transactions", {
          transactions: Array(JSON_TRANSACTIONS_MAX + 1).fill(hex),
        }),
      400,
      "invalid_request",
    ],
    [
      "oversize JSON",
      () =>
        post(
          "/v1/transactions",
          JSON.stringify({ transaction: "ab".repeat(JSON_BODY_BYTES_MAX) }),
          json,
        ),
      413,
      "body_too_large",
    ],
    [
      "oversize batch",
      () => post("/v1/transactions/batch", Buffer.alloc(BATCH_BODY_BYTES_MAX + 1), binary),
      413,
      "body_too_large",
    ],
    [
      "batch count zero",
      () => post("/v1/transactions/batch", Buffer.from([0, 0, 0, 0]), binary),
      400,
      "batch_malformed",
    ],
    [
      "batch count too big",
      () => post("/v1/transactions/batch", Buffer.from([0, 0, 0x10, 0]), binary),
      400,
      "batch_malformed",
    ],
    [
      "batch trailing bytes",
      () =>
        post(
          "/v1/transactions/batch",
          Buffer.concat([Buffer.from(encodeBatch([Buffer.from(hex, "hex")])), Buffer.from([1])]),
          binary,
        ),
      400,
      "batch_malformed",
    ],
    [
      "batch short",
      () => post("/v1/transactions/batch", Buffer.from([0, 0]), binary),
      400,
      "batch_malformed",
    ],
    [
      "text body",
      () => post("/v1/transactions", hex, { "content-type": "text/plain" }),
      415,
      "unsupported_media_type",
    ],
    [
      "no content type",
      () => call(app, { method: "POST", url: "/v1/transactions" }),
      415,
      "unsupported_media_type",
    ],
    [
      "bytes to the JSON route",
      () => post("/v1/transactions", Buffer.from(hex, "hex"), binary),
      415,
      "unsupported_media_type",
    ],
    [
      "JSON to the batch route",
      () => postJson(app, "/v1/transactions/batch", { transaction: hex }),
      415,
      "unsupported_media_type",
    ],
    ["unknown route", () => call(app, { url: "/v1/nothing" }), 404, "route_not_found"],
    [
      "wrong method",
      () => call(app, { method: "DELETE", url: "/v1/status" }),
      404,
      "route_not_found",
    ],
    [
      "bad percent-encoding",
      () => call(app, { url: "/v1/accounts/%E0%A4%A" }),
      400,
      "invalid_request",
    ],
    ["bad account id", () => call(app, { url: "/v1/accounts/xyz" }), 400, "invalid_request"],
    [
      "upper-case account id",
      () => call(app, { url: `/v1/accounts/${keys.bob.account.toUpperCase()}` }),
      400,
      "invalid_request",
    ],
    ["bad hash", () => call(app, { url: "/v1/transactions/1234" }), 400, "invalid_request"],
    ["height zero", () => call(app, { url: "/v1/blocks/0" }), 400, "invalid_request"],
    ["height in exponent form", () => call(app, { url: "/v1/blocks/1e3" }), 400, "invalid_request"],
    ["negative height", () => call(app, { url: "/v1/blocks/-1" }), 400, "invalid_request"],
    ["unknown query", () => call(app, { url: "/v1/status?verbose=1" }), 400, "invalid_request"],
    [
      "limit too big",
      () => call(app, { url: `/v1/accounts/${keys.bob.account}/history?limit=101` }),
      400,
      "invalid_request",
    ],
    [
      "bad cursor",
      () => call(app, { url: `/v1/accounts/${keys.bob.account}/history?cursor=abc` }),
      400,
      "invalid_request",
    ],
    [
      "no such account",
      () => call(app, { url: `/v1/accounts/${"0".repeat(40)}` }),
      404,
      "account_not_found",
    ],
    [
      "no such history",
      () => call(app, { url: `/v1/accounts/${"0".repeat(40)}/history` }),
      404,
      "account_not_found",
    ],
    [
      "bad reference",
      () => call(app, { url: `/v1/accounts/${keys.bob.account}/payments/${"AB".repeat(32)}` }),
      400,
      "invalid_request",
    ],
    [
      "payments of no such account",
      () => call(app, { url: `/v1/accounts/${"0".repeat(40)}/payments/${"ab".repeat(32)}` }),
      404,
      "account_not_found",
    ],
    [
      "bad request id",
      () => call(app, { url: `/v1/accounts/${keys.bob.account}/requests/${"a".repeat(31)}` }),
      400,
      "invalid_request",
    ],
    [
      "requests of no such account",
      () => call(app, { url: `/v1/accounts/${"0".repeat(40)}/requests` }),
      404,
      "account_not_found",
    ],
    [
      "no such request",
      () => call(app, { url: `/v1/accounts/${keys.bob.account}/requests/${"ab".repeat(16)}` }),
      404,
      "request_not_found",
    ],
    [
      "a query on the requests",
      () => call(app, { url: `/v1/accounts/${keys.bob.account}/requests?status=open` }),
      400,
      "invalid_request",
    ],
    ["no such block", () => call(app, { url: "/v1/blocks/99" }), 404, "block_not_found"],
    ["no block yet", () => call(app, { url: "/v1/blocks/latest" }), 404, "block_not_found"],
    [
      "no such transaction",
      () => call(app, { url: `/v1/transactions/${"ab".repeat(32)}` }),
      404,
      "transaction_not_found",
    ],
    [
      "plain GET of the WebSocket",
      () => call(app, { url: "/v1/subscribe" }),
      426,
      "upgrade_required",
    ],
  ];
  for (const [name, send, status, code] of cases) {
    const before = chain.fingerprint();
    const answer = await send();
    expectError(answer, status, code);
    assert.equal(chain.fingerprint(), before, name);
  }
  const tooLarge = await post("/v1/transactions", "x".repeat(JSON_BODY_BYTES_MAX + 1), json);
  assert.deepEqual((tooLarge.body as { error: { details: unknown } }).error.details, {
    limitBytes: JSON_BODY_BYTES_MAX,
  });
  await app.close();
});

test("a flood from one address is answered 429 with Retry-After; probes are not limited", async () => {
  const { app } = await setup({}, { rateBurst: 3, ratePerSecond: 0.001 });
  for (let i = 0; i < 3; i++) assert.equal((await call(app, { url: "/v1/status" })).status, 200);
  const limited = await call(app, { url: "/v1/status" });
  expectError(limited, 429, "rate_limited");
  assert.ok(Number(limited.headers["retry-after"]) >= 1);
  expectError(await call(app, { url: "/v1/no-such-route" }), 429, "rate_limited");
  assert.equal((await call(app, { url: "/healthz" })).status, 200);
  assert.equal((await call(app, { url: "/readyz" })).status, 200);
  assert.equal((await call(app, { url: "/metrics" })).status, 200);
  await app.close();
});

test("a full mempool answers 503 with Retry-After and its message; a signer over its share 429", async () => {
  const { chain, app } = await setup({ mempool: { capacityTxs: 2, perSignerMax: 1 } });
  assert.equal(
    (
      await postJson(app, "/v1/transactions", {
        transaction: hexOf(chain.payment(keys.alice, keys.bob, 1n)),
      })
    ).status,
    202,
  );
  const before = chain.fingerprint();
  const share = await postJson(app, "/v1/transactions", {
    transaction: hexOf(chain.payment(keys.alice, keys.bob, 2n)),
  });
  expectError(share, 429, "signer_pending_max");
  assert.equal(chain.fingerprint(), before);
  assert.equal(
    (
      await postJson(app, "/v1/transactions", {
        transaction: hexOf(chain.payment(keys.bob, keys.alice, 1n)),
      })
    ).status,
    202,
  );
  const fingerprint = chain.fingerprint();
  const full = await postJson(app, "/v1/transactions", {
    transaction: hexOf(chain.payment(keys.merchant, keys.alice, 0n + 1n)),
  });
  expectError(full, 503, "mempool_full");
  assert.match((full.body as { error: { message: string } }).error.message, /mempool/i);
  assert.equal(
    (full.body as { error: { details: { retryAfterMs: number } } }).error.details.retryAfterMs,
    1000,
  );
  assert.equal(full.headers["retry-after"], "1");
  assert.equal(chain.fingerprint(), fingerprint);
  await app.close();
});

test("while a block executes, requests wait for committed state, or answer node_busy", async () => {
  const { chain, app } = await setup({ committedStateWaitMs: 50 });
  const payment = chain.payment(keys.alice, keys.bob, 1n);
  await postJson(app, "/v1/transactions", { transaction: hexOf(payment) });
  // Verify a proposal without committing it, as a validator does before the vote decides.
  const timestampMs = (chain.state.lastTimestampMs + 1000) as TimestampMs;
  const parent = {
    height: 0 as Height,
    blockId: new Uint8Array(32),
    timestampMs: chain.state.lastTimestampMs as TimestampMs,
    appHash: new Uint8Array(32),
  };
  chain.app.proposeBlock({ height: 1 as Height, round: 0 as Round, timestampMs, parent });
  assert.equal(chain.state.blockInProgress, true);
  expectError(await call(app, { url: `/v1/accounts/${keys.bob.account}` }), 503, "node_busy");
  expectError(
    await postJson(app, "/v1/transactions", { transaction: hexOf(payment) }),
    503,
    "node_busy",
  );
  // With a longer wait, a read that arrives now is answered once the block is decided (here:
  // another proposal replaces it, which reverts the first), and from committed state only.
  const { LedgerServices } = await import("@tongbao/node");
  const patient = new LedgerServices(
    { chainId: chain.services.chainId, committedStateWaitMs: 60_000 },
    {
      state: chain.state,
      mempool: chain.mempool,
      blocks: chain.blocks,
      clock: { nowMs: () => chain.nowMs },
    },
  );
  let answered = false;
  const reading = patient.account(keys.bob.account).then((view) => {
    answered = true;
    return view;
  });
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(answered, false);
  chain.produceBlock();
  const bob = await reading;
  assert.equal(bob?.height, 1);
  assert.deepEqual(bob?.balances, [{ amount: "50.01", currency: "HKD" }]);
  await app.close();
});

/** Writes raw bytes to the server and reads until it closes the connection. */
function rawExchange(port: number, bytes: Buffer | string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port }, () => socket.end(bytes));
    const chunks: Buffer[] = [];
    socket.on("data", (chunk) => chunks.push(chunk));
    socket.on("close", () => resolve(Buffer.concat(chunks).toString("latin1")));
    socket.on("error", reject);
  });
}

test("bytes that are not HTTP get a 400 envelope on the raw socket, never a 5xx", async () => {
  const { chain, app } = await setup();
  await app.listen({ host: "127.0.0.1", port: 0 });
  const { port } = app.server.address() as AddressInfo;
  const before = chain.fingerprint();
  for (const garbage of [
    "GARBAGE\r\n\r\n",
    "GET / HTTP/9.9\r\n\r\n",
    "\x00\x01\x02\r\n\r\n",
    `GET /v1/status HTTP/1.1\r\nHost: x\r\nX: ${"a".repeat(20_000)}\r\n\r\n`,
  ]) {
    const answer = await rawExchange(port, garbage);
    const [head = "", body = ""] = answer.split("\r\n\r\n");
    const status = Number(head.split(" ")[1]);
    assert.ok(status === 400 || status === 431, `${JSON.stringify(garbage.slice(0, 20))}: ${head}`);
    const parsed = JSON.parse(body) as { error: { code: string } };
    assert.ok(["invalid_request", "headers_too_large"].includes(parsed.error.code));
  }
  assert.equal(chain.fingerprint(), before);
  await app.close();
});
