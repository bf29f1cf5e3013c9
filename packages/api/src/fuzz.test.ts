// Goal: no input makes the server fail: random JSON, random bytes, random and near-valid paths,
// headers and mutated transactions always get a non-5xx answer in the contract's shape (the error
// envelope with a declared code for failures), and the node's state never changes.
// Method: fast-check generates requests, sent in-process with fastify's inject through `call`
// (which checks each answer against the route definitions); the chain's fingerprint (height,
// state root, pooled hashes) is compared after every run. Replay a failure with the printed seed:
// FUZZ_SEED=<seed> npm test -- api
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { encodeSignedTransaction } from "@tongbao/ledger";
import { bytesToHex } from "@tongbao/std";
import { encodeBatch } from "./batch.ts";
import { createApiServer } from "./server/index.ts";
import type { Amount, ClientId, CurrencyCode, Hash } from "@tongbao/types";
import { TestChain, hexOf, keys } from "../test/chain.ts";
import { call } from "../test/contract.ts";

const seed = process.env["FUZZ_SEED"] === undefined ? undefined : Number(process.env["FUZZ_SEED"]);

test("random requests never get a 5xx, always the contract's shape, and change nothing", async () => {
  const chain = new TestChain();
  const app = await createApiServer({
    services: chain.services,
    // The fuzzer is one address sending thousands of requests; flood control is tested elsewhere.
    limits: { rateBurst: 1e9, ratePerSecond: 1e9 },
  });
  // Some history, so lookups find things as well as miss: a payment, a referenced payment, an
  // open request.
  const reference = "5e".repeat(32);
  const paid = chain.payment(keys.alice, keys.bob, 1_00n);
  const referenced = chain.sign(keys.alice, [
    {
      kind: "transfer",
      to: keys.merchant.account,
      currency: "HKD" as CurrencyCode,
      amount: 1_00n as Amount,
      reference: reference as Hash,
    },
  ]);
  const asked = chain.sign(keys.merchant, [
    {
      kind: "request_payment",
      id: "0a".repeat(16) as ClientId,
      payer: keys.alice.account,
      currency: "HKD" as CurrencyCode,
      amount: 1_00n as Amount,
      timeoutMs: 3_600_000,
    },
  ]);
  await app.inject({
    method: "POST",
    url: "/v1/transactions",
    payload: { transactions: [hexOf(paid), hexOf(referenced), hexOf(asked)] },
  });
  chain.produceBlock();
  // Mutations of every kind of payment operation, not only of a plain transfer.
  const valids = [
    chain.payment(keys.alice, keys.merchant, 2_00n),
    chain.sign(keys.merchant, [
      { kind: "refund", reference: reference as Hash, amount: 50n as Amount },
    ]),
    chain.sign(keys.alice, [
      {
        kind: "approve_request",
        payee: keys.merchant.account,
        id: "0a".repeat(16) as ClientId,
        currency: "HKD" as CurrencyCode,
        amount: 1_00n as Amount,
      },
    ]),
    chain.sign(keys.alice, [
      { kind: "decline_request", payee: keys.merchant.account, id: "0a".repeat(16) as ClientId },
    ]),
  ].map(encodeSignedTransaction);
  const fingerprint = chain.fingerprint();

  const hexChars = fc.constantFrom(..."0123456789abcdefABCDEFxyz-_%./ ");
  const segment = fc.oneof(
    fc.string({ maxLength: 80 }),
    fc.string({ unit: hexChars, maxLength: 80 }),
    fc.constantFrom(
      paid.hash,
      keys.bob.account,
      "latest",
      "1",
      "0",
      "-1",
      "1e3",
      "%",
      "..",
      "%00",
      "",
    ),
  );
  const path = fc.oneof(
    fc
      .tuple(
        fc.constantFrom(
          "/v1/transactions/",
          "/v1/accounts/",
          "/v1/blocks/",
          "/v1/",
          "/",
          "/v1/subscribe/",
        ),
        segment,
        fc.constantFrom(
          "",
          "/history",
          "/history?limit=2",
          "?cursor=1.0",
          "?x=1",
          "/",
          "?limit=1&limit=2",
          "/requests",
          `/requests/${"0a".repeat(16)}`,
          "/requests/",
          `/payments/${reference}`,
          `/payments/${"ab".repeat(32)}`,
          "/payments/",
        ),
      )
      .map(([a, b, c]) => a + encodeURIComponent(b).replace(/%25/g, "%") + c),
    fc.constantFrom(
      "/v1/status",
      "/v1/currencies",
      "/v1/blocks/latest",
      "/v1/transactions",
      "/v1/transactions/batch",
      "/healthz",
      "/readyz",
      "/metrics",
      "/v1/openapi.json",
    ),
    // An HTTP request line always has a path starting with "/".
    fc.webPath().map((p) => (p.startsWith("/") ? p : `/${p}`)),
  );
  /** A valid transaction with one byte changed: its signature no longer verifies, or it no longer decodes. */
  const mutated = fc
    .tuple(fc.constantFrom(...valids), fc.nat(), fc.integer({ min: 1, max: 255 }))
    .map(([valid, position, xor]) => {
      const bytes = valid.slice();
      const at = position % bytes.length;
      bytes[at] = bytes[at]! ^ xor;
      return bytes;
    });
  const body = fc.oneof(
    fc.json().map((text) => ({ payload: text, type: "application/json" })),
    fc.jsonValue().map((value) => ({
      payload: JSON.stringify({ transaction: value }),
      type: "application/json",
    })),
    fc.array(fc.jsonValue(), { maxLength: 3 }).map((list) => ({
      payload: JSON.stringify({ transactions: list }),
      type: "application/json",
    })),
    mutated.map((bytes) => ({
      payload: JSON.stringify({ transaction: bytesToHex(bytes) }),
      type: "application/json",
    })),
    fc.array(mutated, { minLength: 1, maxLength: 3 }).map((items) => ({
      payload: Buffer.from(encodeBatch(items)),
      type: "application/octet-stream",
    })),
    fc
      .uint8Array({ maxLength: 300 })
      .map((bytes) => ({ payload: Buffer.from(bytes), type: "application/octet-stream" })),
    fc
      .uint8Array({ maxLength: 300 })
      .map((bytes) => ({ payload: Buffer.from(bytes), type: "application/json" })),
    fc.string({ maxLength: 200 }).map((text) => ({ payload: text, type: "text/plain" })),
    fc.string({ maxLength: 60 }).map((text) => ({ payload: "{}", type: text })),
  );
  const request = fc.record({
    method: fc.constantFrom("GET", "POST", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"),
    path,
    body: fc.option(body, { nil: undefined }),
  });

  await fc.assert(
    fc.asyncProperty(request, async ({ method, path, body }) => {
      const headers: Record<string, string> = {};
      if (body !== undefined && /^[\t\x20-\x7e]*$/.test(body.type))
        headers["content-type"] = body.type;
      await call(app, {
        method: method as never,
        url: path,
        headers,
        ...(body === undefined || method === "GET" ? {} : { payload: body.payload }),
      });
      assert.equal(chain.fingerprint(), fingerprint);
    }),
    { numRuns: 600, ...(seed === undefined ? {} : { seed }) },
  );
  await app.close();
});
