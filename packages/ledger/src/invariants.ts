/**
 * Whole-state invariants, checked after every block in tests and in the simulator (a full scan,
 * so not on the production hot path, where executeBlock's flow assertion covers each block):
 * - per currency, supply (issued − redeemed) = Σ balances + Σ pending amounts + Σ quote holds;
 * - no balance is negative or above AMOUNT_MAX; every pending amount is positive;
 * - every account belongs to a known institution, every currency to a known issuer;
 * - every remembered payment is within its retention and refunded at most in full;
 * - every open request is before its deadline and within the per-payer, per-payee and per-pair
 *   bounds, and the per-account indexes hold exactly the open requests;
 * - every offer and quote is before its deadline and within its bounds; quotes keep the payout
 *   their rate gives; the per-provider, per-holder and per-payer indexes hold exactly them;
 * - every KYC spending window's buckets are ascending, positive and within their window;
 * - the incrementally maintained state root equals one rebuilt from scratch.
 */
import { SlotTree } from "@tongbao/codec";
import { equalBytes } from "@tongbao/std";
import { AMOUNT_MAX, type CurrencyCode } from "@tongbao/types";
import {
  DAILY_WINDOW_HOURS,
  MONTHLY_WINDOW_DAYS,
  OFFERS_PER_PROVIDER_MAX,
  QUOTES_PER_HOLDER_MAX,
  QUOTES_PER_PAYER_MAX,
  OPEN_REQUESTS_PER_PAIR_MAX,
  OPEN_REQUESTS_PER_PAYEE_MAX,
  OPEN_REQUESTS_PER_PAYER_MAX,
  REFERENCE_RETENTION_MS,
} from "./constants.ts";
import type { LedgerState } from "./state/ledger-state.ts";
import { encodeAccount, encodePending } from "./state/encode-state.ts";
import { computeStateRoots, remittanceRootOf, stateRootOf } from "./state/state-root.ts";

export function checkInvariants(state: LedgerState): string[] {
  const violations: string[] = [];
  const totals = new Map<CurrencyCode, bigint>();
  const add = (code: CurrencyCode, amount: bigint) =>
    totals.set(code, (totals.get(code) ?? 0n) + amount);
  for (const account of state.accounts.values()) {
    if (!state.institutions.has(account.institution)) {
      violations.push(
        `account ${account.id} belongs to unknown institution ${account.institution}`,
      );
    }
    for (const [code, balance] of account.balances) {
      if (balance < 0n)
        violations.push(`account ${account.id} has negative ${code} balance ${balance}`);
      if (balance > AMOUNT_MAX)
        violations.push(`account ${account.id} ${code} balance above maximum`);
      if (!state.currencies.has(code))
        violations.push(`account ${account.id} holds unknown currency ${code}`);
      add(code, balance);
    }
  }
  for (const pending of state.pendings.values()) {
    if (pending.amount <= 0n)
      violations.push(`pending ${pending.from}/${pending.id} has amount ${pending.amount}`);
    add(pending.currency, pending.amount);
  }
  for (const quote of state.quotes.table.values()) add(quote.sell, quote.sellAmount);
  for (const currency of state.currencies.values()) {
    if (!state.institutions.has(currency.issuer))
      violations.push(`currency ${currency.code} has unknown issuer`);
    const total = totals.get(currency.code) ?? 0n;
    if (total !== currency.supply) {
      violations.push(
        `${currency.code}: supply ${currency.supply} but balances + pending + quotes = ${total}`,
      );
    }
  }
  let sanctioned = 0;
  for (const account of state.accounts.values()) if (account.sanctioned) sanctioned++;
  if (sanctioned !== state.sanctionedCount) {
    violations.push(
      `${sanctioned} accounts sanctioned, but the count says ${state.sanctionedCount}`,
    );
  }
  violations.push(
    ...paymentViolations(state),
    ...requestViolations(state),
    ...remittanceViolations(state),
  );
  if (!state.blockInProgress) {
    const incremental = computeStateRoots(state).stateRoot;
    if (!equalBytes(incremental, stateRootFromScratch(state))) {
      violations.push("incremental state root differs from the root rebuilt from scratch");
    }
  }
  return violations;
}

function paymentViolations(state: LedgerState): string[] {
  const violations: string[] = [];
  for (const record of state.payments.table.values()) {
    const name = `payment ${record.payee}/${record.reference}`;
    if (record.amount <= 0n) violations.push(`${name} has amount ${record.amount}`);
    if (record.refunded < 0n || record.refunded > record.amount) {
      violations.push(`${name} refunded ${record.refunded} of ${record.amount}`);
    }
    if (!state.accounts.has(record.payer) || !state.accounts.has(record.payee)) {
      violations.push(`${name} names an unknown account`);
    }
    if (!state.currencies.has(record.currency)) violations.push(`${name} in an unknown currency`);
    if (state.height > 0 && record.paidAtMs + REFERENCE_RETENTION_MS <= state.lastTimestampMs) {
      violations.push(`${name} is remembered past its retention`);
    }
  }
  return violations;
}

function requestViolations(state: LedgerState): string[] {
  const violations: string[] = [];
  const payers = new Map<string, number>();
  const payees = new Map<string, number>();
  const pairs = new Map<string, number>();
  const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  for (const request of state.requests.table.values()) {
    const name = `request ${request.payee}/${request.id}`;
    if (request.amount <= 0n) violations.push(`${name} has amount ${request.amount}`);
    if (!state.blockInProgress && request.expiresAtMs <= state.lastTimestampMs) {
      violations.push(`${name} is open past its deadline`);
    }
    bump(payers, request.payer);
    bump(payees, request.payee);
    bump(pairs, `${request.payee}/${request.payer}`);
  }
  const indexed = state.requests.indexedTotals();
  if (indexed.payers !== state.requests.size || indexed.payees !== state.requests.size) {
    violations.push(
      `request indexes hold ${indexed.payers}/${indexed.payees} of ${state.requests.size}`,
    );
  }
  for (const [payer, count] of payers) {
    if (count > OPEN_REQUESTS_PER_PAYER_MAX)
      violations.push(`payer ${payer}: ${count} open requests`);
    if (state.requests.openForPayer(payer as never) !== count) {
      violations.push(`payer ${payer}: the index disagrees with the ${count} open requests`);
    }
  }
  for (const [payee, count] of payees) {
    if (count > OPEN_REQUESTS_PER_PAYEE_MAX)
      violations.push(`payee ${payee}: ${count} open requests`);
    if (state.requests.openForPayee(payee as never) !== count) {
      violations.push(`payee ${payee}: the index disagrees with the ${count} open requests`);
    }
  }
  for (const [pair, count] of pairs) {
    if (count > OPEN_REQUESTS_PER_PAIR_MAX) violations.push(`pair ${pair}: ${count} open requests`);
  }
  return violations;
}

function remittanceViolations(state: LedgerState): string[] {
  const violations: string[] = [];
  const settled = !state.blockInProgress && state.height > 0;
  for (const r of state.settledRemittances) {
    const name = `remittance ${r.transactionIndex}/${r.operationIndex}`;
    if (r.residual < 0n) violations.push(`${name} has a negative residual ${r.residual}`);
    if (r.paidToProvider + r.residual !== r.sendAmount) {
      violations.push(
        `${name}: ${r.paidToProvider} to the provider + ${r.residual} residual ≠ ${r.sendAmount} sent`,
      );
    }
  }
  const perProvider = new Map<string, number>();
  for (const offer of state.offers.table.values()) {
    const name = `offer ${offer.provider}/${offer.id}`;
    if (offer.rateNum <= 0n || offer.rateDen <= 0n) violations.push(`${name} has a zero rate`);
    if (offer.minBuy <= 0n || offer.minBuy > offer.maxBuy) violations.push(`${name} bounds`);
    if (settled && offer.expiresAtMs <= state.lastTimestampMs)
      violations.push(`${name} stands past its deadline`);
    perProvider.set(offer.provider, (perProvider.get(offer.provider) ?? 0) + 1);
  }
  for (const [provider, count] of perProvider) {
    if (count > OFFERS_PER_PROVIDER_MAX) violations.push(`provider ${provider}: ${count} offers`);
  }
  if (
    state.offers.byProvider.total() !== state.offers.size ||
    state.offers.byPair.total() !== state.offers.size
  ) {
    violations.push("offer indexes disagree with the offers");
  }
  const perHolder = new Map<string, number>();
  const perPayer = new Map<string, number>();
  for (const quote of state.quotes.table.values()) {
    const name = `quote ${quote.holder}/${quote.id}`;
    if (quote.sellAmount <= 0n) violations.push(`${name} holds ${quote.sellAmount}`);
    if (quote.sellAmount !== (quote.buyAmount * quote.rateNum) / quote.rateDen)
      violations.push(`${name} holds another amount than its rate gives`);
    if (settled && quote.expiresAtMs <= state.lastTimestampMs)
      violations.push(`${name} is held past its deadline`);
    perHolder.set(quote.holder, (perHolder.get(quote.holder) ?? 0) + 1);
    perPayer.set(quote.payer, (perPayer.get(quote.payer) ?? 0) + 1);
  }
  for (const [holder, count] of perHolder) {
    if (count > QUOTES_PER_HOLDER_MAX) violations.push(`holder ${holder}: ${count} quotes`);
  }
  for (const [payer, count] of perPayer) {
    if (count > QUOTES_PER_PAYER_MAX) violations.push(`payer ${payer}: ${count} quotes`);
  }
  if (
    state.quotes.byHolder.total() !== state.quotes.size ||
    state.quotes.byPayer.total() !== state.quotes.size
  ) {
    violations.push("quote indexes disagree with the quotes");
  }
  for (const window of state.spending.table.values()) {
    const name = `spending ${window.account}/${window.currency}`;
    for (const buckets of [window.hours, window.days]) {
      for (let i = 0; i < buckets.length; i++) {
        if (buckets[i]!.amount <= 0n) violations.push(`${name} has an empty bucket`);
        if (i > 0 && buckets[i - 1]!.index >= buckets[i]!.index)
          violations.push(`${name} buckets out of order`);
      }
    }
    if (window.hours.length > DAILY_WINDOW_HOURS || window.days.length > MONTHLY_WINDOW_DAYS)
      violations.push(`${name} keeps buckets that left its window`);
  }
  return violations;
}

/** Rebuilds every tree from nothing: slow, and the reference the incremental trees must match. */
export function stateRootFromScratch(state: LedgerState): Uint8Array {
  const accounts = new SlotTree();
  for (const account of state.accounts.values()) accounts.set(account.slot, encodeAccount(account));
  const pendings = new SlotTree();
  if (state.pendingSlotsUsed > 0) pendings.set(state.pendingSlotsUsed - 1, undefined);
  for (const pending of state.pendings.values()) pendings.set(pending.slot, encodePending(pending));
  return stateRootOf({
    accountsRoot: accounts.root(),
    pendingsRoot: pendings.root(),
    registryHash: computeStateRoots(state).registryHash,
    paymentsRoot: state.payments.table.rootFromScratch(),
    requestsRoot: state.requests.table.rootFromScratch(),
    remittanceRoot: remittanceRootOf(
      state.offers.table.rootFromScratch(),
      state.quotes.table.rootFromScratch(),
      state.spending.table.rootFromScratch(),
    ),
  })!;
}
