// Goal: the remittance actions report bad parameters the way every async action does — as a
// rejected promise, so `.catch` and `await` see them — and a send amount written without its
// trailing zeros is the quote's own amount, not a mismatch; the refusal of an offer that stands
// too long comes with its fix.
// Method: a client whose currency list is filled in beforehand and whose gateway address is
// unreachable: every case here is decided before any request, so nothing is sent.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { QuoteView } from "@tongbao/api";
import {
  InvalidParameterError,
  buildRemit,
  createClient,
  fixFor,
  generateSecretKey,
  getQuote,
  nobleSigner,
  remitSourceOf,
  setSanctioned,
  withdrawOffer,
} from "./browser.ts";

const HOLDER = "a1".repeat(20);
const PROVIDER = "b2".repeat(20);
const MARIA = "c3".repeat(20);

function offlineClient() {
  // Port 9 (discard) is never a gateway: a request would fail with HttpRequestError, not pass.
  const client = createClient({ url: "http://127.0.0.1:9", chainId: "tongbao-test" });
  client.cache.currencies = Promise.resolve([
    { code: "HKD", minorUnits: 2, issuer: "hk-bank", supply: "1000000.00" },
    { code: "PHP", minorUnits: 2, issuer: "ph-bank", supply: "1000000.00" },
  ]);
  return client;
}

const signer = nobleSigner(generateSecretKey());

const firmQuote: QuoteView = {
  firm: true,
  id: `${HOLDER}-${"0d".repeat(16)}`,
  from: "HKD",
  to: "PHP",
  send: { amount: "1000.00", currency: "HKD" },
  receive: { amount: "7164.00", currency: "PHP" },
  rate: { num: "1791", den: "250", display: "7.1640" },
  provider: { account: PROVIDER, institution: "fx-bank", name: "FX Bank", spreadBps: 50 },
  fees: {
    senderInstitution: { amount: "5.00", currency: "HKD" },
    providerSpread: { amount: "36.00", currency: "PHP" },
  },
  totalDebit: { amount: "1005.00", currency: "HKD" },
  expiresAt: "2026-03-01T08:01:00.000Z",
  offer: { provider: PROVIDER, id: "0e".repeat(16) },
};

test("getQuote, withdrawOffer and setSanctioned reject bad parameters instead of throwing", async () => {
  const client = offlineClient();
  const seen: unknown[] = [];
  // Each call returns; only the promise carries the error.
  const calls = [
    () =>
      getQuote(client, {
        from: "HKD",
        to: "PHP",
        sendAmount: "10.00",
        receiveAmount: "70.00",
      } as never),
    () => getQuote(client, { from: "HKD", to: "PHP", sendAmount: "10.00", payer: "alice" }),
    () => withdrawOffer(client, { signer, offerId: "not-an-id" }),
    () => setSanctioned(client, { signer, account: "not-an-account", sanctioned: true }),
  ];
  for (const call of calls) {
    let promise: Promise<unknown> | undefined;
    assert.doesNotThrow(() => {
      promise = call();
    });
    await promise!.catch((error: unknown) => seen.push(error));
  }
  assert.equal(seen.length, calls.length);
  for (const error of seen) assert.ok(error instanceof InvalidParameterError, String(error));
  assert.deepEqual(
    seen.map((e) => (e as InvalidParameterError).parameter),
    ["sendAmount", "payer", "offerId", "account"],
  );
});

test("a send amount equal to the quote's in minor units is accepted, however it is written", async () => {
  const client = offlineClient();
  for (const sendAmount of ["1000", "1000.0", "1000.00"]) {
    const built = await buildRemit(client, {
      from: signer,
      to: MARIA,
      quote: firmQuote,
      sendAmount,
    });
    const [operation] = built.transaction.operations;
    assert.equal(operation?.kind, "remit");
    assert.equal(operation?.kind === "remit" ? operation.sendAmount : undefined, 100_000n);
  }
  for (const sendAmount of ["1000.01", "999.99", "100"]) {
    await assert.rejects(
      buildRemit(client, { from: signer, to: MARIA, quote: firmQuote, sendAmount }),
      (e: unknown) =>
        e instanceof InvalidParameterError &&
        e.parameter === "sendAmount" &&
        /the quote is for 1000\.00 HKD/.test(e.message),
      sendAmount,
    );
  }
});

test("an offer that would stand too long is refused with what to do about it", () => {
  assert.match(fixFor("offer_lifetime_too_long") ?? "", /at most 30 days/);
});

test("a firm quote is its own source; an indicative one names the offer it priced and its amount", async () => {
  assert.deepEqual(remitSourceOf(firmQuote), { quote: firmQuote });
  const { id: _id, ...rest } = firmQuote;
  const indicative: QuoteView = { ...rest, firm: false };
  const source = remitSourceOf(indicative);
  assert.deepEqual(source, {
    offer: {
      provider: { ...firmQuote.provider, account: PROVIDER },
      id: "0e".repeat(16),
      buy: "HKD",
      sell: "PHP",
      rate: firmQuote.rate,
    },
    sendAmount: "1000.00",
  });
  // Either way the remit it builds is the same payment: 1,000.00 HKD for maria.
  const built = await buildRemit(offlineClient(), {
    from: signer,
    to: MARIA,
    ...source,
    id: "1f".repeat(16),
  });
  assert.equal(built.sendCurrency, "HKD");
  assert.equal(built.receiveCurrency, "PHP");
});
