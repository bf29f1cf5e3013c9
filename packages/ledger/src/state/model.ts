/**
 * The objects the ledger keeps. Everything here is committed to by the state root
 * (docs/spec/ledger.md, "State"), except the idempotency memory, which is derived from the
 * last day of committed blocks.
 */
import type {
  AccountId,
  Amount,
  ClientId,
  CurrencyCode,
  Hash,
  InstitutionId,
} from "@tongbao/types";
import type { KeyType, RemitSource } from "../tx/transaction.ts";
import type { ResultCode } from "../result-codes.ts";
export { Account, type AccountBalances } from "./account.ts";
export { ACCOUNT_PREFIX_ID_OFFSET } from "./account-columns.ts";

/** Roles a member institution may hold; a bit mask in the encoding. */
export enum Role {
  validator = 1,
  issuer = 2,
  liquidity_provider = 4,
  regulator = 8,
}

export interface Institution {
  readonly id: InstitutionId;
  readonly name: string;
  readonly roles: number;
  /** The institution's own account: it signs the institution's transactions and collects fees. */
  readonly accountId: AccountId;
}

export interface Currency {
  readonly code: CurrencyCode;
  readonly minorUnits: number;
  readonly issuer: InstitutionId;
  /** Issued minus redeemed: always equals the sum of balances plus pending amounts. */
  supply: bigint;
}

export interface FeeSchedule {
  readonly fixedMinor: Amount;
  readonly bps: number;
  readonly maxMinor: Amount;
}

/** What opening an account gives: an account before the ledger places it, with no balance. */
export interface NewAccount {
  readonly id: AccountId;
  readonly keyType: KeyType;
  readonly publicKey: Uint8Array;
  readonly institution: InstitutionId;
  readonly kycTier: number;
  readonly frozen: boolean;
}

export interface PendingTransfer {
  readonly from: AccountId;
  readonly id: ClientId;
  readonly to: AccountId;
  readonly currency: CurrencyCode;
  readonly amount: Amount;
  readonly expiresAtMs: number;
  readonly arbiter: AccountId | undefined;
  readonly slot: number;
  /** Creation sequence: orders expiries with equal deadlines, and detects stale heap entries. */
  readonly sequence: number;
}

/**
 * A referenced payment the ledger remembers until `paidAtMs + REFERENCE_RETENTION_MS`: it cannot
 * be paid again, and its payee may refund up to `amount − refunded`. It names the operation
 * that paid it by position (block height, transaction index, operation index), which is
 * shorter than a hash and as final; a receipt proof for that position proves the payment.
 */
export interface PaymentRecord {
  readonly payee: AccountId;
  readonly reference: Hash;
  readonly payer: AccountId;
  readonly currency: CurrencyCode;
  readonly amount: Amount;
  /** Refunded so far: 0 ≤ refunded ≤ amount. Changed only through LedgerState. */
  refunded: bigint;
  readonly paidAtMs: number;
  readonly height: number;
  readonly transactionIndex: number;
  readonly operationIndex: number;
  readonly slot: number;
}

/** An open request to pay, keyed by (payee, id), until approved, declined or expired. */
export interface PaymentRequest {
  readonly payee: AccountId;
  readonly id: ClientId;
  readonly payer: AccountId;
  readonly currency: CurrencyCode;
  readonly amount: Amount;
  /** The reference its payment will carry: the one requested, or one derived from (payee, id). */
  readonly reference: Hash;
  readonly createdAtMs: number;
  readonly expiresAtMs: number;
  readonly slot: number;
  /** Creation sequence: orders expiries with equal deadlines, and detects stale heap entries. */
  readonly sequence: number;
}

export type RequestOutcome = "approved" | "declined" | "cancelled" | "expired";

/** What happened to a request in a block, for the node's history and events (not hashed). */
export interface ClosedRequest {
  readonly request: PaymentRequest;
  readonly outcome: RequestOutcome;
  /** The closing transaction's index in its block; absent for an expiry. */
  readonly transactionIndex?: number;
}

/** A liquidity provider's standing offer, keyed by (provider, id), until withdrawn or expired. */
export interface Offer {
  readonly provider: AccountId;
  readonly id: ClientId;
  readonly buy: CurrencyCode;
  readonly sell: CurrencyCode;
  readonly rateNum: bigint;
  readonly rateDen: bigint;
  readonly minBuy: Amount;
  readonly maxBuy: Amount;
  readonly spreadBps: number;
  readonly expiresAtMs: number;
  readonly slot: number;
  /** Posting sequence: orders expiries with equal deadlines, and detects stale heap entries. */
  readonly sequence: number;
}

/**
 * A firm quote, keyed by (holder, id): `sellAmount` of the provider's `sell` currency, taken
 * out of the provider's balance and held here until a remit uses it or it expires. It keeps the
 * offer's terms, so withdrawing or replacing the offer does not change it.
 */
export interface Quote {
  readonly holder: AccountId;
  readonly id: ClientId;
  readonly provider: AccountId;
  readonly offerId: ClientId;
  readonly payer: AccountId;
  readonly buy: CurrencyCode;
  readonly sell: CurrencyCode;
  readonly buyAmount: Amount;
  readonly sellAmount: Amount;
  readonly rateNum: bigint;
  readonly rateDen: bigint;
  readonly spreadBps: number;
  readonly expiresAtMs: number;
  readonly slot: number;
  readonly sequence: number;
}

/** A KYC tier's limits for sending one currency. */
export interface KycLimits {
  readonly perPaymentMax: Amount;
  readonly dailyMax: Amount;
  readonly monthlyMax: Amount;
}

/** Spending in one hour (index = floor(t / HOUR_MS)) or one day (floor(t / DAY_MS)). */
export interface SpendBucket {
  readonly index: number;
  readonly amount: bigint;
}

/**
 * What an account sent in one currency recently, for its KYC limits: hourly buckets of the last
 * 24 hours and daily buckets of the last 30 days, ascending by index, none empty. Immutable: a
 * payment replaces the window with a new one, which makes undo a pointer swap.
 */
export interface SpendWindow {
  readonly account: AccountId;
  readonly currency: CurrencyCode;
  readonly hours: readonly SpendBucket[];
  readonly days: readonly SpendBucket[];
  readonly slot: number;
}

/** A remittance settled in a block, for the node's history, explorer and ISO 20022 (not hashed). */
export interface SettledRemittance {
  readonly transactionIndex: number;
  readonly operationIndex: number;
  readonly sender: AccountId;
  readonly recipient: AccountId;
  readonly provider: AccountId;
  readonly sendCurrency: CurrencyCode;
  readonly sendAmount: Amount;
  readonly fee: Amount;
  /** What the provider received: ceil(receiveAmount × rateDen / rateNum). */
  readonly paidToProvider: Amount;
  /** sendAmount − paidToProvider: the rounding left over, credited to `residualTo`. */
  readonly residual: Amount;
  readonly residualTo: AccountId;
  readonly receiveCurrency: CurrencyCode;
  readonly receiveAmount: Amount;
  readonly rateNum: bigint;
  readonly rateDen: bigint;
  readonly spreadBps: number;
  readonly source: RemitSource;
  readonly travelRuleHash: Hash | undefined;
}

/** What the ledger remembers of a transaction until its validUntil passes. */
export interface SeenTransaction {
  readonly hash: Hash;
  readonly validUntilMs: number;
  readonly height: number;
  readonly index: number;
  readonly code: ResultCode;
}

export function pendingKey(from: AccountId, id: ClientId): string {
  return from + id;
}

export function paymentKey(payee: AccountId, reference: Hash): string {
  return payee + reference;
}

export function requestKey(payee: AccountId, id: ClientId): string {
  return payee + id;
}

export function seenKey(signer: AccountId, id: ClientId): string {
  return signer + id;
}

export function offerKey(provider: AccountId, id: ClientId): string {
  return provider + id;
}

export function quoteKey(holder: AccountId, id: ClientId): string {
  return holder + id;
}

export function spendKey(account: AccountId, currency: CurrencyCode): string {
  return account + currency;
}
