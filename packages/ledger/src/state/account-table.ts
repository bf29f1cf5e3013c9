/**
 * The ledger's accounts, by id and by slot, without a string or an object per account.
 *
 * Accounts live in columns by slot (account-columns.ts); this table adds the lookup by id. A
 * Map keyed by the 40-character id held, per account, the id string (56 bytes) and a map entry
 * (about 30). An account's id is already in its leaf prefix, so the table finds an id through an
 * open-addressing index of slots, hashed from those bytes and compared against them: 8 bytes
 * per account at most.
 *
 * The index only finds accounts: nothing iterates it, so no result depends on its layout. Ids
 * are hashes of public keys, so their first bytes are spread evenly; an institution opening
 * accounts could grind keys to crowd one run of the index, which would slow lookups of those
 * accounts without changing any result.
 * Accounts are added in slot order and only the last one is ever taken away (the undo of an
 * opening), as LedgerState does.
 */
import { assert } from "@tongbao/std";
import { ACCOUNT_ID_BYTES, type AccountId } from "@tongbao/types";
import { ACCOUNT_PREFIX_ID_OFFSET, AccountColumns, type AccountFields } from "./account-columns.ts";
import { Account } from "./account.ts";

const INITIAL_INDEX_SIZE = 1024;

/** Hex digit value of a lower-case hex character code; -1 for anything else. */
function lowerHexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  return -1;
}

/** Mixes an id's first eight bytes (read as two words) into an index position. */
function mix(first: number, second: number): number {
  return Math.imul(first ^ ((second << 16) | (second >>> 16)), 0x9e3779b1) >>> 0;
}

export class AccountTable {
  private readonly columns = new AccountColumns();
  /** Slot + 1 of the account at each position; 0 is empty. A power of two, at most half full. */
  private index = new Int32Array(INITIAL_INDEX_SIZE);

  get size(): number {
    return this.columns.size;
  }

  /** The account with this id, or undefined (for any string that is not one). */
  get(id: string): Account | undefined {
    if (id.length !== 2 * ACCOUNT_ID_BYTES) return undefined;
    let first = 0;
    let second = 0;
    for (let i = 0; i < 16; i++) {
      const digit = lowerHexValue(id.charCodeAt(i));
      if (digit < 0) return undefined;
      if (i < 8) first = (first << 4) | digit;
      else second = (second << 4) | digit;
    }
    const mask = this.index.length - 1;
    for (let at = mix(first, second) & mask; ; at = (at + 1) & mask) {
      const entry = this.index[at]!;
      if (entry === 0) return undefined;
      const slot = entry - 1;
      if (this.idEquals(slot, id)) {
        this.columns.rememberId(slot, id as AccountId);
        return new Account(this.columns, slot);
      }
    }
  }

  has(id: string): boolean {
    return this.get(id) !== undefined;
  }

  /** The account in `slot`, if there is one. */
  atSlot(slot: number): Account | undefined {
    return slot >= 0 && slot < this.columns.size ? new Account(this.columns, slot) : undefined;
  }

  /** In slot order (the order accounts were opened). */
  *values(): IterableIterator<Account> {
    for (let slot = 0; slot < this.columns.size; slot++) yield new Account(this.columns, slot);
  }

  /** Ids in slot order. */
  *keys(): IterableIterator<AccountId> {
    for (let slot = 0; slot < this.columns.size; slot++) yield this.columns.id(slot);
  }

  /** [id, account] in slot order, as a Map would list them. */
  *[Symbol.iterator](): IterableIterator<[AccountId, Account]> {
    for (const account of this.values()) yield [account.id, account];
  }

  /** Opens an account in the next slot, with no balance. */
  add(fields: AccountFields): Account {
    if (2 * (this.columns.size + 1) > this.index.length) this.grow();
    const slot = this.columns.push(fields);
    this.place(slot);
    return new Account(this.columns, slot);
  }

  /**
   * Takes away the last account added (an opening undone). It was placed last, in a position
   * that was empty until then, and no later placement probed past it; so emptying that
   * position leaves the index as it was before the account came (also after a growth, which
   * places accounts again in slot order).
   */
  removeLast(): void {
    const slot = this.columns.size - 1;
    assert(slot >= 0, "an account to remove");
    const mask = this.index.length - 1;
    let at = this.hashOf(slot) & mask;
    while (this.index[at] !== slot + 1) {
      assert(this.index[at] !== 0, "an account in the table is in its index");
      at = (at + 1) & mask;
    }
    this.index[at] = 0;
    this.columns.pop();
  }

  private place(slot: number): void {
    const mask = this.index.length - 1;
    let at = this.hashOf(slot) & mask;
    while (this.index[at] !== 0) at = (at + 1) & mask;
    this.index[at] = slot + 1;
  }

  private grow(): void {
    this.index = new Int32Array(this.index.length * 2);
    for (let slot = 0; slot < this.columns.size; slot++) this.place(slot);
  }

  /** The index hash of the account in `slot`, from the id bytes in its prefix. */
  private hashOf(slot: number): number {
    const bytes = this.columns.prefixSlab(slot);
    const at = this.columns.prefixStart(slot) + ACCOUNT_PREFIX_ID_OFFSET;
    const first =
      (bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!;
    const second =
      (bytes[at + 4]! << 24) | (bytes[at + 5]! << 16) | (bytes[at + 6]! << 8) | bytes[at + 7]!;
    return mix(first, second);
  }

  /** Whether `id` is exactly the lower-case hex of the id bytes of the account in `slot`. */
  private idEquals(slot: number, id: string): boolean {
    const bytes = this.columns.prefixSlab(slot);
    const at = this.columns.prefixStart(slot) + ACCOUNT_PREFIX_ID_OFFSET;
    for (let i = 0; i < ACCOUNT_ID_BYTES; i++) {
      const high = lowerHexValue(id.charCodeAt(2 * i));
      const low = lowerHexValue(id.charCodeAt(2 * i + 1));
      if (high < 0 || low < 0 || ((high << 4) | low) !== bytes[at + i]) return false;
    }
    return true;
  }
}
