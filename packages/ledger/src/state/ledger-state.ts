/**
 * The ledger's in-memory state and the only code that mutates it.
 *
 * Every mutation goes through a method here that records how to undo it in a journal, so a
 * transaction whose linked operations fail part-way is rolled back exactly, and a block that
 * was executed speculatively (to vote on it) can be reverted if consensus commits another.
 * Touched accounts and pending transfers are remembered so the state root rehashes only them.
 * Remembered payments and open requests live in their own classes (payment-records.ts,
 * payment-requests.ts), which journal through the same journal.
 */
import { MinHeap, assert } from "@tongbao/std";
import { SlotTree } from "@tongbao/codec";
import {
  AMOUNT_MAX,
  type AccountId,
  type Amount,
  type CurrencyCode,
  type InstitutionId,
} from "@tongbao/types";
import { encodeAccountPrefix } from "./encode-state.ts";
import { AccountTable } from "./account-table.ts";
import { PaymentRecords } from "./payment-records.ts";
import { PaymentRequests } from "./payment-requests.ts";
import { Offers } from "./offers.ts";
import { Quotes } from "./quotes.ts";
import { Spending } from "./spending.ts";
import { SeenTransactions } from "./seen-transactions.ts";
import {
  pendingKey,
  Account,
  type NewAccount,
  type ClosedRequest,
  type Currency,
  type FeeSchedule,
  type Institution,
  type KycLimits,
  type PendingTransfer,
  type Quote,
  type SeenTransaction,
  type SettledRemittance,
} from "./model.ts";

const UNDO_CLOSURE = 0;
const UNDO_DEBIT = 1;
const UNDO_CREDIT = 2;
const UNDO_CREDIT_NEW = 3;
const UNDO_SEEN = 4;

interface ExpiryEntry {
  readonly expiresAtMs: number;
  readonly sequence: number;
  readonly key: string;
}

/** Per-currency movement within a block: what left accounts, what arrived, what was minted. */
export interface CurrencyFlow {
  debits: bigint;
  credits: bigint;
  supplyDelta: bigint;
}

export class LedgerState {
  readonly accounts = new AccountTable();
  readonly institutions = new Map<InstitutionId, Institution>();
  readonly institutionByAccount = new Map<AccountId, InstitutionId>();
  readonly currencies = new Map<CurrencyCode, Currency>();
  /** Fee schedules by institution, then currency (nested so a lookup builds no string). */
  readonly fees = new Map<InstitutionId, Map<CurrencyCode, FeeSchedule>>();
  readonly pendings = new Map<string, PendingTransfer>();
  /** The idempotency memory (seen-transactions.ts). */
  readonly seen = new SeenTransactions();

  readonly accountTree = new SlotTree();
  readonly pendingTree = new SlotTree();
  /** Referenced payments remembered for refunds and paid-once, by (payee, reference). */
  readonly payments = new PaymentRecords((undo) => this.record(undo));
  /** Open requests to pay, by (payee, id). */
  readonly requests = new PaymentRequests((undo) => this.record(undo));
  /** Requests approved, declined, cancelled or expired in the block being executed. */
  readonly closedRequests: ClosedRequest[] = [];
  /** Liquidity providers' standing offers, by (provider, id). */
  readonly offers = new Offers((undo) => this.record(undo));
  /** Quotes holding providers' liquidity for institutions' customers, by (holder, id). */
  readonly quotes = new Quotes((undo) => this.record(undo));
  /** Recent spending of accounts that have KYC limits, by (account, currency). */
  readonly spending = new Spending((undo) => this.record(undo));
  /**
   * KYC limits by currency, then tier. PERF: a payment in a currency without limits costs one
   * lookup here and nothing else.
   */
  readonly kycLimits = new Map<CurrencyCode, Map<number, KycLimits>>();
  /** Per currency, the send amount from which a remittance needs travel-rule data. */
  readonly travelRuleThresholds = new Map<CurrencyCode, Amount>();
  /** Remittances settled in the block being executed. */
  readonly settledRemittances: SettledRemittance[] = [];
  private sanctionedAccounts = 0;

  height = 0;
  lastTimestampMs = 0;
  /** True between executeBlock and commitBlock/revertBlock. */
  blockInProgress = false;

  private pendingSlotsFree: number[] = [];
  /** Pending slots ever handed out (the pending tree's size); freed slots are reused LIFO. */
  pendingSlotsUsed = 0;
  private pendingSequence = 0;
  private readonly pendingExpiry = new MinHeap<ExpiryEntry>(
    (a, b) => a.expiresAtMs - b.expiresAtMs || a.sequence - b.sequence,
  );

  /**
   * Undo steps since the last commit, newest last, as parallel arrays. PERF: balance changes (the
   * hot path) are recorded as plain values, not closures, which keeps a transfer's garbage small;
   * rare mutations record a closure (kind UNDO_CLOSURE).
   */
  private journalKind: number[] = [];
  private journalTarget: unknown[] = [];
  private journalCurrency: (CurrencyCode | undefined)[] = [];
  private journalAmount: bigint[] = [];
  /**
   * Slots of the accounts changed since the last commit (an undone opening's too: refreshTrees
   * skips a slot past the end). Slots, since an Account is a view and two views of one account
   * are different objects.
   */
  readonly dirtyAccounts = new Set<number>();
  readonly dirtyPendingSlots = new Map<number, PendingTransfer | undefined>();
  registryDirty = true;
  registryHash: Uint8Array | undefined;
  readonly flows = new Map<CurrencyCode, CurrencyFlow>();

  constructor(readonly chainId: string) {}

  // ---- journal -------------------------------------------------------------------------------

  savepoint(): number {
    return this.journalKind.length;
  }

  rollbackTo(savepoint: number): void {
    assert(savepoint <= this.journalKind.length, "savepoint from the future");
    while (this.journalKind.length > savepoint) {
      const kind = this.journalKind.pop()!;
      const target = this.journalTarget.pop();
      const currency = this.journalCurrency.pop()!;
      const amount = this.journalAmount.pop()!;
      if (kind === UNDO_CLOSURE) {
        (target as () => void)();
        continue;
      }
      if (kind === UNDO_SEEN) {
        const seen = target as string | { key: string; previous: SeenTransaction };
        if (typeof seen === "string") this.seen.undoRemember(seen, undefined);
        else this.seen.undoRemember(seen.key, seen.previous);
        continue;
      }
      const account = target as Account;
      const flow = this.flow(currency);
      if (kind === UNDO_DEBIT) {
        account.balances.set(currency, account.balances.get(currency)! + amount);
        flow.debits -= amount;
      } else {
        const after = account.balances.get(currency)! - amount;
        if (kind === UNDO_CREDIT_NEW) account.balances.delete(currency);
        else account.balances.set(currency, after);
        flow.credits -= amount;
      }
      this.dirtyAccounts.add(account.slot);
    }
  }

  /** Forgets the undo steps: what was applied becomes permanent. */
  commitJournal(): void {
    this.journalKind = [];
    this.journalTarget = [];
    this.journalCurrency = [];
    this.journalAmount = [];
    this.payments.compact();
    this.seen.commit();
  }

  /** Forgets which objects changed, once the trees have them (commit) or are restored (revert). */
  clearDirty(): void {
    this.dirtyAccounts.clear();
    this.dirtyPendingSlots.clear();
    this.payments.table.dirty.clear();
    this.requests.table.dirty.clear();
    this.offers.table.dirty.clear();
    this.quotes.table.dirty.clear();
    this.spending.table.dirty.clear();
  }

  private record(undo: () => void): void {
    this.journalKind.push(UNDO_CLOSURE);
    this.journalTarget.push(undo);
    this.journalCurrency.push(undefined);
    this.journalAmount.push(0n);
  }

  private recordBalance(
    kind: number,
    account: Account,
    currency: CurrencyCode,
    amount: bigint,
  ): void {
    this.journalKind.push(kind);
    this.journalTarget.push(account);
    this.journalCurrency.push(currency);
    this.journalAmount.push(amount);
  }

  // ---- reads ---------------------------------------------------------------------------------

  balance(account: Account, currency: CurrencyCode): bigint {
    return account.balances.get(currency) ?? 0n;
  }

  /**
   * The remembered transaction (signer ‖ id) that still counts at agreed time `nowMs`. Entries
   * past their validUntil may linger until their second is forgotten; they do not count.
   */
  seenTransaction(key: string, nowMs: number): SeenTransaction | undefined {
    const validUntilMs = this.seen.validUntilMs(key);
    return validUntilMs !== undefined && validUntilMs >= nowMs ? this.seen.get(key) : undefined;
  }

  institutionOf(accountId: AccountId): Institution | undefined {
    const id = this.institutionByAccount.get(accountId);
    return id === undefined ? undefined : this.institutions.get(id);
  }

  feeSchedule(institution: InstitutionId, currency: CurrencyCode): FeeSchedule | undefined {
    return this.fees.get(institution)?.get(currency);
  }

  // ---- mutations -----------------------------------------------------------------------------

  private flow(currency: CurrencyCode): CurrencyFlow {
    let flow = this.flows.get(currency);
    if (flow === undefined) {
      flow = { debits: 0n, credits: 0n, supplyDelta: 0n };
      this.flows.set(currency, flow);
    }
    return flow;
  }

  /** Moves value out of an account; the caller has checked that the balance suffices. */
  debit(account: Account, currency: CurrencyCode, amount: bigint): void {
    assert(amount >= 0n, "debit of a negative amount");
    if (amount === 0n) return;
    const before = account.balances.get(currency);
    assert(before !== undefined && before >= amount, "debit below zero");
    account.balances.set(currency, before - amount);
    this.dirtyAccounts.add(account.slot);
    this.flow(currency).debits += amount;
    this.recordBalance(UNDO_DEBIT, account, currency, amount);
  }

  /** Moves value into an account. */
  credit(account: Account, currency: CurrencyCode, amount: bigint): void {
    assert(amount >= 0n, "credit of a negative amount");
    if (amount === 0n) return;
    const before = account.balances.get(currency);
    const after = (before ?? 0n) + amount;
    // Cannot fail while conservation holds: a balance is part of its currency's supply, and
    // issue refuses any supply above AMOUNT_MAX. So no operation needs an overflow code.
    assert(after <= AMOUNT_MAX, "balance above AMOUNT_MAX");
    // A zero balance is kept once the account has held the currency, so that an account's
    // encoding depends only on its history. A revert removes an entry it created.
    account.balances.set(currency, after);
    this.dirtyAccounts.add(account.slot);
    this.flow(currency).credits += amount;
    this.recordBalance(
      before === undefined ? UNDO_CREDIT_NEW : UNDO_CREDIT,
      account,
      currency,
      amount,
    );
  }

  setFrozen(account: Account, frozen: boolean): void {
    const before = account.frozen;
    account.frozen = frozen;
    this.dirtyAccounts.add(account.slot);
    this.record(() => {
      account.frozen = before;
      this.dirtyAccounts.add(account.slot);
    });
  }

  /** How many accounts are sanctioned: admission skips its look-ahead when none is. */
  get sanctionedCount(): number {
    return this.sanctionedAccounts;
  }

  setSanctioned(account: Account, sanctioned: boolean): void {
    const before = account.sanctioned;
    if (before === sanctioned) return;
    account.sanctioned = sanctioned;
    this.sanctionedAccounts += sanctioned ? 1 : -1;
    this.dirtyAccounts.add(account.slot);
    this.record(() => {
      account.sanctioned = before;
      this.sanctionedAccounts += before ? 1 : -1;
      this.dirtyAccounts.add(account.slot);
    });
  }

  addAccount(account: NewAccount): Account {
    assert(!this.accounts.has(account.id), "account exists");
    // The public key is not kept apart: the prefix holds it (accountPublicKey).
    const created = this.accounts.add({
      keyType: account.keyType,
      institution: account.institution,
      kycTier: account.kycTier,
      frozen: account.frozen,
      prefix: encodeAccountPrefix(account),
    });
    assert(created.id === account.id, "the prefix holds the account's id");
    this.dirtyAccounts.add(created.slot);
    this.record(() => {
      this.accounts.removeLast();
      // The slot stays in dirtyAccounts: it is past the end again, and refreshing the trees
      // after a revert trims it away.
    });
    return created;
  }

  addSupply(currency: Currency, delta: bigint): void {
    const before = currency.supply;
    currency.supply = before + delta;
    assert(currency.supply >= 0n, "supply below zero");
    this.registryDirty = true;
    const flow = this.flow(currency.code);
    flow.supplyDelta += delta;
    this.record(() => {
      currency.supply = before;
      flow.supplyDelta -= delta;
      this.registryDirty = true;
    });
  }

  setFeeSchedule(institution: InstitutionId, currency: CurrencyCode, schedule: FeeSchedule): void {
    const existing = this.fees.get(institution);
    const schedules = existing ?? new Map<CurrencyCode, FeeSchedule>();
    if (existing === undefined) this.fees.set(institution, schedules);
    const before = schedules.get(currency);
    schedules.set(currency, schedule);
    this.registryDirty = true;
    this.record(() => {
      if (before === undefined) schedules.delete(currency);
      else schedules.set(currency, before);
      // Undo leaves the maps exactly as they were, with no empty inner map behind.
      if (existing === undefined) this.fees.delete(institution);
      this.registryDirty = true;
    });
  }

  setKycLimits(currency: CurrencyCode, tier: number, limits: KycLimits): void {
    const existing = this.kycLimits.get(currency);
    const byTier = existing ?? new Map<number, KycLimits>();
    if (existing === undefined) this.kycLimits.set(currency, byTier);
    const before = byTier.get(tier);
    byTier.set(tier, limits);
    this.registryDirty = true;
    this.record(() => {
      if (before === undefined) byTier.delete(tier);
      else byTier.set(tier, before);
      if (existing === undefined) this.kycLimits.delete(currency);
      this.registryDirty = true;
    });
  }

  setTravelRuleThreshold(currency: CurrencyCode, threshold: Amount): void {
    const before = this.travelRuleThresholds.get(currency);
    this.travelRuleThresholds.set(currency, threshold);
    this.registryDirty = true;
    this.record(() => {
      if (before === undefined) this.travelRuleThresholds.delete(currency);
      else this.travelRuleThresholds.set(currency, before);
      this.registryDirty = true;
    });
  }

  /**
   * Opens a quote whose sell amount the caller has just debited from the provider: the value
   * moves into the quote, counted as a credit of the block's flow like a pending hold.
   */
  holdQuote(fields: Omit<Quote, "slot" | "sequence">): Quote {
    const quote = this.quotes.open(fields);
    const flow = this.flow(quote.sell);
    flow.credits += quote.sellAmount;
    this.record(() => {
      flow.credits -= quote.sellAmount;
    });
    return quote;
  }

  /** Closes a quote; its sell amount leaves the quote, and the caller credits it somewhere. */
  releaseQuote(quote: Quote): void {
    this.quotes.close(quote);
    const flow = this.flow(quote.sell);
    flow.debits += quote.sellAmount;
    this.record(() => {
      flow.debits -= quote.sellAmount;
    });
  }

  addPending(pending: Omit<PendingTransfer, "slot" | "sequence">): PendingTransfer {
    const key = pendingKey(pending.from, pending.id);
    assert(!this.pendings.has(key), "pending exists");
    const reused = this.pendingSlotsFree.length > 0;
    const slot = reused ? this.pendingSlotsFree.pop()! : this.pendingSlotsUsed++;
    const created: PendingTransfer = { ...pending, slot, sequence: this.pendingSequence++ };
    this.pendings.set(key, created);
    this.dirtyPendingSlots.set(slot, created);
    this.pendingExpiry.push({ expiresAtMs: created.expiresAtMs, sequence: created.sequence, key });
    const flow = this.flow(created.currency);
    // A hold moves value out of the payer into the pending pool: count it as a credit there.
    flow.credits += created.amount;
    this.record(() => {
      this.pendings.delete(key);
      if (reused) this.pendingSlotsFree.push(slot);
      else this.pendingSlotsUsed--;
      this.dirtyPendingSlots.set(slot, undefined);
      flow.credits -= created.amount;
      // The heap entry stays; it is recognised as stale by its sequence number.
    });
    return created;
  }

  removePending(pending: PendingTransfer): void {
    const key = pendingKey(pending.from, pending.id);
    assert(this.pendings.get(key) === pending, "removing a pending transfer that is not current");
    this.pendings.delete(key);
    this.pendingSlotsFree.push(pending.slot);
    this.dirtyPendingSlots.set(pending.slot, undefined);
    const flow = this.flow(pending.currency);
    flow.debits += pending.amount;
    this.record(() => {
      const freed = this.pendingSlotsFree.pop();
      assert(freed === pending.slot, "pending slot free list out of order");
      this.pendings.set(key, pending);
      this.dirtyPendingSlots.set(pending.slot, pending);
      flow.debits -= pending.amount;
    });
  }

  /** Pending transfers whose deadline is at or before `nowMs`, in (deadline, creation) order. */
  takeExpiredPendings(nowMs: number): PendingTransfer[] {
    const out: PendingTransfer[] = [];
    for (;;) {
      const top = this.pendingExpiry.peek();
      if (top === undefined || top.expiresAtMs > nowMs) break;
      this.pendingExpiry.pop();
      this.record(() => this.pendingExpiry.push(top));
      const pending = this.pendings.get(top.key);
      if (pending !== undefined && pending.sequence === top.sequence) out.push(pending);
    }
    return out;
  }

  /**
   * Remembers an included transaction. An earlier entry for the same key can only be one past
   * its validUntil that has not been forgotten yet (checkIncludable ignores those); it is replaced.
   */
  rememberTransaction(key: string, seen: SeenTransaction, hashBytes?: Uint8Array): void {
    const previous = this.seen.remember(key, seen, hashBytes);
    this.journalKind.push(UNDO_SEEN);
    this.journalTarget.push(previous === undefined ? key : { key, previous });
    this.journalCurrency.push(undefined);
    this.journalAmount.push(0n);
  }

  /**
   * Forgets, a whole second at a time, transactions whose validUntil second is over (see
   * SeenTransactions.forgetExpired).
   */
  forgetExpiredTransactions(nowMs: number): void {
    const undo = this.seen.forgetExpired(nowMs);
    if (undo !== undefined) this.record(undo);
  }

  /** Notes what happened to a request in this block; a rollback forgets the note. */
  noteClosedRequest(closed: ClosedRequest): void {
    this.closedRequests.push(closed);
    this.record(() => {
      const popped = this.closedRequests.pop();
      assert(popped === closed, "closed requests undone out of order");
    });
  }

  /** Notes a settled remittance of this block; a rollback forgets the note. */
  noteSettledRemittance(settled: SettledRemittance): void {
    this.settledRemittances.push(settled);
    this.record(() => {
      const popped = this.settledRemittances.pop();
      assert(popped === settled, "settled remittances undone out of order");
    });
  }

  setHeight(height: number, timestampMs: number): void {
    const beforeHeight = this.height;
    const beforeTime = this.lastTimestampMs;
    this.height = height;
    this.lastTimestampMs = timestampMs;
    this.record(() => {
      this.height = beforeHeight;
      this.lastTimestampMs = beforeTime;
    });
  }
}
