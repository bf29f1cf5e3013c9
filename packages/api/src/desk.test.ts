// Goal: the desk routes keep their contract whatever the desk behind them does: 404
// desk_not_enabled without a desk; strict validation of the opening request (key length per
// type, hex proof, no unknown fields, no control characters in the name) and of merchants'
// requests (names a QR code can carry, amounts as decimals, bounded validity, ISO times) before
// the desk is asked; the desk's own rate limits per address; the desk's answers and errors
// passed through; the institutions' directory from the chain.
// Method: a server over the test chain's services with a recording fake desk; every answer goes
// through `call`, which checks it against the route definitions.
import { test } from "node:test";
import assert from "node:assert/strict";
import { openAccountProofPayload } from "./desk.ts";
import { merchantCodeProofPayload, merchantProfileProofPayload } from "./merchant.ts";
import type {
  MerchantCodeBody,
  MerchantCodeView,
  MerchantProfileView,
  RegisterMerchantBody,
} from "./merchant-schemas.ts";
import type { OpenAccountBody } from "./schemas.ts";
import { ServiceError, type DeskServices } from "./services.ts";
import { createApiServer, type ApiServer, type ApiServerLimits } from "./server/index.ts";
import { TestChain } from "../test/chain.ts";
import { call, postJson, type Answer } from "../test/contract.ts";

const ACCOUNT = "5d9c4a1f0e6b3c2a8f7e6d5c4b3a29181716f5e4";

const PROFILE: MerchantProfileView = {
  account: ACCOUNT,
  institution: "hk-bank",
  name: "TEA HOUSE",
  city: "HONG KONG",
  mcc: "5812",
  alternateLanguage: { language: "ZH", name: "茶館" },
};

class FakeDesk implements DeskServices {
  readonly requests: OpenAccountBody[] = [];
  readonly merchantRequests: (RegisterMerchantBody | MerchantCodeBody)[] = [];
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
  async merchantProfile(account: string) {
    if (account !== ACCOUNT) {
      throw new ServiceError("merchant_not_registered", "no such merchant", { account });
    }
    return PROFILE;
  }
  async registerMerchant(request: RegisterMerchantBody) {
    this.merchantRequests.push(request);
    return { ...PROFILE, name: request.name, updatedAt: request.requestedAt };
  }
  async firmQuote(): Promise<never> {
    throw new ServiceError("no_offer", "this fake desk holds no quotes");
  }
  async createMerchantCode(request: MerchantCodeBody): Promise<MerchantCodeView> {
    this.merchantRequests.push(request);
    if (request.account !== ACCOUNT) {
      throw new ServiceError("account_other_institution", "another institution's account", {
        account: request.account,
        institution: "ph-bank",
      });
    }
    return request.amount === undefined
      ? { kind: "static", payload: "000201…", merchant: PROFILE, currency: request.currency }
      : {
          kind: "dynamic",
          payload: "000201…",
          merchant: PROFILE,
          currency: request.currency,
          amount: { amount: request.amount, currency: request.currency },
          reference: "Ab3_-x",
          ledgerReference: "cd".repeat(32),
          expiresAt: "2026-01-01T00:15:00.000Z",
          expiresAtMs: 1_767_226_500_000,
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

test("without a desk every desk route answers desk_not_enabled", async () => {
  const app = await setup();
  const info = await call(app, { url: "/v1/desk" });
  assert.equal(info.status, 404);
  assert.equal(info.body.error.code, "desk_not_enabled");
  const open = await post(app, valid);
  assert.equal(open.status, 404);
  assert.equal(open.body.error.code, "desk_not_enabled");
  const answers = [
    await call(app, { url: `/v1/desk/merchants/${ACCOUNT}` }),
    await postJson(app, "/v1/desk/merchants", registration),
    await postJson(app, "/v1/desk/merchant-codes", codeRequest),
  ] as Answer<any>[];
  for (const answer of answers) {
    assert.equal(answer.status, 404);
    assert.equal(answer.body.error.code, "desk_not_enabled");
  }
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

const requestedAt = "2026-01-01T00:00:00.000Z";
const registration = {
  account: ACCOUNT,
  name: "TEA HOUSE",
  city: "HONG KONG",
  mcc: "5812",
  alternateLanguage: { language: "ZH", name: "茶館" },
  requestedAt,
  proof: "22".repeat(64),
};
const codeRequest = {
  account: ACCOUNT,
  currency: "HKD",
  amount: "12.50",
  expiresInMs: 900_000,
  requestedAt,
  proof: "22".repeat(64),
};

test("merchants: profiles and codes pass through; the desk's errors come back", async () => {
  const desk = new FakeDesk();
  const app = await setup(desk);
  const profile = (await call(app, { url: `/v1/desk/merchants/${ACCOUNT}` })) as Answer<any>;
  assert.deepEqual(profile.body, PROFILE);
  const unknown = (await call(app, {
    url: `/v1/desk/merchants/${"ab".repeat(20)}`,
  })) as Answer<any>;
  assert.equal(unknown.status, 404);
  assert.equal(unknown.body.error.code, "merchant_not_registered");
  const registered = (await postJson(app, "/v1/desk/merchants", registration)) as Answer<any>;
  assert.equal(registered.status, 200);
  assert.equal(registered.body.updatedAt, requestedAt);
  const dynamic = (await postJson(app, "/v1/desk/merchant-codes", codeRequest)) as Answer<any>;
  assert.equal(dynamic.status, 200);
  assert.equal(dynamic.body.kind, "dynamic");
  const { amount: _amount, expiresInMs: _expires, ...counter } = codeRequest;
  const fixed = (await postJson(app, "/v1/desk/merchant-codes", counter)) as Answer<any>;
  assert.equal(fixed.body.kind, "static");
  const other = (await postJson(app, "/v1/desk/merchant-codes", {
    ...codeRequest,
    account: "ab".repeat(20),
  })) as Answer<any>;
  assert.equal(other.status, 409);
  assert.equal(other.body.error.details.institution, "ph-bank");
  assert.deepEqual(desk.merchantRequests, [
    registration,
    codeRequest,
    counter,
    {
      ...codeRequest,
      account: "ab".repeat(20),
    },
  ]);
  await app.close();
});

test("bad merchant requests are refused before the desk hears of them", async () => {
  const desk = new FakeDesk();
  const app = await setup(desk);
  const badRegistrations: [string, unknown][] = [
    ["name too long for EMV 59", { ...registration, name: "x".repeat(26) }],
    ["city too long for EMV 60", { ...registration, city: "x".repeat(16) }],
    ["empty name", { ...registration, name: "" }],
    ["a space at the end", { ...registration, name: "TEA HOUSE " }],
    ["control character", { ...registration, city: "HONG\tKONG" }],
    ["three-digit category", { ...registration, mcc: "581" }],
    [
      "lower-case language",
      { ...registration, alternateLanguage: { language: "zh", name: "茶館" } },
    ],
    ["time without milliseconds", { ...registration, requestedAt: "2026-01-01T00:00:00Z" }],
    ["short proof", { ...registration, proof: "22".repeat(63) }],
    ["unknown field", { ...registration, verified: true }],
  ];
  for (const [what, body] of badRegistrations) {
    const answer = (await postJson(app, "/v1/desk/merchants", body)) as Answer<any>;
    assert.equal(answer.status, 400, what);
    assert.equal(answer.body.error.code, "invalid_request", what);
  }
  const badCodes: [string, unknown][] = [
    ["amount as a number", { ...codeRequest, amount: 12.5 }],
    ["negative amount", { ...codeRequest, amount: "-1.00" }],
    ["lower-case currency", { ...codeRequest, currency: "hkd" }],
    ["valid for less than a minute", { ...codeRequest, expiresInMs: 59_999 }],
    ["valid for more than a day", { ...codeRequest, expiresInMs: 86_400_001 }],
    ["a reference of the caller's", { ...codeRequest, reference: "MINE" }],
    ["no proof", { ...codeRequest, proof: undefined }],
  ];
  for (const [what, body] of badCodes) {
    const answer = (await postJson(app, "/v1/desk/merchant-codes", body)) as Answer<any>;
    assert.equal(answer.status, 400, what);
    assert.equal(answer.body.error.code, "invalid_request", what);
  }
  const badAccount = (await call(app, { url: "/v1/desk/merchants/XYZ" })) as Answer<any>;
  assert.equal(badAccount.body.error.code, "invalid_request");
  assert.equal(desk.merchantRequests.length, 0);
  await app.close();
});

test("merchant codes have their own limit per address; registrations share the openings'", async () => {
  const desk = new FakeDesk();
  const app = await setup(desk, {
    merchantCodesBurst: 2,
    merchantCodesPerMinute: 1,
    deskOpensBurst: 1,
    deskOpensPerMinute: 1,
  });
  assert.equal((await postJson(app, "/v1/desk/merchant-codes", codeRequest)).status, 200);
  assert.equal((await postJson(app, "/v1/desk/merchant-codes", codeRequest)).status, 200);
  const third = (await postJson(app, "/v1/desk/merchant-codes", codeRequest)) as Answer<any>;
  assert.equal(third.status, 429);
  assert.match(third.body.error.message, /merchant codes/);
  assert.equal((await postJson(app, "/v1/desk/merchants", registration)).status, 200);
  const again = (await postJson(app, "/v1/desk/merchants", registration)) as Answer<any>;
  assert.equal(again.status, 429);
  assert.equal((await post(app, valid)).status, 429, "the opening bucket is the same");
  await app.close();
});

test("the institutions' directory is served from the chain, desk or not", async () => {
  const app = await setup();
  const answer = (await call(app, { url: "/v1/institutions" })) as Answer<any>;
  assert.equal(answer.status, 200);
  assert.deepEqual(
    answer.body.institutions.map((i: { id: string }) => i.id),
    ["fx-desk", "hk-bank", "ph-bank", "regulator"],
  );
  await app.close();
});

test("the merchants' proof payloads: one field per line, the institution first", () => {
  const { proof: _p, ...code } = codeRequest;
  assert.equal(
    new TextDecoder().decode(merchantCodeProofPayload(code, "hk-bank")),
    `hk-bank\n${ACCOUNT}\nHKD\n12.50\n900000\n${requestedAt}`,
  );
  const { amount: _a, expiresInMs: _e, ...counter } = code;
  assert.equal(
    new TextDecoder().decode(merchantCodeProofPayload(counter, "hk-bank")),
    `hk-bank\n${ACCOUNT}\nHKD\n\n\n${requestedAt}`,
  );
  const { proof: _q, ...profile } = registration;
  assert.equal(
    new TextDecoder().decode(merchantProfileProofPayload(profile, "hk-bank")),
    `hk-bank\n${ACCOUNT}\nTEA HOUSE\nHONG KONG\n5812\nZH\n茶館\n\n${requestedAt}`,
  );
  assert.throws(
    () => merchantProfileProofPayload({ ...profile, name: "TEA\nHOUSE" }, "hk-bank"),
    RangeError,
  );
  assert.throws(() => merchantCodeProofPayload(code, "HK Bank"), RangeError);
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

test("firm quotes are charged to the address and the desk, apart from openings", async () => {
  // Each firm quote commits a hold on a provider's liquidity: the desk limits how often.
  const desk = new FakeDesk();
  const app = await setup(desk, { firmQuotesBurst: 2, firmQuotesPerMinute: 1 });
  const url = `/v1/quotes?from=HKD&to=PHP&sendAmount=100.00&payer=${ACCOUNT}`;
  for (let i = 0; i < 2; i++) {
    const answer = await call(app, { url });
    assert.equal(answer.status, 404, "the fake desk holds no quotes: it was asked");
  }
  const third = (await call(app, { url })) as Answer<any>;
  assert.equal(third.status, 429);
  assert.match(third.body.error.message, /firm quotes/);
  assert.ok(third.body.error.details.retryAfterMs > 0);
  // Indicative quotes (no payer) and openings have their own buckets.
  const indicative = await call(app, { url: "/v1/quotes?from=HKD&to=PHP&sendAmount=100.00" });
  assert.notEqual(indicative.status, 429);
  assert.notEqual((await post(app, valid)).status, 429);
  await app.close();
});
