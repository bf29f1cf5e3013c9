// Goal: KYC limits hold in rolling windows of agreed time (24 hourly buckets, 30 daily buckets),
// across hour and day boundaries; institution accounts and fees are not counted; sanctions stop
// signing and receiving and are seen by admission; genesis sets all three with clear errors.
// Method: blocks at chosen agreed times; each limit case checks the code at the boundary.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Amount, CurrencyCode } from "@tongbao/types";
import {
  GenesisError,
  ResultCode,
  accountSpending,
  checkInvariants,
  createGenesisState,
  kycLimitsOf,
  limits,
  resultName,
  sanctionedAccountOf,
  travelRuleThreshold,
  validateTransaction,
  type Operation,
} from "./index.ts";
import { TestLedger, keys, makeTx, nextId, testGenesis } from "../test/fixtures.ts";
import { HKD, fromOffer, fxLedger, postOffer, remit, run } from "../test/remittance-fixtures.ts";

const { HOUR_MS, DAY_MS } = limits;
const pay = (amount: bigint, to = keys.merchant.account): Operation => ({
  kind: "transfer",
  to,
  currency: HKD,
  amount: amount as Amount,
});
const setLimits = (perPayment: bigint, daily: bigint, monthly: bigint, tier = 2): Operation => ({
  kind: "set_kyc_limits",
  currency: HKD,
  tier,
  perPaymentMax: perPayment as Amount,
  dailyMax: daily as Amount,
  monthlyMax: monthly as Amount,
});
const name = (code: ResultCode) => resultName(code);

/** A ledger whose clock stands at the start of an hour, with Alice (tier 2) limited. */
function limitedLedger(perPayment: bigint, daily: bigint, monthly: bigint): TestLedger {
  const ledger = fxLedger();
  // Genesis is at midnight; the first block lands one second later.
  assert.equal(name(run(ledger, keys.hkBank, [setLimits(perPayment, daily, monthly)]).code), "ok");
  // Alice gets plenty, so only the limits can refuse her.
  run(ledger, keys.hkBank, [pay(10_000_000n, keys.alice.account)]);
  return ledger;
}

/** Moves the clock to `at` (absolute agreed time) with an empty block. */
function advanceTo(ledger: TestLedger, at: number): void {
  assert.ok(at > ledger.nowMs);
  ledger.block([], at - ledger.nowMs);
}

test("set_kyc_limits: only the currency's issuer, and ordered limits", () => {
  const ledger = fxLedger();
  assert.equal(name(run(ledger, keys.phBank, [setLimits(1n, 2n, 3n)]).code), "not_currency_issuer");
  assert.equal(name(run(ledger, keys.alice, [setLimits(1n, 2n, 3n)]).code), "not_currency_issuer");
  assert.equal(kycLimitsOf(ledger.state, HKD, 2), undefined);
  assert.equal(name(run(ledger, keys.hkBank, [setLimits(1n, 2n, 3n)]).code), "ok");
  assert.deepEqual(kycLimitsOf(ledger.state, HKD, 2), {
    perPaymentMax: 1n,
    dailyMax: 2n,
    monthlyMax: 3n,
  });
  const bad = (op: Operation) => makeTx(keys.hkBank, [op]);
  assert.throws(() => ledger.block([bad(setLimits(3n, 2n, 3n))]), /cannot be included/);
  const invalid = [setLimits(3n, 2n, 3n), setLimits(1n, 4n, 3n), setLimits(1n, 2n, 3n, 4)];
  assert.deepEqual(
    invalid.map((op) => name(validateTransaction(bad(op)).code)),
    ["kyc_limits_invalid", "kyc_limits_invalid", "kyc_tier_invalid"],
  );
});

test("per-payment and daily limits; the day rolls by the hour, not at midnight", () => {
  const ledger = limitedLedger(5_000n, 10_000n, 1_000_000n);
  const alice = keys.alice;
  assert.equal(name(run(ledger, alice, [pay(5_001n)]).code), "per_payment_limit_exceeded");
  // Hour h0 (the first hour of the ledger): 4,000 then 4,000; a third 4,000 is over the day.
  const h0 = Math.floor(ledger.nowMs / HOUR_MS);
  assert.equal(name(run(ledger, alice, [pay(4_000n)]).code), "ok");
  assert.equal(name(run(ledger, alice, [pay(4_000n)]).code), "ok");
  assert.equal(name(run(ledger, alice, [pay(4_000n)]).code), "daily_limit_exceeded");
  // Fees are not counted: 2,000 more fits exactly although a fee is paid on each transfer.
  assert.equal(name(run(ledger, alice, [pay(2_000n)]).code), "ok");
  assert.equal(name(run(ledger, alice, [pay(1n)]).code), "daily_limit_exceeded");
  // 23 hours later the first hour still counts; in hour h0 + 24 it has left the window.
  advanceTo(ledger, (h0 + 23) * HOUR_MS + 1);
  assert.equal(name(run(ledger, alice, [pay(1n)]).code), "daily_limit_exceeded");
  advanceTo(ledger, (h0 + 24) * HOUR_MS);
  assert.equal(name(run(ledger, alice, [pay(5_000n)]).code), "ok");
  const spent = accountSpending(ledger.state, alice.account, HKD, ledger.nowMs)!;
  assert.equal(spent.daily, 5_000n);
  assert.equal(spent.monthly, 15_000n);
  assert.deepEqual(checkInvariants(ledger.state), []);
});

test("the monthly limit counts 30 days of daily buckets, across day boundaries", () => {
  const ledger = limitedLedger(10_000n, 20_000n, 25_000n);
  const alice = keys.alice;
  const d0 = Math.floor(ledger.nowMs / DAY_MS);
  assert.equal(name(run(ledger, alice, [pay(10_000n)]).code), "ok");
  advanceTo(ledger, (d0 + 1) * DAY_MS + 5 * HOUR_MS);
  assert.equal(name(run(ledger, alice, [pay(10_000n)]).code), "ok");
  advanceTo(ledger, (d0 + 2) * DAY_MS);
  assert.equal(name(run(ledger, alice, [pay(5_001n)]).code), "monthly_limit_exceeded");
  assert.equal(name(run(ledger, alice, [pay(5_000n)]).code), "ok");
  // Day d0 + 29 still counts day d0; day d0 + 30 does not.
  advanceTo(ledger, (d0 + 29) * DAY_MS + 23 * HOUR_MS);
  assert.equal(name(run(ledger, alice, [pay(1n)]).code), "monthly_limit_exceeded");
  advanceTo(ledger, (d0 + 30) * DAY_MS);
  assert.equal(name(run(ledger, alice, [pay(10_000n)]).code), "ok");
  // Pruned on write: only the days still in the window are kept.
  const window = ledger.state.spending.get(alice.account, HKD)!;
  assert.deepEqual(
    window.days.map((d) => d.index - d0),
    [1, 2, 30],
  );
  assert.deepEqual(checkInvariants(ledger.state), []);
});

test("limits count remits, pending holds and approvals; institutions are not limited", () => {
  const ledger = limitedLedger(10_000n, 10_000n, 100_000n);
  const offerId = nextId();
  run(ledger, keys.fxDesk, [postOffer(ledger, { id: offerId })]);
  const alice = keys.alice;
  assert.equal(
    name(run(ledger, alice, [remit(keys.carol.account, 6_000n, fromOffer(offerId))]).code),
    "ok",
  );
  const hold: Operation = {
    kind: "create_pending",
    id: nextId(),
    to: keys.bob.account,
    currency: HKD,
    amount: 4_001n as Amount,
    timeoutMs: 60_000,
  };
  assert.equal(name(run(ledger, alice, [hold]).code), "daily_limit_exceeded");
  assert.equal(name(run(ledger, alice, [{ ...hold, amount: 4_000n as Amount }]).code), "ok");
  assert.equal(name(run(ledger, alice, [pay(1n)]).code), "daily_limit_exceeded");
  // The bank's own account has tier 3 but is an institution: never limited.
  run(ledger, keys.hkBank, [setLimits(0n, 0n, 0n, limits.KYC_TIER_MAX)]);
  assert.equal(name(run(ledger, keys.hkBank, [pay(1_000_000n)]).code), "ok");
  // Tier 1 (Bob) has no limits: unlimited.
  assert.equal(name(run(ledger, keys.bob, [pay(100n)]).code), "ok");
  assert.equal(ledger.state.spending.get(keys.bob.account, HKD), undefined);
});

test("a sanctioned account can neither sign nor receive; admission sees it", () => {
  const ledger = fxLedger();
  const sanction = (account = keys.bob.account, sanctioned = true): Operation => ({
    kind: "set_sanctioned",
    account,
    sanctioned,
  });
  assert.equal(name(run(ledger, keys.alice, [sanction()]).code), "not_an_institution");
  assert.equal(name(run(ledger, keys.hkBank, [sanction()]).code), "not_authorized");
  // A regulator's own account signs sanctions: it cannot be sanctioned, lest none can be lifted.
  assert.equal(
    name(run(ledger, keys.regulator, [sanction(keys.regulator.account)]).code),
    "not_authorized",
  );
  assert.equal(name(run(ledger, keys.regulator, [sanction()]).code), "ok");
  const toBob = makeTx(keys.alice, [pay(100n, keys.bob.account)]);
  const byBob = makeTx(keys.bob, [pay(100n, keys.alice.account)]);
  // The refusal names the sanctioned account, whichever role it has in the transaction.
  assert.equal(sanctionedAccountOf(ledger.state, toBob), keys.bob.account);
  assert.equal(sanctionedAccountOf(ledger.state, byBob), keys.bob.account);
  const approveBob = makeTx(keys.alice, [
    {
      kind: "approve_request",
      payee: keys.bob.account,
      id: nextId(),
      currency: HKD,
      amount: 1n as Amount,
    },
  ]);
  assert.equal(sanctionedAccountOf(ledger.state, approveBob), keys.bob.account);
  assert.equal(sanctionedAccountOf(ledger.state, makeTx(keys.alice, [pay(1n)])), undefined);
  const bob = ledger.balance(keys.bob, "HKD");
  const { receipts } = ledger.block([toBob, byBob]);
  assert.deepEqual(
    receipts.map((r) => name(r.code)),
    ["account_sanctioned", "account_sanctioned"],
  );
  const issue: Operation = {
    kind: "issue",
    currency: HKD,
    to: keys.bob.account,
    amount: 1n as Amount,
  };
  assert.equal(name(run(ledger, keys.hkBank, [issue]).code), "account_sanctioned");
  assert.equal(ledger.balance(keys.bob, "HKD"), bob);
  assert.equal(name(run(ledger, keys.regulator, [sanction(keys.bob.account, false)]).code), "ok");
  assert.equal(name(run(ledger, keys.alice, [pay(100n, keys.bob.account)]).code), "ok");
  assert.deepEqual(checkInvariants(ledger.state), []);
});

test("genesis sets KYC limits, travel-rule thresholds and sanctions, and names its mistakes", () => {
  const state = createGenesisState(
    testGenesis({
      kycLimits: [
        {
          currency: "HKD",
          tier: 1,
          perPaymentMax: "80.00",
          dailyMax: "100.00",
          monthlyMax: "500.00",
        },
      ],
      travelRuleThresholds: [{ currency: "HKD", thresholdMinor: "800000" }],
      sanctioned: [keys.carol.account],
    }),
  );
  assert.deepEqual(kycLimitsOf(state, HKD, 1), {
    perPaymentMax: 8_000n,
    dailyMax: 10_000n,
    monthlyMax: 50_000n,
  });
  assert.equal(travelRuleThreshold(state, HKD), 800_000n);
  assert.equal(state.accounts.get(keys.carol.account)!.sanctioned, true);
  assert.deepEqual(checkInvariants(state), []);

  const refused = (overrides: Parameters<typeof testGenesis>[0], pattern: RegExp) =>
    assert.throws(
      () => createGenesisState(testGenesis(overrides)),
      (e) => e instanceof GenesisError && pattern.test(e.message),
    );
  const limit = { currency: "HKD", tier: 1, perPaymentMax: "1", dailyMax: "2", monthlyMax: "3" };
  refused({ kycLimits: [{ ...limit, currency: "USD" }] }, /kycLimits\[0\]\.currency: unknown/);
  refused({ kycLimits: [{ ...limit, tier: 9 }] }, /kycLimits\[0\]\.tier: must be an integer 0–3/);
  refused({ kycLimits: [{ ...limit, dailyMax: "0.5" }] }, /perPaymentMax ≤ dailyMax ≤ monthlyMax/);
  refused({ kycLimits: [limit, limit] }, /kycLimits\[1\]: .* listed twice/);
  refused({ kycLimits: [{ ...limit, monthlyMax: "x" }] }, /kycLimits\[0\]\.monthlyMax/);
  refused(
    { travelRuleThresholds: [{ currency: "HKD", thresholdMinor: "8000.00" }] },
    /thresholdMinor: must be a whole number/,
  );
  refused({ sanctioned: ["ab".repeat(20)] }, /sanctioned\[0\]: no account/);
  refused(
    { sanctioned: [keys.carol.account, keys.carol.account] },
    /sanctioned\[1\]: .* listed twice/,
  );
});

test("KYC checks in a currency without limits touch no spending state", () => {
  const ledger = new TestLedger();
  run(ledger, keys.alice, [pay(100n)]);
  assert.equal(ledger.state.spending.table.size, 0);
  assert.equal(ledger.state.kycLimits.size, 0);
  assert.equal(kycLimitsOf(ledger.state, "PHP" as CurrencyCode, 1), undefined);
});
