// Goal: a firm quote's view says how long it has left as the gateway sees it (`expiresInMs`), so
// a wallet counts down from the answer's arrival instead of comparing the agreed expiry with a
// device clock that may be off; never negative once the gateway's clock has passed the expiry.
// Method: the API tests' single-validator TestChain (its clock is a counter): the FX desk posts
// an offer, hk-bank holds a quote for alice, and the view is read at several clock readings.
import { test } from "node:test";
import assert from "node:assert/strict";
import { encodeSignedTransaction } from "@tongbao/ledger";
import type { Amount, ClientId, CurrencyCode, TimestampMs } from "@tongbao/types";
import { TestChain, keys } from "../../../api/test/chain.ts";

const HKD = "HKD" as CurrencyCode;
const PHP = "PHP" as CurrencyCode;
const OFFER = "0f".repeat(16) as ClientId;
const QUOTE = "0a".repeat(16) as ClientId;

test("a held quote's view carries its remaining life by the gateway's clock", async () => {
  const chain = new TestChain();
  const submit = async (signed: Parameters<typeof encodeSignedTransaction>[0]) => {
    const [result] = await chain.services.submitTransactions([encodeSignedTransaction(signed)]);
    assert.equal(result?.status, "accepted", JSON.stringify(result));
  };
  await submit(
    chain.sign(keys.phBank, [
      {
        kind: "transfer",
        to: keys.fxDesk.account,
        currency: PHP,
        amount: 100_000_00n as Amount,
      },
    ]),
  );
  await submit(
    chain.sign(keys.fxDesk, [
      {
        kind: "post_offer",
        id: OFFER,
        buy: HKD,
        sell: PHP,
        rateNum: 7n,
        rateDen: 1n,
        minBuy: 100n as Amount,
        maxBuy: 1_000_000n as Amount,
        spreadBps: 25,
        expiresAtMs: (chain.nowMs + 86_400_000) as TimestampMs,
      },
    ]),
  );
  chain.produceBlock();
  await submit(
    chain.sign(keys.hkBank, [
      {
        kind: "hold_quote",
        id: QUOTE,
        provider: keys.fxDesk.account,
        offerId: OFFER,
        payer: keys.alice.account,
        buyAmount: 1_000_00n as Amount,
        timeoutMs: 60_000,
      },
    ]),
  );
  const block = chain.produceBlock();
  const heldAt = block.header.timestampMs;

  const view = await chain.services.heldQuote(keys.hkBank.account, QUOTE);
  assert.ok(view !== undefined && view.firm);
  assert.equal(Date.parse(view.expiresAt!), heldAt + 60_000);
  assert.equal(view.expiresInMs, heldAt + 60_000 - chain.nowMs);

  chain.nowMs = heldAt + 45_500;
  assert.equal((await chain.services.heldQuote(keys.hkBank.account, QUOTE))?.expiresInMs, 14_500);
  // Past the expiry by the gateway's clock, before a block has removed it: zero, not negative.
  chain.nowMs = heldAt + 61_000;
  assert.equal((await chain.services.heldQuote(keys.hkBank.account, QUOTE))?.expiresInMs, 0);
});
