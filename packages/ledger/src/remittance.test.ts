// Goal: offers, quotes and remittances move exactly the money the spec says, leg by leg, and
// every refusal changes nothing. Method: the four-institution test genesis with PHP liquidity at
// the FX desk; each case applies blocks and checks balances, result codes, the settled
// remittance note and the invariants (conservation includes quote holds).
import { test } from "node:test";
import assert from "node:assert/strict";
import type { AccountId, ClientId, CurrencyCode, Hash, TimestampMs } from "@tongbao/types";
import { equalBytes } from "@tongbao/std";
import {
  KeyType,
  ResultCode,
  checkInvariants,
  toSignedTransaction,
  computeStateRoots,
  getQuote,
  limits,
  offersForPair,
  offersOfProvider,
  resultName,
  validateTransaction,
  type Operation,
} from "./index.ts";
import { keys, nextId } from "../test/fixtures.ts";
import {
  HKD,
  PHP,
  fromOffer,
  fromQuote,
  fxLedger,
  holdQuote,
  postOffer,
  remit,
  run,
} from "../test/remittance-fixtures.ts";

const codeName = (code: ResultCode) => resultName(code);
const ok = (ledger: ReturnType<typeof fxLedger>) =>
  assert.deepEqual(checkInvariants(ledger.state), []);

/** Stateless validation of one operation, judged as an object (some cannot even be encoded). */
function statelessCode(signer: typeof keys.alice, op: Operation): string {
  const tx = {
    version: 1,
    keyType: KeyType.Ed25519,
    publicKey: signer.publicKey,
    id: nextId(),
    validUntilMs: 0 as TimestampMs,
    operations: [op],
  };
  return codeName(
    validateTransaction(toSignedTransaction(tx, new Uint8Array(0), new Uint8Array(64))).code,
  );
}

/** A ledger with one standing offer at 7 PHP minor per HKD minor (or the terms given). */
function withOffer(terms: Parameters<typeof postOffer>[1] = {}) {
  const ledger = fxLedger();
  const id = nextId();
  const { code } = run(ledger, keys.fxDesk, [postOffer(ledger, { ...terms, id })]);
  assert.equal(codeName(code), "ok");
  return { ledger, offerId: id };
}

// ---- offers -------------------------------------------------------------------------------------

test("a provider posts, replaces and withdraws offers; offers hold no money", () => {
  const { ledger, offerId } = withOffer();
  const before = ledger.balance(keys.fxDesk, "PHP");
  assert.equal(offersOfProvider(ledger.state, keys.fxDesk.account).length, 1);
  // Posting the same id replaces the offer: still one, with the new rate.
  assert.equal(
    codeName(run(ledger, keys.fxDesk, [postOffer(ledger, { id: offerId, rateNum: 8n })]).code),
    "ok",
  );
  const offers = offersForPair(ledger.state, HKD, PHP);
  assert.equal(offers.length, 1);
  assert.equal(offers[0]!.rateNum, 8n);
  assert.equal(ledger.balance(keys.fxDesk, "PHP"), before);
  assert.equal(
    codeName(run(ledger, keys.fxDesk, [{ kind: "withdraw_offer", id: offerId }]).code),
    "ok",
  );
  assert.equal(offersForPair(ledger.state, HKD, PHP).length, 0);
  assert.equal(
    codeName(run(ledger, keys.fxDesk, [{ kind: "withdraw_offer", id: offerId }]).code),
    "offer_not_found",
  );
  ok(ledger);
});

test("offers for a pair are listed best rate first", () => {
  const ledger = fxLedger();
  run(ledger, keys.fxDesk, [
    postOffer(ledger, { rateNum: 7n, rateDen: 1n }),
    postOffer(ledger, { rateNum: 15n, rateDen: 2n }),
    postOffer(ledger, { rateNum: 69n, rateDen: 10n }),
  ]);
  const rates = offersForPair(ledger.state, HKD, PHP).map((o) => `${o.rateNum}/${o.rateDen}`);
  assert.deepEqual(rates, ["15/2", "7/1", "69/10"]);
});

test("post_offer refusals: role, currencies, deadline, bounds, rate, spread, count", () => {
  const ledger = fxLedger();
  const USD = "USD" as CurrencyCode;
  assert.equal(codeName(run(ledger, keys.hkBank, [postOffer(ledger)]).code), "not_authorized");
  assert.equal(codeName(run(ledger, keys.alice, [postOffer(ledger)]).code), "not_authorized");
  assert.equal(
    codeName(run(ledger, keys.fxDesk, [postOffer(ledger, { sell: USD })]).code),
    "currency_not_found",
  );
  assert.equal(
    codeName(run(ledger, keys.fxDesk, [postOffer(ledger, { expiresAtMs: ledger.nowMs })]).code),
    "offer_expired",
  );
  const tooFar = ledger.nowMs + 1000 + limits.OFFER_LIFETIME_MS_MAX + 1;
  assert.equal(
    codeName(run(ledger, keys.fxDesk, [postOffer(ledger, { expiresAtMs: tooFar })]).code),
    "offer_lifetime_too_long",
  );
  const fx = keys.fxDesk;
  assert.equal(statelessCode(fx, postOffer(ledger, { sell: HKD })), "currencies_must_be_different");
  assert.equal(statelessCode(fx, postOffer(ledger, { rateNum: 0n })), "rate_invalid");
  assert.equal(statelessCode(fx, postOffer(ledger, { rateDen: 0n })), "rate_invalid");
  assert.equal(statelessCode(fx, postOffer(ledger, { rateNum: 1n << 64n })), "rate_invalid");
  assert.equal(statelessCode(fx, postOffer(ledger, { minBuy: 0n })), "offer_limits_invalid");
  assert.equal(
    statelessCode(fx, postOffer(ledger, { minBuy: 10n, maxBuy: 9n })),
    "offer_limits_invalid",
  );
  assert.equal(statelessCode(fx, postOffer(ledger, { spreadBps: 10_001 })), "fee_rate_invalid");
  assert.equal(offersOfProvider(ledger.state, fx.account).length, 0);

  // The per-provider bound: 256 standing offers; a 257th fails, replacing one still works.
  const ids: ClientId[] = [];
  for (let batch = 0; batch < limits.OFFERS_PER_PROVIDER_MAX / 16; batch++) {
    const ops = Array.from({ length: 16 }, () => {
      const id = nextId();
      ids.push(id);
      return postOffer(ledger, { id });
    });
    assert.equal(codeName(run(ledger, fx, ops).code), "ok");
  }
  assert.equal(codeName(run(ledger, fx, [postOffer(ledger)]).code), "offers_too_many");
  assert.equal(codeName(run(ledger, fx, [postOffer(ledger, { id: ids[0]! })]).code), "ok");
  ok(ledger);
});

test("expired offers are removed at the end of the first block past their deadline", () => {
  const ledger = fxLedger();
  run(ledger, keys.fxDesk, [postOffer(ledger, { expiresAtMs: ledger.nowMs + 5_000 })]);
  assert.equal(ledger.state.offers.size, 1);
  ledger.block([], 3_000);
  assert.equal(ledger.state.offers.size, 1);
  ledger.block([], 1_000);
  assert.equal(ledger.state.offers.size, 0);
  ok(ledger);
});

// ---- quotes -------------------------------------------------------------------------------------

test("a quote takes its payout from the provider and returns it when it expires", () => {
  const { ledger, offerId } = withOffer();
  const before = ledger.balance(keys.fxDesk, "PHP");
  const quoteId = nextId();
  const { code } = run(ledger, keys.hkBank, [
    holdQuote(offerId, keys.alice.account, 10_000n, { id: quoteId, timeoutMs: 5_000 }),
  ]);
  assert.equal(codeName(code), "ok");
  const quote = getQuote(ledger.state, keys.hkBank.account, quoteId)!;
  assert.equal(quote.sellAmount, 70_000n);
  assert.equal(ledger.balance(keys.fxDesk, "PHP"), before - 70_000n);
  ok(ledger);
  // Withdrawing the offer leaves the quote as it was.
  run(ledger, keys.fxDesk, [{ kind: "withdraw_offer", id: offerId }]);
  assert.equal(getQuote(ledger.state, keys.hkBank.account, quoteId), quote);
  ledger.block([], 3_000);
  assert.equal(getQuote(ledger.state, keys.hkBank.account, quoteId), quote);
  ledger.block([], 1_000);
  assert.equal(getQuote(ledger.state, keys.hkBank.account, quoteId), undefined);
  assert.equal(ledger.balance(keys.fxDesk, "PHP"), before);
  ok(ledger);
});

test("a remit in the first block past its quote's deadline fails with quote_expired; later, quote_not_found", () => {
  const { ledger, offerId } = withOffer();
  const quoteId = nextId();
  run(ledger, keys.hkBank, [
    holdQuote(offerId, keys.alice.account, 10_000n, { id: quoteId, timeoutMs: 5_000 }),
  ]);
  const alice = ledger.balance(keys.alice, "HKD");
  const carol = ledger.balance(keys.carol, "PHP");
  ledger.block([], 4_000);
  // This block's time is past the deadline: the quote is still there for the remit to name.
  const late = run(ledger, keys.alice, [remit(keys.carol.account, 10_000n, fromQuote(quoteId))]);
  assert.equal(codeName(late.code), "quote_expired");
  // Released at the end of that block, so a later remit finds nothing.
  assert.equal(getQuote(ledger.state, keys.hkBank.account, quoteId), undefined);
  const later = run(ledger, keys.alice, [remit(keys.carol.account, 10_000n, fromQuote(quoteId))]);
  assert.equal(codeName(later.code), "quote_not_found");
  assert.equal(ledger.balance(keys.alice, "HKD"), alice);
  assert.equal(ledger.balance(keys.carol, "PHP"), carol);
  ok(ledger);
});

test("hold_quote refusals, each without effect", () => {
  const { ledger, offerId } = withOffer({
    minBuy: 100n,
    maxBuy: 1_000_000n,
    rateNum: 1n,
    rateDen: 200n,
  });
  const alice = keys.alice.account;
  const cases: Array<[string, typeof keys.alice, Operation]> = [
    ["not_an_institution", keys.alice, holdQuote(offerId, alice, 10_000n)],
    ["account_not_found", keys.hkBank, holdQuote(offerId, "ab".repeat(20) as AccountId, 10_000n)],
    ["not_authorized", keys.hkBank, holdQuote(offerId, keys.carol.account, 10_000n)],
    ["offer_not_found", keys.hkBank, holdQuote(nextId(), alice, 10_000n)],
    ["amount_outside_offer_limits", keys.hkBank, holdQuote(offerId, alice, 99n)],
    ["amount_outside_offer_limits", keys.hkBank, holdQuote(offerId, alice, 1_000_001n)],
    // 100 × 1 / 200 rounds down to 0.
    ["amount_too_small", keys.hkBank, holdQuote(offerId, alice, 100n)],
  ];
  const before = computeStateRoots(ledger.state).remittanceRoot;
  const desk = ledger.balance(keys.fxDesk, "PHP");
  for (const [expected, signer, op] of cases) {
    assert.equal(codeName(run(ledger, signer, [op]).code), expected);
  }
  assert.ok(equalBytes(computeStateRoots(ledger.state).remittanceRoot, before));
  assert.equal(ledger.balance(keys.fxDesk, "PHP"), desk);
  assert.equal(
    statelessCode(keys.hkBank, holdQuote(offerId, alice, 0n)),
    "amount_must_be_positive",
  );
  assert.equal(
    statelessCode(keys.hkBank, holdQuote(offerId, alice, 1n, { timeoutMs: 0 })),
    "timeout_invalid",
  );
  assert.equal(
    statelessCode(
      keys.hkBank,
      holdQuote(offerId, alice, 1n, { timeoutMs: limits.QUOTE_TIMEOUT_MS_MAX + 1 }),
    ),
    "timeout_invalid",
  );
  ok(ledger);
});

test("hold_quote: duplicate id, per-payer bound, liquidity, frozen and sanctioned parties", () => {
  const { ledger, offerId } = withOffer();
  const alice = keys.alice.account;
  const id = nextId();
  assert.equal(
    codeName(run(ledger, keys.hkBank, [holdQuote(offerId, alice, 100n, { id })]).code),
    "ok",
  );
  assert.equal(
    codeName(run(ledger, keys.hkBank, [holdQuote(offerId, alice, 100n, { id })]).code),
    "quote_already_exists",
  );
  for (let i = 1; i < limits.QUOTES_PER_PAYER_MAX; i++) {
    assert.equal(codeName(run(ledger, keys.hkBank, [holdQuote(offerId, alice, 100n)]).code), "ok");
  }
  assert.equal(
    codeName(run(ledger, keys.hkBank, [holdQuote(offerId, alice, 100n)]).code),
    "quotes_too_many",
  );
  const bob = keys.bob.account;
  // The desk has 10,000,000 PHP minor; at 7 per HKD minor that is 1,428,571 HKD minor at most,
  // but the offer stops at 1,000,000: hold two large quotes, then the third finds too little.
  run(ledger, keys.hkBank, [holdQuote(offerId, bob, 1_000_000n)]);
  assert.equal(
    codeName(run(ledger, keys.hkBank, [holdQuote(offerId, bob, 1_000_000n)]).code),
    "insufficient_liquidity",
  );
  run(ledger, keys.hkBank, [{ kind: "set_frozen", account: bob, frozen: true }]);
  assert.equal(
    codeName(run(ledger, keys.hkBank, [holdQuote(offerId, bob, 100n)]).code),
    "account_frozen",
  );
  run(ledger, keys.regulator, [
    { kind: "set_sanctioned", account: keys.merchant.account, sanctioned: true },
  ]);
  assert.equal(
    codeName(run(ledger, keys.hkBank, [holdQuote(offerId, keys.merchant.account, 100n)]).code),
    "account_sanctioned",
  );
  run(ledger, keys.regulator, [{ kind: "set_frozen", account: keys.fxDesk.account, frozen: true }]);
  assert.equal(
    codeName(run(ledger, keys.phBank, [holdQuote(offerId, keys.carol.account, 100n)]).code),
    "account_frozen",
  );
  ok(ledger);
});

// ---- remit --------------------------------------------------------------------------------------

test("a remit from a quote moves every leg exactly, with the rounding residual", () => {
  // 1 PHP minor per 3 HKD minor: 1,000 HKD minor buys 333 PHP minor, worth 999 HKD minor;
  // the 1 HKD minor left over is the residual, credited to Alice's institution.
  const { ledger, offerId } = withOffer({ rateNum: 1n, rateDen: 3n });
  const quoteId = nextId();
  run(ledger, keys.hkBank, [holdQuote(offerId, keys.alice.account, 1_000n, { id: quoteId })]);
  const alice = ledger.balance(keys.alice, "HKD");
  const bank = ledger.balance(keys.hkBank, "HKD");
  const deskHkd = ledger.balance(keys.fxDesk, "HKD");
  const deskPhp = ledger.balance(keys.fxDesk, "PHP");
  const carol = ledger.balance(keys.carol, "PHP");
  const { code, execution } = run(ledger, keys.alice, [
    remit(keys.carol.account, 1_000n, fromQuote(quoteId), {
      worstRateNum: 333n,
      worstRateDen: 1_000n,
    }),
  ]);
  assert.equal(codeName(code), "ok");
  const fee = 10n + 1n; // 0.10 fixed + 10 bps of 10.00 (1 minor)
  assert.equal(ledger.balance(keys.alice, "HKD"), alice - 1_000n - fee);
  assert.equal(ledger.balance(keys.fxDesk, "HKD"), deskHkd + 999n);
  assert.equal(ledger.balance(keys.hkBank, "HKD"), bank + fee + 1n);
  assert.equal(ledger.balance(keys.fxDesk, "PHP"), deskPhp); // paid out of the quote
  assert.equal(ledger.balance(keys.carol, "PHP"), carol + 333n);
  assert.equal(getQuote(ledger.state, keys.hkBank.account, quoteId), undefined);
  assert.deepEqual(execution.settledRemittances, [
    {
      transactionIndex: 0,
      operationIndex: 0,
      sender: keys.alice.account,
      recipient: keys.carol.account,
      provider: keys.fxDesk.account,
      sendCurrency: HKD,
      sendAmount: 1_000n,
      fee,
      paidToProvider: 999n,
      residual: 1n,
      residualTo: keys.hkBank.account,
      receiveCurrency: PHP,
      receiveAmount: 333n,
      rateNum: 1n,
      rateDen: 3n,
      spreadBps: 25,
      source: fromQuote(quoteId),
      travelRuleHash: undefined,
    },
  ]);
  ok(ledger);
});

test("a remit from an offer pays out of the provider's balance", () => {
  const { ledger, offerId } = withOffer();
  const deskPhp = ledger.balance(keys.fxDesk, "PHP");
  const { code, execution } = run(ledger, keys.alice, [
    remit(keys.carol.account, 10_000n, fromOffer(offerId)),
  ]);
  assert.equal(codeName(code), "ok");
  assert.equal(ledger.balance(keys.fxDesk, "PHP"), deskPhp - 70_000n);
  assert.equal(ledger.balance(keys.fxDesk, "HKD"), 10_000n);
  assert.equal(ledger.balance(keys.carol, "PHP"), 70_000n);
  assert.equal(execution.settledRemittances[0]!.residual, 0n);
  ok(ledger);
});

test("remit refusals, each without effect", () => {
  const { ledger, offerId } = withOffer({ maxBuy: 50_000n });
  const quoteId = nextId();
  const smallQuote = nextId();
  run(ledger, keys.hkBank, [
    holdQuote(offerId, keys.alice.account, 10_000n, { id: quoteId }),
    holdQuote(offerId, keys.bob.account, 4_000n, { id: smallQuote }),
  ]);
  const carol = keys.carol.account;
  const cases: Array<[string, typeof keys.alice, Operation]> = [
    ["quote_not_found", keys.alice, remit(carol, 10_000n, fromQuote(nextId()))],
    ["not_authorized", keys.bob, remit(carol, 10_000n, fromQuote(quoteId))],
    ["quote_terms_mismatch", keys.alice, remit(carol, 9_999n, fromQuote(quoteId))],
    [
      "quote_terms_mismatch",
      keys.alice,
      remit(carol, 10_000n, fromQuote(quoteId), { send: PHP, receive: HKD }),
    ],
    ["offer_not_found", keys.alice, remit(carol, 10_000n, fromOffer(nextId()))],
    ["amount_outside_offer_limits", keys.alice, remit(carol, 50_001n, fromOffer(offerId))],
    [
      "rate_beyond_limit",
      keys.alice,
      remit(carol, 10_000n, fromQuote(quoteId), { worstRateNum: 71n, worstRateDen: 10n }),
    ],
    [
      "account_not_found",
      keys.alice,
      remit("cd".repeat(20) as AccountId, 10_000n, fromQuote(quoteId)),
    ],
    // Bob has 50.00 HKD: 40.00 plus the fee is fine, but not another 20.00 from the offer.
    ["insufficient_funds", keys.bob, remit(carol, 5_000n, fromOffer(offerId))],
    [
      "currency_not_found",
      keys.alice,
      remit(carol, 10_000n, fromOffer(offerId), { receive: "USD" as CurrencyCode }),
    ],
  ];
  const roots = computeStateRoots(ledger.state).remittanceRoot;
  const balances = () =>
    [keys.alice, keys.bob, keys.carol, keys.fxDesk, keys.hkBank].map((k) => [
      ledger.balance(k, "HKD"),
      ledger.balance(k, "PHP"),
    ]);
  const before = balances();
  for (const [expected, signer, op] of cases) {
    assert.equal(codeName(run(ledger, signer, [op]).code), expected, expected);
  }
  assert.deepEqual(balances(), before);
  assert.ok(equalBytes(computeStateRoots(ledger.state).remittanceRoot, roots));

  assert.equal(
    statelessCode(keys.alice, remit(carol, 1n, fromOffer(offerId), { receive: HKD })),
    "currencies_must_be_different",
  );
  assert.equal(
    statelessCode(keys.alice, remit(keys.alice.account, 1n, fromOffer(offerId))),
    "accounts_must_be_different",
  );
  assert.equal(
    statelessCode(keys.alice, remit(carol, 1n, fromOffer(offerId), { worstRateDen: 0n })),
    "rate_invalid",
  );
  assert.equal(
    statelessCode(keys.alice, remit(carol, 0n, fromOffer(offerId))),
    "amount_must_be_positive",
  );
  ok(ledger);
});

test("remit: liquidity, frozen and sanctioned recipients, frozen provider", () => {
  const { ledger, offerId } = withOffer({ maxBuy: 100_000_000n });
  const carol = keys.carol.account;
  // Alice has 1,000.00 HKD; the desk's 100,000.00 PHP covers 14,285.71 HKD at 7: give Alice more.
  run(ledger, keys.hkBank, [
    { kind: "transfer", to: keys.alice.account, currency: HKD, amount: 2_000_000n as never },
  ]);
  assert.equal(
    codeName(run(ledger, keys.alice, [remit(carol, 1_500_000n, fromOffer(offerId))]).code),
    "insufficient_liquidity",
  );
  run(ledger, keys.phBank, [{ kind: "set_frozen", account: carol, frozen: true }]);
  assert.equal(
    codeName(run(ledger, keys.alice, [remit(carol, 1_000n, fromOffer(offerId))]).code),
    "account_frozen",
  );
  run(ledger, keys.phBank, [{ kind: "set_frozen", account: carol, frozen: false }]);
  run(ledger, keys.regulator, [{ kind: "set_sanctioned", account: carol, sanctioned: true }]);
  assert.equal(
    codeName(run(ledger, keys.alice, [remit(carol, 1_000n, fromOffer(offerId))]).code),
    "account_sanctioned",
  );
  run(ledger, keys.regulator, [{ kind: "set_sanctioned", account: carol, sanctioned: false }]);
  run(ledger, keys.regulator, [{ kind: "set_frozen", account: keys.fxDesk.account, frozen: true }]);
  assert.equal(
    codeName(run(ledger, keys.alice, [remit(carol, 1_000n, fromOffer(offerId))]).code),
    "account_frozen",
  );
  ok(ledger);
});

test("a remit linked with a failing operation is undone entirely, quote included", () => {
  const { ledger, offerId } = withOffer();
  const quoteId = nextId();
  run(ledger, keys.hkBank, [holdQuote(offerId, keys.alice.account, 10_000n, { id: quoteId })]);
  const before = computeStateRoots(ledger.state);
  const alice = ledger.balance(keys.alice, "HKD");
  const { code, execution } = run(ledger, keys.alice, [
    remit(keys.carol.account, 10_000n, fromQuote(quoteId)),
    { kind: "transfer", to: keys.bob.account, currency: HKD, amount: (10n ** 12n) as never },
  ]);
  assert.equal(codeName(code), "insufficient_funds");
  assert.equal(execution.receipts[0]!.operationIndex, 1);
  assert.deepEqual(execution.settledRemittances, []);
  assert.equal(ledger.balance(keys.alice, "HKD"), alice);
  assert.ok(getQuote(ledger.state, keys.hkBank.account, quoteId) !== undefined);
  const after = computeStateRoots(ledger.state);
  assert.ok(equalBytes(after.remittanceRoot, before.remittanceRoot));
  assert.ok(equalBytes(after.accountsRoot, before.accountsRoot));
  ok(ledger);
});

test("travel rule: at or above the threshold a remit needs the data's hash", () => {
  const { ledger, offerId } = withOffer();
  const carol = keys.carol.account;
  assert.equal(
    codeName(
      run(ledger, keys.alice, [
        { kind: "set_travel_rule_threshold", currency: HKD, thresholdMinor: 5_000n as never },
      ]).code,
    ),
    "not_an_institution",
  );
  assert.equal(
    codeName(
      run(ledger, keys.hkBank, [
        { kind: "set_travel_rule_threshold", currency: HKD, thresholdMinor: 5_000n as never },
      ]).code,
    ),
    "not_authorized",
  );
  run(ledger, keys.regulator, [
    { kind: "set_travel_rule_threshold", currency: HKD, thresholdMinor: 5_000n as never },
  ]);
  assert.equal(
    codeName(run(ledger, keys.alice, [remit(carol, 4_999n, fromOffer(offerId))]).code),
    "ok",
  );
  assert.equal(
    codeName(run(ledger, keys.alice, [remit(carol, 5_000n, fromOffer(offerId))]).code),
    "travel_rule_required",
  );
  const travelRuleHash = "11".repeat(32) as Hash;
  const { code, execution } = run(ledger, keys.alice, [
    remit(carol, 5_000n, fromOffer(offerId), { travelRuleHash }),
  ]);
  assert.equal(codeName(code), "ok");
  assert.equal(execution.settledRemittances[0]!.travelRuleHash, travelRuleHash);
  ok(ledger);
});

test("reposting an offer again and again keeps the expiry queue bounded, and the offer still expires", () => {
  // Each repost leaves a stale expiry entry until the old deadline; commits compact them away.
  const ledger = fxLedger();
  const id = nextId();
  const expiresAtMs = ledger.nowMs + 60 * 60 * 1000;
  for (let i = 0; i < 1_500; i++) {
    const { code } = run(ledger, keys.fxDesk, [
      postOffer(ledger, { id, expiresAtMs, rateNum: BigInt(7 + (i % 2)) }),
    ]);
    assert.equal(codeName(code), "ok");
  }
  assert.equal(ledger.state.offers.size, 1);
  assert.ok(
    ledger.state.offers.expiryEntries <= 2 * ledger.state.offers.size + 1_024,
    `${ledger.state.offers.expiryEntries} entries for one offer`,
  );
  ledger.block([], 60 * 60 * 1000);
  assert.equal(ledger.state.offers.size, 0);
  ok(ledger);
});
