// Goal: the desk routes keep their contract whatever the desk behind them does: 404
// desk_not_enabled without a desk; strict validation of the opening request (key length per
// type, hex proof, no unknown fields, no control characters in the name) before the desk is
// asked; the desk's own rate limit per address; the desk's answers and errors passed through.
// Method: a server over the test chain's services with a recording fake desk; every answer goes
// through `call`, which checks it against the route definitions.
import { test } from "node:test";
import assert from "node:assert/strict";
import { openAccountProofPayload } from "./desk.ts";
import type { OpenAccountBody } from "./schemas.ts";
import { ServiceError, type DeskServices } from "./services.ts";
import { createApiServer, type ApiServer, type ApiServerLimits } from "./server/index.ts";
import { TestChain } from "../test/chain.ts";
import { call, postJson, type Answer } from "../test/contract.ts";

const ACCOUNT = "5d9c4a1f0e6b3c2a8f7e6d5c4b3a29181716f5e4";

class FakeDesk implements DeskServices {
  readonly requests: OpenAccountBody[] = [];
  info() {
    return {
      institution: "hk-bank",
      name: "HK Bank",
      kycTier: 1,
      demoFunds: { amount: "1000.00", currency: "HKD" },
    };
  }
  async openAccount(request: OpenAccountBody) {
    this.requests.push(request);
    if (request.publicKey.startsWith("ff")) {
      throw new ServiceError("account_exists", "an account for this key exists already", {
        account: ACCOUNT,
      });
    }
    return {
      status: "accepted" as const,
      account: ACCOUNT,
      institution: "hk-bank",
      kycTier: 1,
      hash: "ab".repeat(32),
      funding: { amount: "1000.00", currency: "HKD" },
      message: "the account opens with the next block",
    };
  }
}

async function setup(desk?: DeskServices, limits: Partial<ApiServerLimits> = {}) {
  const chain = new TestChain();
  return createApiServer({
    services: chain.services,
    ...(desk === undefined ? {} : { desk }),
    limits,
  });
}

/** The contract check has run; the tests read the answer's fields. */
const post = (app: ApiServer, body: unknown) =>
  postJson(app, "/v1/desk/accounts", body) as Promise<Answer<any>>;

const valid = {
  keyType: "ed25519",
  publicKey: "11".repeat(32),
  proof: "22".repeat(64),
  name: "Wong Siu Ming",
};

test("without a desk both routes answer desk_not_enabled", async () => {
  const app = await setup();
  const info = await call(app, { url: "/v1/desk" });
  assert.equal(info.status, 404);
  assert.equal(info.body.error.code, "desk_not_enabled");
  const open = await post(app, valid);
  assert.equal(open.status, 404);
  assert.equal(open.body.error.code, "desk_not_enabled");
  await app.close();
});

test("a desk describes itself and opens accounts; its errors come through", async () => {
  const desk = new FakeDesk();
  const app = await setup(desk);
  const info = await call(app, { url: "/v1/desk" });
  assert.deepEqual(info.body, desk.info());
  const opened = await post(app, valid);
  assert.equal(opened.status, 202);
  assert.equal(opened.body.account, ACCOUNT);
  assert.deepEqual(desk.requests, [valid]);
  const p256 = { keyType: "p256", publicKey: "02" + "33".repeat(32), proof: "44".repeat(64) };
  assert.equal((await post(app, p256)).status, 202);
  const exists = await post(app, { ...valid, publicKey: "ff".repeat(32) });
  assert.equal(exists.status, 409);
  assert.equal(exists.body.error.code, "account_exists");
  assert.equal(exists.body.error.details.account, ACCOUNT);
  await app.close();
});

test("bad opening requests are refused before the desk hears of them", async () => {
  const desk = new FakeDesk();
  const app = await setup(desk);
  const bad: [string, unknown][] = [
    ["short key", { ...valid, publicKey: "11".repeat(31) }],
    ["upper-case hex", { ...valid, publicKey: "AB".repeat(32) }],
    ["p256 key not compressed", { ...valid, keyType: "p256", publicKey: "04" + "33".repeat(32) }],
    ["unknown key type", { ...valid, keyType: "rsa" }],
    ["short proof", { ...valid, proof: "22".repeat(63) }],
    ["missing proof", { keyType: valid.keyType, publicKey: valid.publicKey }],
    ["unknown field", { ...valid, kycTier: 3 }],
    ["control character in the name", { ...valid, name: "Wong\nSiu" }],
    ["empty name", { ...valid, name: "" }],
    ["long name", { ...valid, name: "x".repeat(65) }],
    ["number for a string", { ...valid, publicKey: 12 }],
  ];
  for (const [what, body] of bad) {
    const answer = await post(app, body);
    assert.equal(answer.status, 400, what);
    assert.equal(answer.body.error.code, "invalid_request", what);
  }
  const text = await call(app, {
    method: "POST",
    url: "/v1/desk/accounts",
    payload: "{",
    headers: { "content-type": "application/json" },
  });
  assert.equal(text.body.error.code, "invalid_json");
  assert.equal(desk.requests.length, 0);
  await app.close();
});

test("the desk has its own limit per address, with Retry-After", async () => {
  const desk = new FakeDesk();
  const app = await setup(desk, { deskOpensBurst: 2, deskOpensPerMinute: 1 });
  assert.equal((await post(app, valid)).status, 202);
  assert.equal((await post(app, valid)).status, 202);
  const third = await post(app, valid);
  assert.equal(third.status, 429);
  assert.equal(third.body.error.code, "rate_limited");
  assert.match(third.body.error.message, /this address/);
  // Reading the desk costs only the general allowance.
  assert.equal((await call(app, { url: "/v1/desk" })).status, 200);
  assert.equal(desk.requests.length, 2);
  await app.close();
});

test("the proof payload names the key and the institution, one spelling each", () => {
  const payload = openAccountProofPayload({
    keyType: "ed25519",
    publicKey: "ab".repeat(32),
    institution: "hk-emoney",
  });
  assert.equal(new TextDecoder().decode(payload), `ed25519:${"ab".repeat(32)}:hk-emoney`);
  assert.throws(
    () => openAccountProofPayload({ keyType: "ed25519", publicKey: "AB", institution: "x" }),
    RangeError,
  );
});
