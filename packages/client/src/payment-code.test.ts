// Goal: a merchant registers and has its institution sign codes through the SDK; a payer's
// verifyPaymentCode accepts exactly the codes that may be paid (intact, signed by the named
// institution for this chain, not expired), paying one carries its ledger reference, which the
// reference topic reports; every other code is refused with a reason and a sentence that says
// what is wrong — damaged, changed, expired, unsigned, an unknown institution, another scheme's
// or a consumer's code.
// Method: a real API server on 127.0.0.1 over the API tests' chain with the node's real
// InstitutionDesk (hk-bank's signer), blocks produced when the mempool holds something; forged
// codes built from real ones with @tongbao/emvqr (the CRC recomputed, so only the signature can
// tell); the EMVCo example and a CPM example from emvqr's fixtures.
import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { createApiServer } from "@tongbao/api/server";
import { attachSignature, buildTongbaoCode, crcHex } from "@tongbao/emvqr";
import { InstitutionDesk, InstitutionSigner } from "@tongbao/node";
import { TestChain, keys } from "../../api/test/chain.ts";
import { CHAIN_ID, signingKey } from "../../mempool/test/helpers.ts";
import { testGenesis } from "../../ledger/test/fixtures.ts";
import type { SubscriptionEvent } from "@tongbao/api";
import {
  MerchantNotRegisteredError,
  PaymentCodeRefusedError,
  createClient,
  keySigner,
} from "./index.ts";
import type { PaymentCodeRefusal } from "./errors.ts";

/** EMV QRCPS Merchant-Presented Mode v1.1, Annex B (also in emvqr's fixtures). */
const EMVCO_EXAMPLE =
  "00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678520441115802CN5914BEST TRANSPORT6007BEIJING64200002ZH0104最佳运输0202北京540523.7253031565502016233030412340603***0708A60086670902ME91320016A0112233449988770708123456786304A13A";
/** EMV QRCPS Consumer-Presented Mode's example (also in emvqr's fixtures). */
const CPM_EXAMPLE =
  "hQVDUFYwMWETTwegAAAAVVVVUAhQcm9kdWN0MWETTwegAAAAZmZmUAhQcm9kdWN0MmJJWggSNFZ4kBI0WF8gDkNBUkRIT0xERVIvRU1WXy0IcnVlc2RlZW5kIZ8QBwYBCgMAAACfJghYT9OF+iNLzJ82AgABnzcEbVjvEw==";

async function setup(t: TestContext) {
  const chain = new TestChain();
  const desk = new InstitutionDesk(
    {},
    {
      signer: InstitutionSigner.fromGenesis(testGenesis(), signingKey(keys.hkBank)),
      services: chain.services,
      genesis: testGenesis(),
      nowMs: () => chain.nowMs,
    },
  );
  const server = await createApiServer({ services: chain.services, desk });
  const url = await server.listen({ host: "127.0.0.1", port: 0 });
  const producer = setInterval(() => {
    if (chain.mempool.size > 0) chain.produceBlock();
  }, 20);
  t.after(async () => {
    clearInterval(producer);
    await server.close();
  });
  const client = createClient({ url, chainId: CHAIN_ID, nowMs: () => chain.nowMs });
  return { chain, client };
}

const merchant = keySigner(signingKey(keys.merchant));
const alice = keySigner(signingKey(keys.alice));

async function refusedWith(
  promise: Promise<unknown>,
  reason: PaymentCodeRefusal,
  message: RegExp,
): Promise<PaymentCodeRefusedError> {
  let caught: unknown;
  await promise.catch((error: unknown) => (caught = error));
  assert.ok(caught instanceof PaymentCodeRefusedError, `expected a refusal, got ${String(caught)}`);
  assert.equal(caught.reason, reason, caught.message);
  assert.match(caught.shortMessage, message);
  assert.match(caught.message, /Nothing was paid/);
  return caught;
}

/** The payload with its CRC computed again, as a forger would. */
function withCrc(payload: string): string {
  const body = payload.slice(0, -4);
  return body + crcHex(body);
}

test("a merchant's code, signed by its institution, verified and paid with its reference", async (t) => {
  const { client } = await setup(t);
  await assert.rejects(
    client.createMerchantCode({ signer: merchant, currency: "HKD", amount: "12.50" }),
    MerchantNotRegisteredError,
  );
  const profile = await client.registerMerchant({
    signer: merchant,
    name: "TEA HOUSE",
    city: "HONG KONG",
    mcc: "5812",
    alternateLanguage: { language: "ZH", name: "茶館" },
  });
  assert.equal(
    (await client.getMerchantProfile({ account: keys.merchant.account })).name,
    "TEA HOUSE",
  );
  assert.equal(profile.institution, "hk-bank");
  const sale = await client.createMerchantCode({
    signer: merchant,
    currency: "HKD",
    amount: "12.50",
    expiresInMs: 120_000,
  });
  assert.equal(sale.kind, "dynamic");

  const { code, institution } = await client.verifyPaymentCode({ payload: `  ${sale.payload}\n` });
  assert.equal(institution.name, "Hong Kong Bank");
  assert.equal(code.merchantName, "TEA HOUSE");
  assert.equal(code.account, keys.merchant.account);
  assert.equal(code.amount, "12.50");
  assert.equal(code.ledgerReference, sale.ledgerReference);

  const events: SubscriptionEvent[] = [];
  const subscription = await client.subscribe({
    topic: { kind: "reference", id: sale.ledgerReference! },
    onEvent: (event) => events.push(event),
  });
  const receipt = await client.pay({
    signer: alice,
    to: code.account,
    amount: code.amount!,
    currency: code.currency,
    reference: code.ledgerReference!,
  });
  assert.equal(receipt.codeName, "ok");
  const deadline = Date.now() + 10_000;
  while (events.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  await subscription.unsubscribe();
  const [paid] = events;
  assert.ok(paid?.type === "reference");
  assert.equal(paid.hash, receipt.hash);
  assert.equal(paid.from, keys.alice.account);
  assert.deepEqual(paid.amount, { amount: "12.50", currency: "HKD" });

  const counter = await client.createMerchantCode({ signer: merchant, currency: "HKD" });
  const read = await client.verifyPaymentCode({ payload: counter.payload });
  assert.equal(read.code.kind, "static");
  assert.equal(read.code.amount, undefined);
});

test("codes that must not be paid are refused with what is wrong", async (t) => {
  const { chain, client } = await setup(t);
  await client.registerMerchant({
    signer: merchant,
    name: "TEA HOUSE",
    city: "HONG KONG",
    mcc: "5812",
  });
  const sale = await client.createMerchantCode({
    signer: merchant,
    currency: "HKD",
    amount: "12.50",
    expiresInMs: 60_000,
  });
  const payload = sale.payload;

  // The amount changed and the CRC computed again: only the signature can tell.
  const forged = withCrc(payload.replace("540512.50", "540599.50"));
  assert.notEqual(forged, payload);
  await refusedWith(
    client.verifyPaymentCode({ payload: forged }),
    "signature_wrong",
    /^this code was not issued by Hong Kong Bank: its signature does not match/,
  );
  // One character changed without a new CRC: damaged.
  const damaged = payload.replace("TEA HOUSE", "TEA HOUSF");
  await refusedWith(
    client.verifyPaymentCode({ payload: damaged }),
    "crc_mismatch",
    /^the code is damaged/,
  );
  await refusedWith(
    client.verifyPaymentCode({ payload, nowMs: chain.nowMs + 61_000 }),
    "expired",
    /^this code has expired: the code expired at .*, 1 s ago/,
  );
  const other = await refusedWith(
    client.verifyPaymentCode({ payload: EMVCO_EXAMPLE }),
    "not_tongbao",
    /^this is another scheme's EMV code \(D15600000000\), not a Tongbao code: it can be read, but not paid here$/,
  );
  assert.deepEqual(other.other, {
    gui: "D15600000000",
    merchantName: "BEST TRANSPORT",
    city: "BEIJING",
    amount: "23.72",
    currency: "CNY",
  });
  assert.match(other.message, /- Merchant: BEST TRANSPORT, BEIJING\n- Amount: 23\.72 CNY/);
  await refusedWith(
    client.verifyPaymentCode({ payload: CPM_EXAMPLE }),
    "consumer_presented",
    /consumer-presented code/,
  );
  await refusedWith(
    client.verifyPaymentCode({ payload: "hello" }),
    "tlv_broken",
    /^this is not a valid payment code: /,
  );

  // Unsigned, and signed in the name of an institution this network does not have.
  const unsigned = buildTongbaoCode({
    account: keys.merchant.account,
    institution: "hk-bank",
    merchantName: "TEA HOUSE",
    city: "HONG KONG",
    mcc: "5812",
    currency: "HKD",
  });
  assert.ok(unsigned.ok);
  await refusedWith(
    client.verifyPaymentCode({ payload: unsigned.value }),
    "signature_missing",
    /not signed, so nothing proves that TEA HOUSE would be paid/,
  );
  const stranger = buildTongbaoCode({
    account: keys.merchant.account,
    institution: "elsewhere-bank",
    merchantName: "TEA HOUSE",
    city: "HONG KONG",
    mcc: "5812",
    currency: "HKD",
  });
  assert.ok(stranger.ok);
  const signed = attachSignature(stranger.value, { keyType: 1, signature: new Uint8Array(64) });
  assert.ok(signed.ok);
  await refusedWith(
    client.verifyPaymentCode({ payload: signed.value }),
    "institution_unknown",
    /"elsewhere-bank", which is not an institution of this network/,
  );
});
