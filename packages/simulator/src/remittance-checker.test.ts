// Goal: the remittance checker and the conservation count catch what they are there to catch —
// a payout other than the source's, unbalanced legs, an unrecorded or unheld remittance, a
// spend over KYC limits, money that appeared — and pass the ledger's own honest blocks.
// Method: real blocks from the ledger on the simulator's world (an offer, a quote, remits with
// the quote and against the offer, a transfer over a KYC limit), fed to the checker as they
// are, then with one thing changed.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  ResultCode,
  applyBlock,
  type BlockExecution,
  type LedgerState,
  type Operation,
  type SignedTransaction,
} from "@tongbao/ledger";
import { Prng } from "@tongbao/std";
import type { Amount, CurrencyCode, TimestampMs } from "@tongbao/types";
import { SimulationViolation, type Report } from "./checkers.ts";
import { conservationProblems } from "./conservation.ts";
import { KeyRing, type SimKey } from "./keys.ts";
import { RemittanceChecker } from "./remittance-checker.ts";
import { randomClientId, signTransaction } from "./workload.ts";
import { GENESIS_TIME_MS, createWorld, genesisState, type Customer, type World } from "./world.ts";

const HKD = "HKD" as CurrencyCode;
const SGD = "SGD" as CurrencyCode;

interface Block {
  readonly txs: readonly SignedTransaction[];
  readonly execution: BlockExecution;
}

/** A world with the corridor rules and the blocks of one remittance day. */
function history() {
  const world = createWorld(
    { validators: 4, accounts: 60, scheme: "keyed-hash", remittanceRules: true },
    new KeyRing(),
    new Prng(3),
  );
  const state = genesisState(world);
  const prng = new Prng(4);
  const blocks: Block[] = [];
  const block = (...txs: Array<[SimKey, Operation]>) => {
    const timestampMs = GENESIS_TIME_MS + (blocks.length + 1) * 1_000;
    const signed = txs.map(([key, op]) =>
      signTransaction(
        world.chainId,
        key,
        { validUntilMs: timestampMs + 60_000, operations: [op] },
        prng,
      ),
    );
    const execution = applyBlock(state, signed, { height: blocks.length + 1, timestampMs });
    blocks.push({ txs: signed, execution });
    return execution;
  };
  const rich = (tier: (t: number) => boolean) =>
    world.customers.find((c) => tier(c.kycTier) && balance(state, c, HKD) >= 80_000n);
  const sender = rich((t) => t >= 2);
  const capped = rich((t) => t === 0);
  assert.ok(sender !== undefined && capped !== undefined, "the world has the customers needed");
  const recipient = world.customers.find((c) => c.bank !== sender.bank)!;

  const offerId = randomClientId(prng);
  const quoteId = randomClientId(prng);
  const lp = world.liquidityProvider;
  const ok = (execution: BlockExecution) =>
    execution.receipts.forEach((r) => assert.equal(r.code, ResultCode.ok));
  ok(
    block([
      lp,
      {
        kind: "post_offer",
        id: offerId,
        buy: HKD,
        sell: SGD,
        rateNum: 1_703n,
        rateDen: 10_000n,
        minBuy: 100n as Amount,
        maxBuy: 500_000n as Amount,
        spreadBps: 25,
        expiresAtMs: (GENESIS_TIME_MS + 3_600_000) as TimestampMs,
      },
    ]),
  );
  ok(
    block([
      world.banks[sender.bank]!,
      {
        kind: "hold_quote",
        id: quoteId,
        provider: lp.accountId,
        offerId,
        payer: sender.key.accountId,
        buyAmount: 12_345n as Amount,
        timeoutMs: 60_000,
      },
    ]),
  );
  const remit = (amount: bigint, source: Extract<Operation, { kind: "remit" }>["source"]) =>
    [
      sender.key,
      {
        kind: "remit",
        to: recipient.key.accountId,
        sendCurrency: HKD,
        sendAmount: amount as Amount,
        receiveCurrency: SGD,
        worstRateNum: 0n,
        worstRateDen: 1n,
        source,
      },
    ] as [SimKey, Operation];
  ok(
    block(
      remit(12_345n, { kind: "quote", holder: world.banks[sender.bank]!.accountId, id: quoteId }),
      remit(777n, { kind: "offer", provider: lp.accountId, id: offerId }),
    ),
  );
  assert.equal(blocks[2]!.execution.settledRemittances.length, 2);
  // A tier-0 customer's transfer over its per-payment limit (500.00 HKD) fails.
  const over = block([
    capped.key,
    { kind: "transfer", to: recipient.key.accountId, currency: HKD, amount: 60_000n as Amount },
  ]);
  assert.equal(over.receipts[0]!.code, ResultCode.per_payment_limit_exceeded);
  return { world, state, blocks };
}

function balance(state: LedgerState, customer: Customer, code: CurrencyCode): bigint {
  return state.accounts.get(customer.key.accountId)!.balances.get(code) ?? 0n;
}

const report: Report = (kind, detail) => {
  throw new SimulationViolation(0, kind, detail, 0, "this test");
};

function replay(world: World, blocks: readonly Block[]): RemittanceChecker {
  const checker = new RemittanceChecker(world, report);
  blocks.forEach((b, i) => checker.onBlock(i + 1, b.txs, b.execution));
  return checker;
}

/** Replays `blocks` with block `index`'s execution changed by `change`. */
function replayChanged(
  world: World,
  blocks: readonly Block[],
  index: number,
  change: (execution: BlockExecution) => BlockExecution,
): void {
  replay(
    world,
    blocks.map((b, i) => (i === index ? { ...b, execution: change(b.execution) } : b)),
  );
}

const { world, state, blocks } = history();

test("the ledger's own remittances pass the checker and the conservation count", () => {
  const checker = replay(world, blocks);
  assert.equal(checker.stats.settled, 2);
  assert.equal(checker.stats.outcomes["remit:ok"], 2);
  assert.equal(checker.stats.outcomes["hold_quote:ok"], 1);
  assert.deepEqual(conservationProblems(state, world.supply), []);
});

test("a payout other than the source's is reported", () => {
  for (const which of [0, 1]) {
    assert.throws(
      () =>
        replayChanged(world, blocks, 2, (e) => ({
          ...e,
          settledRemittances: e.settledRemittances.map((s, i) =>
            i === which ? { ...s, receiveAmount: (s.receiveAmount + 1n) as Amount } : s,
          ),
        })),
      (error: SimulationViolation) => error.kind === "remittance" && /paid out/.test(error.detail),
    );
  }
});

test("legs that do not add up to the amount sent are reported", () => {
  assert.throws(
    () =>
      replayChanged(world, blocks, 2, (e) => ({
        ...e,
        settledRemittances: e.settledRemittances.map((s) => ({
          ...s,
          residual: (s.residual + 1n) as Amount,
        })),
      })),
    (error: SimulationViolation) => error.kind === "remittance" && /sent/.test(error.detail),
  );
});

test("a successful remit missing from the settled list is reported", () => {
  assert.throws(
    () =>
      replayChanged(world, blocks, 2, (e) => ({
        ...e,
        settledRemittances: e.settledRemittances.slice(1),
      })),
    (error: SimulationViolation) => /not settled/.test(error.detail),
  );
});

test("a remit with a quote the chain never held is reported", () => {
  assert.throws(
    () => replay(world, [blocks[0]!, blocks[2]!]),
    (error: SimulationViolation) => /not held/.test(error.detail),
  );
});

test("a spend over the sender's KYC limit that succeeded is reported", () => {
  assert.throws(
    () =>
      replayChanged(world, blocks, 3, (e) => ({
        ...e,
        receipts: e.receipts.map((r) => ({ ...r, code: ResultCode.ok })),
      })),
    (error: SimulationViolation) => /per-payment limit/.test(error.detail),
  );
});

test("the conservation count sees money that appeared", () => {
  const account = state.accounts.get(world.customers[0]!.key.accountId)!;
  const [code, held] = [...account.balances][0]!;
  account.balances.set(code, held + 1n);
  try {
    assert.match(conservationProblems(state, world.supply).join(), new RegExp(`${code}: .*issued`));
  } finally {
    account.balances.set(code, held);
  }
});
