/**
 * An account: a view of one slot of the account columns (account-columns.ts), made when the
 * ledger asks for it and dropped after. Two views of one slot are two objects that read and write
 * the same account, so code compares accounts by slot, never by identity.
 *
 * The account is its own `balances`, with the part of Map's interface the ledger uses.
 */
import type { AccountId, CurrencyCode, InstitutionId } from "@tongbao/types";
import type { KeyType } from "../tx/transaction.ts";
import type { AccountColumns } from "./account-columns.ts";

/** An account's balances by currency; a currency absent here has balance 0. */
export interface AccountBalances extends Iterable<[CurrencyCode, bigint]> {
  readonly size: number;
  get(code: CurrencyCode): bigint | undefined;
  has(code: CurrencyCode): boolean;
  set(code: CurrencyCode, amount: bigint): this;
  delete(code: CurrencyCode): boolean;
  keys(): IterableIterator<CurrencyCode>;
  entries(): IterableIterator<[CurrencyCode, bigint]>;
}

export class Account implements AccountBalances {
  constructor(
    private readonly columns: AccountColumns,
    /** Position in the accounts Merkle tree, assigned in order of opening. */
    readonly slot: number,
  ) {}

  get id(): AccountId {
    return this.columns.id(this.slot);
  }

  get institution(): InstitutionId {
    return this.columns.institution(this.slot);
  }

  get keyType(): KeyType {
    return this.columns.keyType(this.slot);
  }

  /**
   * Where the account's leaf prefix lies: bytes `prefixStart` to `prefixStart + prefixLength` of
   * a slab shared with other accounts. It holds the id and the public key (accountPublicKey).
   */
  get prefixSlab(): Uint8Array {
    return this.columns.prefixSlab(this.slot);
  }

  get prefixStart(): number {
    return this.columns.prefixStart(this.slot);
  }

  get prefixLength(): number {
    return this.columns.prefixLength(this.slot);
  }

  get kycTier(): number {
    return this.columns.kycTier(this.slot);
  }

  set kycTier(tier: number) {
    this.columns.setKycTier(this.slot, tier);
  }

  get frozen(): boolean {
    return this.columns.frozen(this.slot);
  }

  set frozen(frozen: boolean) {
    this.columns.setFrozen(this.slot, frozen);
  }

  /** Set by a regulator: the account may neither sign nor receive (docs/spec/ledger.md). */
  get sanctioned(): boolean {
    return this.columns.sanctioned(this.slot);
  }

  set sanctioned(sanctioned: boolean) {
    this.columns.setSanctioned(this.slot, sanctioned);
  }

  // ---- balances --------------------------------------------------------------------------------

  /** Available balance per currency. */
  get balances(): AccountBalances {
    return this;
  }

  get size(): number {
    return this.columns.balanceCount(this.slot);
  }

  get(code: CurrencyCode): bigint | undefined {
    return this.columns.balance(this.slot, code);
  }

  has(code: CurrencyCode): boolean {
    return this.columns.balance(this.slot, code) !== undefined;
  }

  set(code: CurrencyCode, amount: bigint): this {
    this.columns.setBalance(this.slot, code, amount);
    return this;
  }

  delete(code: CurrencyCode): boolean {
    return this.columns.deleteBalance(this.slot, code);
  }

  *keys(): IterableIterator<CurrencyCode> {
    for (const [code] of this.columns.balances(this.slot)) yield code;
  }

  entries(): IterableIterator<[CurrencyCode, bigint]> {
    return this.columns.balances(this.slot);
  }

  [Symbol.iterator](): IterableIterator<[CurrencyCode, bigint]> {
    return this.columns.balances(this.slot);
  }
}
