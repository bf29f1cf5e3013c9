// Goal: for random histories of offers, quotes (held, used, expiring) and remittances (many of
// them failing), and KYC-limited transfers spread over hours and days of agreed time:
// - per-currency conservation holds after every block (supply = balances + pendings + quotes);
// - no rounding creates money: paidToProvider + residual = sendAmount, residual ≥ 0, and the
//   payout is floor(sendAmount × rateNum / rateDen);
// - a block whose only transaction fails has the same state root as an empty block;
// - executing a block speculatively and reverting it restores the exact state root;
// - spending windows agree with a simple model (a list of (time, amount)), and no successful
//   payment ever takes an account over its limits, across hour and day boundaries.
// Method: fast-check commands resolved against the current state (offer and quote slots are
// fixed ids, so later commands hit earlier objects), one operation per transaction.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { equalBytes } from "@tongbao/std";
import type { AccountId, Amount, ClientId, Hash } from "@tongbao/types";
import {
  ResultCode,
  accountSpending,
  checkInvariants,
  commitBlock,
  computeStateRoots,
  executeBlock,
  getQuote,
  limits,
  resultName,
  revertBlock,
  stateRootFromScratch,
  type Operation,
  type SignedTransaction,
} from "./index.ts";
import { TestLedger, keys, makeTx, type TestKey } from "../test/fixtures.ts";
import {
  HKD,
  PHP,
  fromOffer,
  fromQuote,
  fxLedger,
  holdQuote,
  remit,
} from "../test/remittance-fixtures.ts";

const { HOUR_MS, DAY_MS, QUOTE_TIMEOUT_MS_MAX } = limits;
const offerId = (slot: number) => `f${slot.toString(16).padStart(31, "0")}` as ClientId;
const quoteId = (slot: number) => `e${slot.toString(16).padStart(31, "0")}` as ClientId;

const LIMITS = {
  [keys.alice.account]: { perPayment: 30_000n, daily: 40_000n, monthly: 100_000n, tier: 2 },
  [keys.bob.account]: { perPayment: 5_000n, daily: 12_000n, monthly: 30_000n, tier: 1 },
} as Record<AccountId, { perPayment: bigint; daily: bigint; monthly: bigint; tier: number }>;

type Command =
  | { kind: "post"; slot: number; rate: readonly [bigint, bigint]; maxBuy: bigint; lifeMs: number }
  | { kind: "withdraw"; slot: number }
  | { kind: "hold"; slot: number; q: number; payer: number; amount: bigint; timeoutMs: number }
  | {
      kind: "remit";
      sender: number;
      useQuote: boolean;
      exact: boolean;
      slot: number;
      q: number;
      amount: bigint;
      worst: readonly [bigint, bigint];
      hash: boolean;
    }
  | { kind: "transfer"; sender: number; amount: bigint };

const senders: readonly TestKey[] = [keys.alice, keys.bob];
const payers: readonly TestKey[] = [keys.alice, keys.bob, keys.carol];

const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({
    kind: fc.constant("post" as const),
    slot: fc.nat(1),
    rate: fc.constantFrom(
      [7n, 1n] as const,
      [1n, 3n] as const,
      [71_234n, 10_000n] as const,
      [2n, 7n] as const,
    ),
    maxBuy: fc.constantFrom(1_000n, 100_000n, 100_000n),
    lifeMs: fc.integer({ min: 1_000, max: 6 * HOUR_MS }),
  }),
  fc.record({ kind: fc.constant("withdraw" as const), slot: fc.nat(3) }),
  fc.record({
    kind: fc.constant("hold" as const),
    slot: fc.nat(1),
    q: fc.nat(2),
    payer: fc.constantFrom(0, 0, 1, 1, 2),
    amount: fc.bigInt({ min: 1n, max: 30_000n }),
    timeoutMs: fc.integer({ min: 1, max: QUOTE_TIMEOUT_MS_MAX }),
  }),
  fc.record({
    kind: fc.constant("remit" as const),
    sender: fc.nat(1),
    useQuote: fc.boolean(),
    exact: fc.constantFrom(true, true, false),
    slot: fc.nat(1),
    q: fc.nat(2),
    amount: fc.oneof(fc.bigInt({ min: 1n, max: 60_000n }), fc.bigInt({ min: 100n, max: 2_000n })),
    worst: fc.constantFrom([0n, 1n] as const, [1n, 3n] as const, [7n, 1n] as const),
    hash: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant("transfer" as const),
    sender: fc.nat(1),
    amount: fc.bigInt({ min: 1n, max: 20_000n }),
  }),
);

const block = fc.record({
  advanceMs: fc.oneof(
    { arbitrary: fc.integer({ min: 1, max: 5_000 }), weight: 4 },
    { arbitrary: fc.integer({ min: 1, max: 3 * HOUR_MS }), weight: 2 },
    { arbitrary: fc.constant(DAY_MS), weight: 1 },
  ),
  commands: fc.array(command, { maxLength: 4 }),
});

function toTransaction(ledger: TestLedger, c: Command, at: number): SignedTransaction {
  const validUntilMs = at + 60_000;
  let signer: TestKey;
  let op: Operation;
  switch (c.kind) {
    case "post":
      signer = keys.fxDesk;
      op = {
        kind: "post_offer",
        id: offerId(c.slot),
        buy: HKD,
        sell: "PHP" as never,
        rateNum: c.rate[0],
        rateDen: c.rate[1],
        minBuy: 100n as Amount,
        maxBuy: c.maxBuy as Amount,
        spreadBps: 30,
        expiresAtMs: (at + c.lifeMs) as never,
      };
      break;
    case "withdraw":
      signer = keys.fxDesk;
      op = { kind: "withdraw_offer", id: offerId(c.slot) };
      break;
    case "hold":
      signer = keys.hkBank;
      op = holdQuote(offerId(c.slot), payers[c.payer]!.account, c.amount, {
        id: quoteId(c.q),
        timeoutMs: c.timeoutMs,
      });
      break;
    case "remit": {
      signer = senders[c.sender]!;
      const quote = getQuote(ledger.state, keys.hkBank.account, quoteId(c.q));
      const amount = c.useQuote && c.exact && quote !== undefined ? quote.buyAmount : c.amount;
      op = remit(
        keys.carol.account,
        amount,
        c.useQuote ? fromQuote(quoteId(c.q)) : fromOffer(offerId(c.slot)),
        {
          worstRateNum: c.worst[0],
          worstRateDen: c.worst[1],
          ...(c.hash ? { travelRuleHash: "22".repeat(32) as Hash } : {}),
        },
      );
      break;
    }
    case "transfer":
      signer = senders[c.sender]!;
      op = {
        kind: "transfer",
        to: keys.merchant.account,
        currency: HKD,
        amount: c.amount as Amount,
      };
      break;
  }
  return makeTx(signer, [op], { validUntilMs });
}

/** What a model of the windows says an account has spent at `nowMs`. */
function modelSpent(events: ReadonlyArray<[number, bigint]>, nowMs: number) {
  const hour = Math.floor(nowMs / HOUR_MS);
  const day = Math.floor(nowMs / DAY_MS);
  let daily = 0n;
  let monthly = 0n;
  for (const [t, amount] of events) {
    if (Math.floor(t / HOUR_MS) >= hour - 23) daily += amount;
    if (Math.floor(t / DAY_MS) >= day - 29) monthly += amount;
  }
  return { daily, monthly };
}

const countedAmount = (op: Operation): bigint | undefined =>
  op.kind === "transfer" ? op.amount : op.kind === "remit" ? op.sendAmount : undefined;

function setup(): TestLedger {
  const ledger = fxLedger({
    kycLimits: Object.values(LIMITS).map((l) => ({
      currency: "HKD",
      tier: l.tier,
      perPaymentMax: (Number(l.perPayment) / 100).toFixed(2),
      dailyMax: (Number(l.daily) / 100).toFixed(2),
      monthlyMax: (Number(l.monthly) / 100).toFixed(2),
    })),
    travelRuleThresholds: [{ currency: "HKD", thresholdMinor: "20000" }],
  });
  const fund = (to: AccountId): Operation => ({
    kind: "transfer",
    to,
    currency: HKD,
    amount: 5_000_000n as Amount,
  });
  // Two standing offers to start from, and a desk with little liquidity (2,000.00 PHP), so
  // that quotes and remits run out of it.
  const standing = (slot: number, rateNum: bigint, rateDen: bigint): Operation => ({
    kind: "post_offer",
    id: offerId(slot),
    buy: HKD,
    sell: PHP,
    rateNum,
    rateDen,
    minBuy: 100n as Amount,
    maxBuy: 100_000n as Amount,
    spreadBps: 30,
    expiresAtMs: (ledger.nowMs + limits.OFFER_LIFETIME_MS_MAX) as never,
  });
  const drain: Operation = {
    kind: "transfer",
    to: keys.phBank.account,
    currency: PHP,
    amount: (ledger.balance(keys.fxDesk, "PHP") - 200_000n) as Amount,
  };
  ledger.block([
    makeTx(keys.hkBank, [fund(keys.alice.account), fund(keys.bob.account)]),
    makeTx(keys.fxDesk, [standing(0, 7n, 1n), standing(1, 1n, 3n), drain]),
  ]);
  return ledger;
}

const coverage = new Map<string, number>();
const count = (what: string) => coverage.set(what, (coverage.get(what) ?? 0) + 1);

test("remittance histories conserve money, revert exactly and keep KYC limits", () => {
  fc.assert(
    fc.property(fc.array(block, { minLength: 1, maxLength: 30 }), (blocks) => {
      const ledger = setup();
      const events = new Map<AccountId, Array<[number, bigint]>>(
        senders.map((s) => [s.account, []]),
      );
      for (const { advanceMs, commands } of blocks) {
        const at = ledger.nowMs + advanceMs;
        const txs = commands.map((c) => toTransaction(ledger, c, at));
        const context = { height: ledger.state.height + 1, timestampMs: at };
        const committed = computeStateRoots(ledger.state).stateRoot;

        // Speculative execution, then revert: the exact committed state root is back.
        const speculative = executeBlock(ledger.state, txs, context);
        assert.ok(speculative.valid);
        revertBlock(ledger.state);
        assert.ok(equalBytes(computeStateRoots(ledger.state).stateRoot, committed));
        assert.ok(equalBytes(stateRootFromScratch(ledger.state), committed));

        // A block whose single transaction fails ends where an empty block ends.
        if (txs.length === 1 && speculative.execution.receipts[0]!.code !== ResultCode.ok) {
          count(`failed ${txs[0]!.tx.operations[0]!.kind}`);
          const empty = executeBlock(ledger.state, [], context);
          assert.ok(empty.valid);
          assert.ok(equalBytes(empty.execution.stateRoot, speculative.execution.stateRoot));
          revertBlock(ledger.state);
        }

        // The real thing: the same result as the speculative run.
        const result = executeBlock(ledger.state, txs, context);
        assert.ok(result.valid);
        commitBlock(ledger.state);
        ledger.nowMs = at;
        const execution = result.execution;
        assert.ok(equalBytes(execution.stateRoot, speculative.execution.stateRoot));
        assert.deepEqual(checkInvariants(ledger.state), []);

        execution.receipts.forEach((receipt, i) => {
          const tx = txs[i]!;
          const op = tx.tx.operations[0]!;
          count(`${op.kind} ${resultName(receipt.code)}`);
          const amount = countedAmount(op);
          const limitsOf = LIMITS[tx.signer];
          if (amount === undefined || limitsOf === undefined) return;
          const spent = modelSpent(events.get(tx.signer)!, at);
          if (receipt.code === ResultCode.ok) {
            assert.ok(amount <= limitsOf.perPayment, "a payment over the per-payment limit");
            assert.ok(spent.daily + amount <= limitsOf.daily, "a payment over the daily limit");
            assert.ok(spent.monthly + amount <= limitsOf.monthly, "over the monthly limit");
            events.get(tx.signer)!.push([at, amount]);
          } else if (receipt.code === ResultCode.daily_limit_exceeded) {
            assert.ok(spent.daily + amount > limitsOf.daily);
          } else if (receipt.code === ResultCode.monthly_limit_exceeded) {
            assert.ok(spent.monthly + amount > limitsOf.monthly);
          } else if (receipt.code === ResultCode.per_payment_limit_exceeded) {
            assert.ok(amount > limitsOf.perPayment);
          }
        });

        for (const settled of execution.settledRemittances) {
          assert.equal(settled.paidToProvider + settled.residual, settled.sendAmount);
          assert.ok(settled.residual >= 0n);
          assert.equal(
            settled.receiveAmount,
            (settled.sendAmount * settled.rateNum) / settled.rateDen,
          );
          if (settled.residual > 0n) count("remit with residual");
        }

        for (const sender of senders) {
          const spent = accountSpending(ledger.state, sender.account, HKD, at)!;
          const model = modelSpent(events.get(sender.account)!, at);
          assert.deepEqual({ daily: spent.daily, monthly: spent.monthly }, model);
        }
      }
    }),
    { numRuns: 200 },
  );
  // The generators reach the interesting cases (a generator that stopped would pass vacuously).
  for (const what of [
    "remit ok",
    "remit with residual",
    "hold_quote ok",
    "remit quote_not_found",
    "remit insufficient_liquidity",
    "remit travel_rule_required",
    "transfer daily_limit_exceeded",
    "failed remit",
  ]) {
    assert.ok((coverage.get(what) ?? 0) > 0, `never saw: ${what}`);
  }
});
