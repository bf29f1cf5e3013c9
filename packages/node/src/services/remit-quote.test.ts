// Goal: the quote arithmetic gives what the ledger will pay: by send amount the floor of
// send × rate; by receive amount the smallest send that delivers at least the receive amount;
// offers' limits and liquidity decide whether an offer serves; the spread and the displayed rate
// round down. Method: worked examples checked by hand, and a seeded sweep over rates and amounts
// checking the defining inequalities of sendForReceive.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  compareRates,
  fitOffer,
  providerSpread,
  rateDisplay,
  receiveForSend,
  sendForReceive,
  type OfferTerms,
} from "./remit-quote.ts";

// 1 HKD cent buys 7.2 PHP centavos, less a 50 bps spread: 7.164 = 7164 / 1000.
const HKD_PHP: OfferTerms = {
  rateNum: 7164n,
  rateDen: 1000n,
  minBuy: 10_00n,
  maxBuy: 50_000_00n,
  spreadBps: 50,
};

test("by send amount: the receive amount is floor(send × num / den)", () => {
  assert.equal(receiveForSend(1000_00n, 7164n, 1000n), 7164_00n);
  assert.equal(receiveForSend(1n, 7164n, 1000n), 7n, "7.164 rounds down to 7");
  const fit = fitOffer(HKD_PHP, 1_000_000_00n, { by: "send", amount: 1000_00n });
  assert.deepEqual(fit, { ok: true, send: 1000_00n, receive: 7164_00n });
});

test("by receive amount: the smallest send whose floor(send × num / den) reaches it", () => {
  // 7,164.01 PHP: 100,000 cents give exactly 716,400; one more cent gives 716,407 ≥ 716,401.
  assert.equal(sendForReceive(7164_01n, 7164n, 1000n), 1000_01n);
  const fit = fitOffer(HKD_PHP, 1_000_000_00n, { by: "receive", amount: 7164_01n });
  assert.deepEqual(fit, { ok: true, send: 1000_01n, receive: 7164_07n });
  // An exact multiple needs no extra cent.
  assert.equal(sendForReceive(7164_00n, 7164n, 1000n), 1000_00n);
});

test("a seeded sweep: sendForReceive is the least send that delivers the receive amount", () => {
  let seed = 0x2545f491n;
  const next = (bound: bigint) => {
    seed = (seed * 6364136223846793005n + 1442695040888963407n) & ((1n << 64n) - 1n);
    return (seed >> 16n) % bound;
  };
  for (let i = 0; i < 2_000; i++) {
    const num = next(1_000_000n) + 1n;
    const den = next(1_000_000n) + 1n;
    const receive = next(10_000_000_000n);
    const send = sendForReceive(receive, num, den);
    assert.ok(receiveForSend(send, num, den) >= receive, `enough at ${num}/${den}`);
    if (send > 0n) assert.ok(receiveForSend(send - 1n, num, den) < receive, "and the least");
  }
});

test("an offer serves only amounts inside its limits, that pay something, within liquidity", () => {
  assert.deepEqual(fitOffer(HKD_PHP, 10n ** 12n, { by: "send", amount: 9_99n }), {
    ok: false,
    reason: "amount_out_of_range",
  });
  assert.deepEqual(fitOffer(HKD_PHP, 10n ** 12n, { by: "send", amount: 50_000_01n }), {
    ok: false,
    reason: "amount_out_of_range",
  });
  // Asked by receive: the send it needs is what the limits apply to.
  assert.deepEqual(fitOffer(HKD_PHP, 10n ** 12n, { by: "receive", amount: 358_200_01n }), {
    ok: false,
    reason: "amount_out_of_range",
  });
  assert.deepEqual(fitOffer(HKD_PHP, 7163_99n, { by: "send", amount: 1000_00n }), {
    ok: false,
    reason: "insufficient_liquidity",
  });
  const tiny: OfferTerms = { ...HKD_PHP, rateNum: 1n, rateDen: 1000n, minBuy: 1n };
  assert.deepEqual(fitOffer(tiny, 10n ** 12n, { by: "send", amount: 999n }), {
    ok: false,
    reason: "amount_too_small",
  });
});

test("the provider's spread is receive × bps / (10,000 − bps), rounded down", () => {
  // 1,000.00 PHP at 50 bps: 100000 × 50 / 9950 = 502.51… → 502 centavos.
  assert.equal(providerSpread(1000_00n, 50), 502n);
  assert.equal(providerSpread(7164_00n, 50), 3600n, "716400 × 50 / 9950 is exactly 3600");
  assert.equal(providerSpread(7164_00n, 0), 0n);
  assert.equal(providerSpread(5n, 10_000), 5n, "a 100 % spread is the whole amount");
});

test("rates compare by cross-multiplication", () => {
  const a = { rateNum: 7164n, rateDen: 1000n };
  const b = { rateNum: 3582n, rateDen: 500n };
  const c = { rateNum: 7200n, rateDen: 1000n };
  assert.equal(compareRates(a, b), 0);
  assert.ok(compareRates(a, c) < 0);
  assert.ok(compareRates(c, a) > 0);
});

test("the displayed rate is major units per major unit, four decimals, rounded down", () => {
  assert.equal(rateDisplay(7164n, 1000n, 2, 2), "7.1640");
  assert.equal(rateDisplay(1000n, 7164n, 2, 2), "0.1395", "1/7.164 = 0.13958… → 0.1395");
  // 1 JPY (no minor units) buys 5.21 HKD cents: 0.0521 HKD.
  assert.equal(rateDisplay(521n, 100n, 0, 2), "0.0521");
});
