/**
 * The ledger's accounts as columns: one typed-array element per account and field, indexed by
 * slot. An `Account` (account.ts) is a view of one slot, made when asked for.
 *
 * PERF: an object per account cost about 190 bytes with its balance and prefix view, and a
 * million of them were a third of a validator's heap, every one of them visited by each full
 * garbage collection. Here an account costs 24 bytes outside the heap, besides its leaf prefix
 * in the shared slabs: slab and place (8), institution (4), key type, KYC tier and flags (2),
 * first currency (2) and its balance (8). A second currency brings a Map (rare: a customer's
 * account usually holds one).
 *
 * Balances list in insertion order, as a Map's do: deleting the first currency moves the next
 * one up. Nothing here is hashed or iterated in its own order except by slot.
 */
import { assert, grownTypedArray, rangeToHex } from "@tongbao/std";
import {
  ACCOUNT_ID_BYTES,
  AMOUNT_MAX,
  type AccountId,
  type CurrencyCode,
  type InstitutionId,
} from "@tongbao/types";
import type { KeyType } from "../tx/transaction.ts";
import { ByteSlabs } from "./byte-slabs.ts";

/** Where an account's id starts in its leaf prefix: after the state version byte. */
export const ACCOUNT_PREFIX_ID_OFFSET = 1;

/** What the ledger gives an account when it opens it; balances start empty. */
export interface AccountFields {
  readonly keyType: KeyType;
  readonly institution: InstitutionId;
  readonly kycTier: number;
  readonly frozen: boolean;
  /** The unchanging start of the account's leaf (encode-state.ts), holding its id and key. */
  readonly prefix: Uint8Array;
}

const INITIAL_CAPACITY = 1024;
const KEY_TYPE_MASK = 3;
const KYC_SHIFT = 2;
const KYC_MASK = 0xff << KYC_SHIFT;
const FROZEN_BIT = 1 << 10;
const SANCTIONED_BIT = 1 << 11;

/**
 * Ids of recently used accounts, one place per slot modulo the size (a direct-mapped cache):
 * a payment reads its parties' ids several times, and each read would otherwise make a string.
 */
const RECENT_IDS = 4096;

export class AccountColumns {
  /** Accounts held: slots 0 to size − 1. */
  size = 0;
  private readonly slabs = new ByteSlabs();
  /** Which slab holds each account's prefix. */
  private slabOf: Uint32Array = new Uint32Array(INITIAL_CAPACITY);
  /** Prefix start + prefix length × 2^16 (a slab is 64 KiB, a prefix under 256 bytes). */
  private placeOf: Uint32Array = new Uint32Array(INITIAL_CAPACITY);
  private institutionOf: Uint32Array = new Uint32Array(INITIAL_CAPACITY);
  /** keyType | kycTier << 2 | frozen << 10 | sanctioned << 11. */
  private bits: Uint16Array = new Uint16Array(INITIAL_CAPACITY);
  /** 1 + the index in `currencyCodes` of the first currency held; 0 for none. */
  private firstCode: Uint16Array = new Uint16Array(INITIAL_CAPACITY);
  private firstAmount: BigInt64Array = new BigInt64Array(INITIAL_CAPACITY);
  /** Currencies after the first, by slot; only accounts holding two or more have one. */
  private readonly rest = new Map<number, Map<CurrencyCode, bigint>>();

  private readonly institutions: InstitutionId[] = [];
  private readonly institutionIndex = new Map<InstitutionId, number>();
  private readonly currencyCodes: CurrencyCode[] = [];
  private readonly currencyIndex = new Map<CurrencyCode, number>();

  private readonly recentSlots = new Int32Array(RECENT_IDS).fill(-1);
  private readonly recentIds: (AccountId | undefined)[] = new Array<AccountId | undefined>(
    RECENT_IDS,
  ).fill(undefined);

  /** Adds an account in the next slot and returns the slot. */
  push(fields: AccountFields): number {
    assert(fields.keyType >= 0 && fields.keyType <= KEY_TYPE_MASK, "key type fits two bits");
    assert(fields.prefix.length < 2 ** 8, "prefix length fits a byte");
    if (this.size === this.bits.length) this.grow();
    const slot = this.size++;
    const { slabIndex, start } = this.slabs.place(fields.prefix);
    this.slabOf[slot] = slabIndex;
    this.placeOf[slot] = start + fields.prefix.length * 2 ** 16;
    this.institutionOf[slot] = this.institutionNumber(fields.institution);
    this.bits[slot] = fields.keyType;
    this.setKycTier(slot, fields.kycTier);
    this.setFlag(slot, FROZEN_BIT, fields.frozen);
    return slot;
  }

  /** Takes away the account in the last slot (an opening undone). Its prefix bytes stay behind. */
  pop(): void {
    assert(this.size > 0, "an account to take away");
    const slot = --this.size;
    this.bits[slot] = 0;
    this.firstCode[slot] = 0;
    this.firstAmount[slot] = 0n;
    this.rest.delete(slot);
    if (this.recentSlots[slot % RECENT_IDS] === slot) this.recentSlots[slot % RECENT_IDS] = -1;
  }

  // ---- the unchanging fields -------------------------------------------------------------------

  prefixSlab(slot: number): Uint8Array {
    return this.slabs.slab(this.slabOf[slot]!);
  }

  prefixStart(slot: number): number {
    return this.placeOf[slot]! & 0xffff;
  }

  prefixLength(slot: number): number {
    return this.placeOf[slot]! >>> 16;
  }

  /** The account's id, read from its prefix (or remembered from a recent read). */
  id(slot: number): AccountId {
    const place = slot % RECENT_IDS;
    if (this.recentSlots[place] === slot) return this.recentIds[place]!;
    const start = this.prefixStart(slot) + ACCOUNT_PREFIX_ID_OFFSET;
    const id = rangeToHex(this.prefixSlab(slot), start, start + ACCOUNT_ID_BYTES) as AccountId;
    this.rememberId(slot, id);
    return id;
  }

  /** Remembers `id` as the account's (the caller has compared it with the prefix). */
  rememberId(slot: number, id: AccountId): void {
    const place = slot % RECENT_IDS;
    this.recentSlots[place] = slot;
    this.recentIds[place] = id;
  }

  institution(slot: number): InstitutionId {
    return this.institutions[this.institutionOf[slot]!]!;
  }

  keyType(slot: number): KeyType {
    return (this.bits[slot]! & KEY_TYPE_MASK) as KeyType;
  }

  // ---- KYC tier and flags ----------------------------------------------------------------------

  kycTier(slot: number): number {
    return (this.bits[slot]! & KYC_MASK) >>> KYC_SHIFT;
  }

  setKycTier(slot: number, tier: number): void {
    assert(Number.isInteger(tier) && tier >= 0 && tier <= 0xff, "KYC tier fits a byte");
    this.bits[slot] = (this.bits[slot]! & ~KYC_MASK) | (tier << KYC_SHIFT);
  }

  frozen(slot: number): boolean {
    return (this.bits[slot]! & FROZEN_BIT) !== 0;
  }

  setFrozen(slot: number, frozen: boolean): void {
    this.setFlag(slot, FROZEN_BIT, frozen);
  }

  sanctioned(slot: number): boolean {
    return (this.bits[slot]! & SANCTIONED_BIT) !== 0;
  }

  setSanctioned(slot: number, sanctioned: boolean): void {
    this.setFlag(slot, SANCTIONED_BIT, sanctioned);
  }

  private setFlag(slot: number, bit: number, on: boolean): void {
    this.bits[slot] = on ? this.bits[slot]! | bit : this.bits[slot]! & ~bit;
  }

  // ---- balances --------------------------------------------------------------------------------

  balanceCount(slot: number): number {
    return (this.firstCode[slot] === 0 ? 0 : 1) + (this.rest.get(slot)?.size ?? 0);
  }

  balance(slot: number, code: CurrencyCode): bigint | undefined {
    if (this.isFirst(slot, code)) return this.firstAmount[slot]!;
    return this.firstCode[slot] === 0 ? undefined : this.rest.get(slot)?.get(code);
  }

  setBalance(slot: number, code: CurrencyCode, amount: bigint): void {
    assert(amount >= 0n && amount <= AMOUNT_MAX, "a balance within 0..AMOUNT_MAX");
    if (this.isFirst(slot, code)) this.firstAmount[slot] = amount;
    else if (this.firstCode[slot] === 0) {
      // Without a first currency there is no other (deleting moves the next one up).
      this.firstCode[slot] = 1 + this.currencyNumber(code);
      this.firstAmount[slot] = amount;
    } else {
      let rest = this.rest.get(slot);
      if (rest === undefined) this.rest.set(slot, (rest = new Map()));
      rest.set(code, amount);
    }
  }

  /** Removes the currency; whether the account held it. */
  deleteBalance(slot: number, code: CurrencyCode): boolean {
    const rest = this.rest.get(slot);
    if (!this.isFirst(slot, code)) return rest?.delete(code) ?? false;
    const next = rest?.entries().next();
    if (next === undefined || next.done === true) {
      this.firstCode[slot] = 0;
      this.firstAmount[slot] = 0n;
    } else {
      const [nextCode, nextAmount] = next.value;
      this.firstCode[slot] = 1 + this.currencyNumber(nextCode);
      this.firstAmount[slot] = nextAmount;
      rest!.delete(nextCode);
      if (rest!.size === 0) this.rest.delete(slot);
    }
    return true;
  }

  /** [currency, balance] in the order the currencies were first held. */
  *balances(slot: number): IterableIterator<[CurrencyCode, bigint]> {
    const first = this.firstCode[slot]!;
    if (first === 0) return;
    yield [this.currencyCodes[first - 1]!, this.firstAmount[slot]!];
    const rest = this.rest.get(slot);
    if (rest !== undefined) yield* rest.entries();
  }

  private isFirst(slot: number, code: CurrencyCode): boolean {
    const first = this.firstCode[slot]!;
    return first !== 0 && this.currencyCodes[first - 1] === code;
  }

  // ---- interning and growth --------------------------------------------------------------------

  private institutionNumber(institution: InstitutionId): number {
    let number = this.institutionIndex.get(institution);
    if (number === undefined) {
      number = this.institutions.push(institution) - 1;
      this.institutionIndex.set(institution, number);
    }
    return number;
  }

  private currencyNumber(code: CurrencyCode): number {
    let number = this.currencyIndex.get(code);
    if (number === undefined) {
      assert(this.currencyCodes.length < 0xffff, "currency numbers fit 16 bits");
      number = this.currencyCodes.push(code) - 1;
      this.currencyIndex.set(code, number);
    }
    return number;
  }

  private grow(): void {
    const capacity = 2 * this.bits.length;
    this.slabOf = grownTypedArray(this.slabOf, capacity);
    this.placeOf = grownTypedArray(this.placeOf, capacity);
    this.institutionOf = grownTypedArray(this.institutionOf, capacity);
    this.bits = grownTypedArray(this.bits, capacity);
    this.firstCode = grownTypedArray(this.firstCode, capacity);
    this.firstAmount = grownTypedArray(this.firstAmount, capacity);
  }
}
