/**
 * Random block histories for the ledger's property, speculative-execution, proof and replay
 * tests. The generator reads the ledger state only to aim its choices (existing accounts,
 * open pending transfers, balances) so that operations succeed often enough to grow the state;
 * it never predicts outcomes. Operations still fail in every way the rules allow: unknown and
 * frozen accounts, amounts above the balance, issue and redeem by non-issuers, posts and voids
 * by the wrong party, expired holds, references paid twice, refunds beyond what was paid or by
 * the wrong party, requests approved on other terms or flooding a payer, linked operations where
 * a later one fails.
 *
 * Every choice comes from a RandomSource: a seeded Prng (replay script) or fast-check's `gen`
 * (property tests), where 0 is always the plainest choice so that shrinking simplifies.
 */
import { sign } from "node:crypto";
import fc from "fast-check";
import {
  AMOUNT_MAX,
  type AccountId,
  type Amount,
  type ClientId,
  type CurrencyCode,
  type Hash,
  type TimestampMs,
} from "@tongbao/types";
import {
  KeyType,
  encodeTransaction,
  limits,
  toSignedTransaction,
  type LedgerState,
  type PaymentRequest,
  type PendingTransfer,
  type Operation,
  type SignedTransaction,
  type Transaction,
} from "../src/index.ts";
import { seenKey } from "../src/state/model.ts";
import { keys, makeTx, testKey, type TestKey, type TxOptions } from "./fixtures.ts";

export interface RandomSource {
  /** An integer in [0, bound). */
  int(bound: number): number;
}

const natUpTo = (max: number) => fc.nat({ max });

/**
 * Adapts fast-check's `gen` so that generated histories shrink with the property. To replay a
 * reported failure, pass its seed and the path's first segment only (`{ seed, path: "12" }`):
 * values drawn through `gen` cannot replay the shrinking steps after the first ":".
 */
export function fromGen(g: fc.GeneratorValue): RandomSource {
  return { int: (bound) => (bound <= 1 ? 0 : g(natUpTo, bound - 1)) };
}

export const DAY_MS = 24 * 60 * 60 * 1000;
export const HKD = "HKD" as CurrencyCode;
export const PHP = "PHP" as CurrencyCode;
/** Not in the test genesis: operations in it fail with currency_not_found. */
export const USD = "USD" as CurrencyCode;
export const CURRENCIES: readonly CurrencyCode[] = [HKD, PHP];

/** Keys for accounts that institutions open during a history. */
export const EXTRA_KEYS: readonly TestKey[] = Array.from({ length: 12 }, (_, i) =>
  testKey(`extra-${i}`),
);
/** A key whose account never exists: its transactions cannot be included. */
export const STRANGER = testKey("stranger");
/** Every key that may sign: the fixture's consortium and customers, then the extras. */
export const SIGNING_KEYS: readonly TestKey[] = [...Object.values(keys), ...EXTRA_KEYS];
/** Account ids that no key derives to. */
export const UNKNOWN_ACCOUNTS: readonly AccountId[] = ["ee".repeat(20), "0d".repeat(20)].map(
  (id) => id as AccountId,
);

/** A few references, so that payments collide on them and refunds find them. */
export const REFERENCES: readonly Hash[] = ["a1", "a2", "a3", "a4", "a5"].map(
  (byte) => byte.repeat(32) as Hash,
);

export interface HistoryOptions {
  /** Also produce transactions that make their block invalid: malformed, expired, duplicate,
   * valid too far ahead, unknown signer. */
  readonly notIncludable: boolean;
  readonly txsPerBlockMax: number;
}

interface Signed {
  readonly signer: TestKey;
  readonly op: Operation;
}

interface SignedMany {
  readonly signer: TestKey;
  readonly op: readonly Operation[];
}

interface PendingTarget {
  readonly from: AccountId;
  readonly id: ClientId;
  readonly pending?: PendingTransfer;
}

export class HistoryGenerator {
  private idCounter = 0n;
  /** Committed transactions, in order: candidates for resubmission and id reuse. */
  readonly committedTxs: SignedTransaction[] = [];

  constructor(
    private readonly rng: RandomSource,
    private readonly options: HistoryOptions,
  ) {}

  /** How far agreed time advances before the next block: usually a second, sometimes far
   * enough that holds and transactions expire. */
  advanceMs(): number {
    return this.weighted([
      [6, () => 1000],
      [2, () => 1],
      [2, () => 1 + this.rng.int(60_000)],
      [1, () => 3_600_000],
      [1, () => DAY_MS + 1 + this.rng.int(3)],
      [1, () => limits.PENDING_TIMEOUT_MS_MAX + this.rng.int(2)],
      [1, () => limits.REFERENCE_RETENTION_MS - 1 + this.rng.int(2)],
      [1, () => limits.REQUEST_TIMEOUT_MS_MAX + this.rng.int(2)],
    ]);
  }

  /** Records a committed block so later blocks may resubmit its transactions. */
  committed(txs: readonly SignedTransaction[]): void {
    this.committedTxs.push(...txs);
  }

  /** A block for agreed time `nowMs` against `state` (the state the block will execute on). */
  block(state: LedgerState, nowMs: number): SignedTransaction[] {
    const count = this.rng.int(this.options.txsPerBlockMax + 1);
    const usedKeys = new Set<string>();
    const txs: SignedTransaction[] = [];
    for (let i = 0; i < count; i++) txs.push(this.transaction(state, nowMs, usedKeys));
    if (this.options.notIncludable && this.chance(12)) {
      const bad = this.notIncludable(state, nowMs, txs);
      txs.splice(this.rng.int(txs.length + 1), 0, bad);
    }
    return txs;
  }

  // ---- choices -------------------------------------------------------------------------------

  private chance(percent: number): boolean {
    // 0 means "no", so shrinking turns the rarer branches off.
    return this.rng.int(100) >= 100 - percent;
  }

  private pick<T>(items: readonly T[]): T {
    return items[this.rng.int(items.length)]!;
  }

  private weighted<T>(options: ReadonlyArray<readonly [number, () => T]>): T {
    let total = 0;
    for (const [weight] of options) total += weight;
    let roll = this.rng.int(total);
    for (const [weight, make] of options) {
      if (roll < weight) return make();
      roll -= weight;
    }
    throw new Error("unreachable");
  }

  /** A weighted choice of amount, never above AMOUNT_MAX: larger amounts are malformed, and
   * only the notIncludable cases may produce those. */
  private capped(options: ReadonlyArray<readonly [number, () => bigint]>): Amount {
    const value = this.weighted(options);
    return (value > AMOUNT_MAX ? AMOUNT_MAX : value) as Amount;
  }

  private bigint(bound: bigint): bigint {
    if (bound <= 1n) return 0n;
    if (bound <= 0x1_0000_0000n) return BigInt(this.rng.int(Number(bound)));
    const high = BigInt(this.rng.int(0x1_0000_0000)) << 32n;
    return (high | BigInt(this.rng.int(0x1_0000_0000))) % bound;
  }

  private freshId(prefix: string): ClientId {
    this.idCounter += 1n;
    return (prefix + this.idCounter.toString(16).padStart(31, "0")) as ClientId;
  }

  private existingKeys(state: LedgerState): TestKey[] {
    return SIGNING_KEYS.filter((key) => state.accounts.has(key.account));
  }

  private accountChoice(state: LedgerState, exclude?: AccountId): AccountId {
    return this.weighted([
      [10, () => this.pick([...state.accounts.keys()].filter((id) => id !== exclude))],
      [1, () => this.pick(UNKNOWN_ACCOUNTS)],
    ]);
  }

  private currencyChoice(): CurrencyCode {
    return this.weighted([
      [10, () => this.pick(CURRENCIES)],
      [1, () => USD],
    ]);
  }

  /** A positive amount aimed at `available`: small, exact, one over, a fraction, or huge. */
  private amount(available: bigint): Amount {
    return this.capped([
      [4, () => 1n + this.bigint(1000n)],
      [2, () => (available > 0n ? available : 1n)],
      [2, () => available + 1n],
      [3, () => 1n + this.bigint(available > 0n ? available : 1n)],
      [1, () => 10n ** 15n + this.bigint(10n ** 15n)],
    ]);
  }

  // ---- transactions --------------------------------------------------------------------------

  /** One to four linked operations. The first operation's kind chooses a signer entitled to
   * perform it (most of the time); the others are whatever that signer happens to try. */
  private transaction(state: LedgerState, nowMs: number, usedKeys: Set<string>): SignedTransaction {
    const first = this.chance(2) ? this.requestBurst(state) : this.operation(state, undefined);
    const signer = first.signer;
    const operations: Operation[] = Array.isArray(first.op) ? [...first.op] : [first.op];
    const extra = this.chance(35) ? 1 + this.rng.int(3) : 0;
    for (let i = 0; i < extra; i++) operations.push(this.operation(state, signer).op);
    const validUntilMs = nowMs + this.validity();
    const id = this.transactionId(state, signer, nowMs, usedKeys);
    return makeTx(signer, operations, { id, validUntilMs });
  }

  private validity(): number {
    return this.weighted([
      [6, () => 3_600_000],
      [1, () => 0],
      [2, () => 1 + this.rng.int(120_000)],
      [1, () => DAY_MS],
    ]);
  }

  /** A fresh id, or an id the signer used before whose deadline has passed (so the ledger has
   * forgotten it and the id may be used again). */
  private transactionId(
    state: LedgerState,
    signer: TestKey,
    nowMs: number,
    usedKeys: Set<string>,
  ): ClientId {
    let id: ClientId | undefined;
    if (this.chance(10)) {
      const reusable = this.committedTxs.filter((old) => {
        if (old.signer !== signer.account) return false;
        const seen = state.seen.get(seenKey(old.signer, old.tx.id));
        return seen === undefined || seen.validUntilMs < nowMs;
      });
      if (reusable.length > 0) id = this.pick(reusable).tx.id;
    }
    if (id === undefined || usedKeys.has(seenKey(signer.account, id))) id = this.freshId("a");
    usedKeys.add(seenKey(signer.account, id));
    return id;
  }

  /** An operation and its signer: `given` when the transaction already has one, else a key
   * chosen to suit the operation. */
  private operation(state: LedgerState, given: TestKey | undefined): Signed {
    return this.weighted<Signed>([
      [8, () => this.transfer(state, given)],
      [6, () => this.createPending(state, given)],
      // Aim at open holds when there are some; a made-up hold only fails with not found.
      [state.pendings.size > 0 ? 5 : 1, () => this.postPending(state, given)],
      [state.pendings.size > 0 ? 3 : 1, () => this.voidPending(state, given)],
      [state.payments.size > 0 ? 2 : 1, () => this.refund(state, given)],
      [2, () => this.requestPayment(state, given)],
      [state.requests.size > 0 ? 3 : 1, () => this.approveRequest(state, given)],
      [state.requests.size > 0 ? 2 : 1, () => this.declineRequest(state, given)],
      // fast-check favours rolls near both ends of a range: the rare operations stay last.
      [2, () => this.issue(state, given)],
      [1, () => this.redeem(state, given)],
      [2, () => this.openAccount(state, given)],
      [1, () => this.setFrozen(state, given)],
      [1, () => this.setFeeSchedule(state, given)],
    ]);
  }

  /** `given`, or one of `suitable` (existing accounts we hold keys for) four times in five,
   * else any existing key. Frozen signers are rare but possible. */
  private signer(state: LedgerState, given: TestKey | undefined, suitable: TestKey[]): TestKey {
    if (given !== undefined) return given;
    const existing = this.existingKeys(state);
    const usable = suitable.filter((key) => state.accounts.has(key.account));
    const unfrozen = usable.filter((key) => !state.accounts.get(key.account)!.frozen);
    if (unfrozen.length > 0 && !this.chance(10)) return this.pick(unfrozen);
    if (usable.length > 0 && !this.chance(20)) return this.pick(usable);
    return this.pick(existing);
  }

  private balanceOf(state: LedgerState, id: AccountId, currency: CurrencyCode): bigint {
    const account = state.accounts.get(id);
    return account === undefined ? 0n : state.balance(account, currency);
  }

  private funded(state: LedgerState): TestKey[] {
    return SIGNING_KEYS.filter((key) =>
      CURRENCIES.some((currency) => this.balanceOf(state, key.account, currency) > 0n),
    );
  }

  /** A currency the signer holds, usually. */
  private spendCurrency(state: LedgerState, signer: TestKey): CurrencyCode {
    const held = CURRENCIES.filter((c) => this.balanceOf(state, signer.account, c) > 0n);
    if (held.length > 0 && !this.chance(15)) return this.pick(held);
    return this.currencyChoice();
  }

  private institutionKeys(state: LedgerState): TestKey[] {
    return SIGNING_KEYS.filter((key) => state.institutionByAccount.has(key.account));
  }

  private transfer(state: LedgerState, given: TestKey | undefined): Signed {
    const signer = this.signer(state, given, this.funded(state));
    const currency = this.spendCurrency(state, signer);
    const op: Operation = {
      kind: "transfer",
      to: this.accountChoice(state, signer.account),
      currency,
      amount: this.amount(this.balanceOf(state, signer.account, currency)),
      reference: this.chance(40) ? this.referenceChoice() : undefined,
      memoHash: undefined,
    };
    return { signer, op };
  }

  private referenceChoice(): Hash {
    return this.pick(REFERENCES);
  }

  /** A refund aimed at a remembered payment (by its payee, mostly) or at nothing. */
  private refund(state: LedgerState, given: TestKey | undefined): Signed {
    const records = [...state.payments.table.values()];
    const record = records.length > 0 && !this.chance(10) ? this.pick(records) : undefined;
    const signer = this.signer(state, given, this.keysOf([record?.payee]));
    const left = record === undefined ? 1000n : record.amount - record.refunded;
    const op: Operation = {
      kind: "refund",
      reference: record?.reference ?? this.referenceChoice(),
      amount: this.capped([
        [3, () => 1n + this.bigint(left > 0n ? left : 1n)],
        [2, () => (left > 0n ? left : 1n)],
        [2, () => left + 1n],
      ]),
    };
    return { signer, op };
  }

  private requestOp(state: LedgerState, payee: TestKey, payer: AccountId): Operation {
    const open = [...state.requests.table.values()].filter((r) => r.payee === payee.account);
    // Aimed at what the payer holds, so that approvals often succeed.
    const held = CURRENCIES.filter((c) => this.balanceOf(state, payer, c) > 0n);
    const currency = held.length > 0 && !this.chance(15) ? this.pick(held) : this.currencyChoice();
    return {
      kind: "request_payment",
      id: open.length > 0 && this.chance(10) ? this.pick(open).id : this.freshId("f"),
      payer,
      currency,
      amount: this.amount(this.balanceOf(state, payer, currency)),
      timeoutMs: this.weighted([
        [4, () => 60_000],
        [1, () => 1],
        [2, () => 1000 + this.rng.int(5000)],
        [1, () => limits.REQUEST_TIMEOUT_MS_MAX],
      ]),
      reference: this.chance(30) ? this.referenceChoice() : undefined,
    };
  }

  private requestPayment(state: LedgerState, given: TestKey | undefined): Signed {
    const signer = this.signer(state, given, this.existingKeys(state));
    return { signer, op: this.requestOp(state, signer, this.accountChoice(state, signer.account)) };
  }

  /** Many requests from one payee to one payer in one transaction: reaches the pair bound. */
  private requestBurst(state: LedgerState): SignedMany {
    const signer = this.signer(state, undefined, this.existingKeys(state));
    const payer = this.accountChoice(state, signer.account);
    const count = 1 + this.rng.int(limits.OPEN_REQUESTS_PER_PAIR_MAX + 2);
    return {
      signer,
      op: Array.from({ length: count }, () => this.requestOp(state, signer, payer)),
    };
  }

  /** An open request to act on (perhaps past its deadline) or a made-up one. */
  private requestTarget(state: LedgerState): {
    payee: AccountId;
    id: ClientId;
    request?: PaymentRequest;
  } {
    const open = [...state.requests.table.values()];
    if (open.length === 0 || this.chance(10)) {
      return { payee: this.accountChoice(state), id: this.freshId("f") };
    }
    const request = this.pick(open);
    return { payee: request.payee, id: request.id, request };
  }

  private approveRequest(state: LedgerState, given: TestKey | undefined): Signed {
    const target = this.requestTarget(state);
    const r = target.request;
    const signer = this.signer(state, given, this.keysOf([r?.payer]));
    const op: Operation = {
      kind: "approve_request",
      payee: target.payee,
      id: target.id,
      currency: r !== undefined && !this.chance(10) ? r.currency : this.currencyChoice(),
      amount: this.weighted<Amount>([
        [8, () => r?.amount ?? (1n as Amount)],
        [1, () => this.capped([[1, () => (r?.amount ?? 1n) + 1n]])],
      ]),
    };
    return { signer, op };
  }

  private declineRequest(state: LedgerState, given: TestKey | undefined): Signed {
    const target = this.requestTarget(state);
    const r = target.request;
    const signer = this.signer(state, given, this.keysOf([r?.payer, r?.payee]));
    return { signer, op: { kind: "decline_request", payee: target.payee, id: target.id } };
  }

  private createPending(state: LedgerState, given: TestKey | undefined): Signed {
    const signer = this.signer(state, given, this.funded(state));
    const currency = this.spendCurrency(state, signer);
    const own = [...state.pendings.values()].filter((p) => p.from === signer.account);
    const id = own.length > 0 && this.chance(20) ? this.pick(own).id : this.freshId("b");
    const op: Operation = {
      kind: "create_pending",
      id,
      to: this.accountChoice(state, signer.account),
      currency,
      amount: this.amount(this.balanceOf(state, signer.account, currency)),
      timeoutMs: this.weighted([
        [3, () => 60_000],
        [2, () => 1],
        [2, () => 1000 + this.rng.int(5000)],
        [1, () => 3_600_000],
        [1, () => limits.PENDING_TIMEOUT_MS_MAX],
      ]),
      arbiter: this.weighted<AccountId | undefined>([
        [4, () => undefined],
        [3, () => this.accountChoice(state)],
        [1, () => signer.account],
      ]),
    };
    return { signer, op };
  }

  /** A pending transfer to act on (an existing one, perhaps already past its deadline) or a
   * made-up one that does not exist. */
  private pendingTarget(state: LedgerState): PendingTarget {
    const pendings = [...state.pendings.values()];
    if (pendings.length === 0 || this.chance(10)) {
      return { from: this.accountChoice(state), id: this.freshId("c") };
    }
    const pending = this.pick(pendings);
    return { from: pending.from, id: pending.id, pending };
  }

  private keysOf(ids: (AccountId | undefined)[]): TestKey[] {
    return SIGNING_KEYS.filter((key) => ids.includes(key.account));
  }

  private postPending(state: LedgerState, given: TestKey | undefined): Signed {
    const target = this.pendingTarget(state);
    const p = target.pending;
    const signer = this.signer(state, given, this.keysOf([p?.from, p?.arbiter]));
    const held = p?.amount ?? 1000n;
    const op: Operation = {
      kind: "post_pending",
      from: target.from,
      id: target.id,
      amount: this.weighted<Amount | undefined>([
        [2, () => undefined],
        [2, () => (1n + this.bigint(held)) as Amount],
        [1, () => held as Amount],
        [1, () => this.capped([[1, () => held + 1n + this.bigint(3n)]])],
      ]),
    };
    return { signer, op };
  }

  private voidPending(state: LedgerState, given: TestKey | undefined): Signed {
    const target = this.pendingTarget(state);
    const p = target.pending;
    const signer = this.signer(state, given, this.keysOf([p?.to, p?.arbiter]));
    return { signer, op: { kind: "void_pending", from: target.from, id: target.id } };
  }

  private issuerKeys(state: LedgerState, currency: CurrencyCode): TestKey[] {
    const issuer = state.currencies.get(currency)?.issuer;
    const institution = issuer === undefined ? undefined : state.institutions.get(issuer);
    return this.keysOf([institution?.accountId]);
  }

  private issue(state: LedgerState, given: TestKey | undefined): Signed {
    const currency = this.currencyChoice();
    const signer = this.signer(state, given, this.issuerKeys(state, currency));
    const supply = state.currencies.get(currency)?.supply ?? 0n;
    const room = AMOUNT_MAX - supply;
    const op: Operation = {
      kind: "issue",
      currency,
      to: this.accountChoice(state),
      amount: this.capped([
        [8, () => 1n + this.bigint(1_000_000n)],
        [1, () => (room > 0n ? room : 1n)],
        [1, () => room + 1n],
        [1, () => 10n ** 15n],
      ]),
    };
    return { signer, op };
  }

  private redeem(state: LedgerState, given: TestKey | undefined): Signed {
    const currency = this.currencyChoice();
    const signer = this.signer(state, given, this.issuerKeys(state, currency));
    const op: Operation = {
      kind: "redeem",
      currency,
      amount: this.amount(this.balanceOf(state, signer.account, currency)),
    };
    return { signer, op };
  }

  private openAccount(state: LedgerState, given: TestKey | undefined): Signed {
    const signer = this.signer(state, given, this.institutionKeys(state));
    const op = this.weighted<Operation>([
      [
        4,
        () => {
          const unopened = EXTRA_KEYS.filter((key) => !state.accounts.has(key.account));
          const key =
            unopened.length > 0 && !this.chance(15) ? this.pick(unopened) : this.pick(EXTRA_KEYS);
          return {
            kind: "open_account",
            keyType: KeyType.Ed25519,
            publicKey: key.publicKey,
            kycTier: this.rng.int(4),
          };
        },
      ],
      [
        1,
        () => {
          // A P-256 customer: a compressed point starts with 02 or 03. Nobody here can sign
          // for it, but it can receive, and it grows the accounts tree.
          const publicKey = new Uint8Array(33);
          publicKey[0] = 2 + this.rng.int(2);
          for (let i = 1; i < 33; i++) publicKey[i] = this.rng.int(256);
          return {
            kind: "open_account",
            keyType: KeyType.P256,
            publicKey,
            kycTier: this.rng.int(4),
          };
        },
      ],
    ]);
    return { signer, op };
  }

  private setFrozen(state: LedgerState, given: TestKey | undefined): Signed {
    const account = this.accountChoice(state);
    const target = state.accounts.get(account);
    const owner = target === undefined ? undefined : state.institutions.get(target.institution);
    const signer = this.signer(
      state,
      given,
      this.keysOf([owner?.accountId, keys.regulator.account]),
    );
    const frozen = target?.frozen ?? false;
    // Mostly flip the flag, so that frozen accounts come back into play.
    return {
      signer,
      op: { kind: "set_frozen", account, frozen: this.chance(20) ? frozen : !frozen },
    };
  }

  private setFeeSchedule(state: LedgerState, given: TestKey | undefined): Signed {
    const signer = this.signer(state, given, this.institutionKeys(state));
    const op: Operation = {
      kind: "set_fee_schedule",
      currency: this.currencyChoice(),
      fixedMinor: this.bigint(100n) as Amount,
      bps: this.weighted([
        [3, () => this.rng.int(limits.FEE_BPS_MAX + 1)],
        [1, () => 0],
        [1, () => limits.FEE_BPS_MAX],
      ]),
      maxMinor: this.bigint(2000n) as Amount,
    };
    return { signer, op };
  }

  // ---- transactions that must not be included ------------------------------------------------

  private notIncludable(
    state: LedgerState,
    nowMs: number,
    block: readonly SignedTransaction[],
  ): SignedTransaction {
    const signers = this.existingKeys(state);
    const plain = (signer: TestKey, ops: Operation[], tx: TxOptions = {}) =>
      makeTx(signer, ops, {
        id: tx.id ?? this.freshId("d"),
        validUntilMs: tx.validUntilMs ?? nowMs + 60_000,
      });
    const anyOp = (signer: TestKey) => this.operation(state, signer).op;
    return this.weighted<SignedTransaction>([
      // Resubmission of a committed transaction: duplicate while its deadline lasts, expired after.
      [
        4,
        () =>
          this.committedTxs.length > 0
            ? this.pick(this.committedTxs)
            : plain(STRANGER, [anyOp(STRANGER)]),
      ],
      // A different body under a committed transaction's signer and id.
      [
        2,
        () => {
          if (this.committedTxs.length === 0) return plain(STRANGER, [anyOp(STRANGER)]);
          const old = this.pick(this.committedTxs);
          const signer = SIGNING_KEYS.find((key) => key.account === old.signer)!;
          return plain(signer, [anyOp(signer)], {
            id: old.tx.id,
            validUntilMs: nowMs + 1 + this.rng.int(DAY_MS),
          });
        },
      ],
      // The same transaction twice in one block.
      [2, () => (block.length > 0 ? this.pick(block) : plain(STRANGER, [anyOp(STRANGER)]))],
      [1, () => plain(STRANGER, [anyOp(STRANGER)])],
      [
        1,
        () => {
          const s = this.pick(signers);
          return plain(s, [anyOp(s)], { validUntilMs: nowMs - 1 - this.rng.int(1000) });
        },
      ],
      [
        1,
        () => {
          const s = this.pick(signers);
          return plain(s, [anyOp(s)], { validUntilMs: nowMs + DAY_MS + 1 });
        },
      ],
      [3, () => this.malformed(state, nowMs)],
    ]);
  }

  private malformed(state: LedgerState, nowMs: number): SignedTransaction {
    const signer = this.pick(this.existingKeys(state));
    const good = () => this.operation(state, signer).op;
    const bad: Operation = this.weighted<Operation>([
      [
        1,
        () => ({
          kind: "transfer",
          to: this.accountChoice(state),
          currency: HKD,
          amount: 0n as Amount,
        }),
      ],
      [1, () => ({ kind: "transfer", to: signer.account, currency: HKD, amount: 1n as Amount })],
      [1, () => ({ kind: "issue", currency: HKD, to: signer.account, amount: 0n as Amount })],
      [1, () => ({ kind: "redeem", currency: HKD, amount: 0n as Amount })],
      [
        1,
        () => ({
          kind: "open_account",
          keyType: KeyType.Ed25519,
          publicKey: EXTRA_KEYS[0]!.publicKey,
          kycTier: 4,
        }),
      ],
      [
        1,
        () => ({
          kind: "open_account",
          keyType: KeyType.P256,
          publicKey: new Uint8Array(33).fill(4),
          kycTier: 1,
        }),
      ],
      [
        1,
        () => ({
          kind: "create_pending",
          id: "0".repeat(32) as ClientId,
          to: this.accountChoice(state),
          currency: HKD,
          amount: 1n as Amount,
          timeoutMs: 1000,
        }),
      ],
      [
        1,
        () => ({
          kind: "create_pending",
          id: this.freshId("b"),
          to: signer.account,
          currency: HKD,
          amount: 1n as Amount,
          timeoutMs: 1000,
        }),
      ],
      [
        1,
        () => ({
          kind: "create_pending",
          id: this.freshId("b"),
          to: this.accountChoice(state),
          currency: HKD,
          amount: 1n as Amount,
          timeoutMs: this.pick([0, limits.PENDING_TIMEOUT_MS_MAX + 1]),
        }),
      ],
      [
        1,
        () => ({
          kind: "post_pending",
          from: this.accountChoice(state),
          id: this.freshId("c"),
          amount: 0n as Amount,
        }),
      ],
      [1, () => ({ kind: "refund", reference: this.referenceChoice(), amount: 0n as Amount })],
      [
        1,
        () => {
          // Exactly one field out of range: a zero id, nothing asked, oneself, no or too long a time.
          const broken = this.rng.int(4);
          return {
            kind: "request_payment",
            id: broken === 0 ? ("0".repeat(32) as ClientId) : this.freshId("f"),
            payer: broken === 2 ? signer.account : this.accountChoice(state, signer.account),
            currency: HKD,
            amount: (broken === 1 ? 0n : 1n) as Amount,
            timeoutMs: broken === 3 ? this.pick([0, limits.REQUEST_TIMEOUT_MS_MAX + 1]) : 1,
          };
        },
      ],
      [
        1,
        () => ({
          kind: "approve_request",
          payee: this.accountChoice(state),
          id: this.freshId("f"),
          currency: HKD,
          amount: 0n as Amount,
        }),
      ],
      // Outside what the encoding can carry: only an in-memory transaction can hold these.
      [
        1,
        () => ({
          kind: "transfer",
          to: this.accountChoice(state),
          currency: this.pick(["hkd", "Hkd", "H1D", "HK$"]) as CurrencyCode,
          amount: 1n as Amount,
        }),
      ],
      [
        1,
        () => ({
          kind: "issue",
          currency: HKD,
          to: signer.account,
          amount: (AMOUNT_MAX + 1n) as Amount,
        }),
      ],
      [
        1,
        () => ({
          kind: "set_fee_schedule",
          currency: HKD,
          fixedMinor: (AMOUNT_MAX + 1n) as Amount,
          bps: 0,
          maxMinor: 0n as Amount,
        }),
      ],
      [
        1,
        () => ({
          kind: "set_fee_schedule",
          currency: HKD,
          fixedMinor: 0n as Amount,
          bps: limits.FEE_BPS_MAX + 1,
          maxMinor: 0n as Amount,
        }),
      ],
    ]);
    const ops = [good(), good()];
    ops.splice(this.rng.int(3), 0, bad);
    return this.weighted<SignedTransaction>([
      [6, () => makeTx(signer, ops, { id: this.freshId("d"), validUntilMs: nowMs + 60_000 })],
      [1, () => makeTx(signer, [], { id: this.freshId("d"), validUntilMs: nowMs + 60_000 })],
      [
        1,
        () =>
          makeTx(signer, Array.from({ length: limits.OPERATIONS_PER_TRANSACTION_MAX + 1 }, good), {
            id: this.freshId("d"),
            validUntilMs: nowMs + 60_000,
          }),
      ],
      [
        1,
        () =>
          makeTx(signer, [good()], {
            id: "0".repeat(32) as ClientId,
            validUntilMs: nowMs + 60_000,
          }),
      ],
      [1, () => makeVersionedTx(signer, 2, [good()], this.freshId("d"), nowMs + 60_000)],
    ]);
  }
}

/** A transaction with a version other than 1, which the ledger must refuse. */
function makeVersionedTx(
  signer: TestKey,
  version: number,
  operations: Operation[],
  id: ClientId,
  validUntilMs: number,
): SignedTransaction {
  const tx: Transaction = {
    version,
    keyType: KeyType.Ed25519,
    publicKey: signer.publicKey,
    id,
    validUntilMs: validUntilMs as TimestampMs,
    operations,
  };
  const body = encodeTransaction(tx);
  return toSignedTransaction(tx, body, new Uint8Array(sign(null, body, signer.privateKey)));
}
