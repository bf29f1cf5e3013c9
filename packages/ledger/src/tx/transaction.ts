/**
 * Transactions: a signer, a client-chosen id, a deadline in agreed time, and 1–16 operations
 * that apply together or not at all (linked). Field meanings and rules: docs/spec/ledger.md.
 */
import type { AccountId, Amount, ClientId, CurrencyCode, Hash, TimestampMs } from "@tongbao/types";

import { KeyType } from "@tongbao/codec";

/** Key types are defined with account ids in the codec; re-exported for the ledger's users. */
export { KeyType };

export enum OperationTag {
  transfer = 1,
  open_account = 2,
  set_frozen = 3,
  issue = 4,
  redeem = 5,
  create_pending = 6,
  post_pending = 7,
  void_pending = 8,
  set_fee_schedule = 9,
  refund = 10,
  request_payment = 11,
  approve_request = 12,
  decline_request = 13,
}

export interface TransferOp {
  readonly kind: "transfer";
  readonly to: AccountId;
  readonly currency: CurrencyCode;
  readonly amount: Amount;
  /**
   * Makes the transfer a referenced payment: links it to something outside the ledger, e.g. a
   * dynamic QR code's one-time reference. The pair (to, reference) can be paid only once while
   * the ledger remembers it, and the payee may refund it (docs/spec/ledger.md).
   */
  readonly reference?: Hash | undefined;
  /** Hash of a memo kept off the ledger (memos are private to the two institutions). */
  readonly memoHash?: Hash | undefined;
}

export interface OpenAccountOp {
  readonly kind: "open_account";
  readonly keyType: KeyType;
  readonly publicKey: Uint8Array;
  readonly kycTier: number;
}

export interface SetFrozenOp {
  readonly kind: "set_frozen";
  readonly account: AccountId;
  readonly frozen: boolean;
}

export interface IssueOp {
  readonly kind: "issue";
  readonly currency: CurrencyCode;
  readonly to: AccountId;
  readonly amount: Amount;
}

export interface RedeemOp {
  readonly kind: "redeem";
  readonly currency: CurrencyCode;
  readonly amount: Amount;
}

export interface CreatePendingOp {
  readonly kind: "create_pending";
  /** Chosen by the payer; unique among the payer's open pending transfers. */
  readonly id: ClientId;
  readonly to: AccountId;
  readonly currency: CurrencyCode;
  readonly amount: Amount;
  /** The hold expires this long after the block that creates it. */
  readonly timeoutMs: number;
  /** A third account that may post or void, e.g. an escrow agent. */
  readonly arbiter?: AccountId | undefined;
}

export interface PostPendingOp {
  readonly kind: "post_pending";
  readonly from: AccountId;
  readonly id: ClientId;
  /** Post part of the hold; the rest returns to the payer. Absent: the whole amount. */
  readonly amount?: Amount | undefined;
}

export interface VoidPendingOp {
  readonly kind: "void_pending";
  readonly from: AccountId;
  readonly id: ClientId;
}

export interface SetFeeScheduleOp {
  readonly kind: "set_fee_schedule";
  readonly currency: CurrencyCode;
  readonly fixedMinor: Amount;
  readonly bps: number;
  readonly maxMinor: Amount;
}

/** The payee of a referenced payment returns part or all of it to the payer. */
export interface RefundOp {
  readonly kind: "refund";
  /** The payment's reference; the signer is its payee, so (signer, reference) names it. */
  readonly reference: Hash;
  readonly amount: Amount;
}

/** A payee asks a payer to pay; the payer approves (pays) or declines. */
export interface RequestPaymentOp {
  readonly kind: "request_payment";
  /** Chosen by the payee; unique among the payee's open requests. */
  readonly id: ClientId;
  readonly payer: AccountId;
  readonly currency: CurrencyCode;
  readonly amount: Amount;
  /** The request expires this long after the block that opens it. */
  readonly timeoutMs: number;
  /** The reference the payment will carry; absent: derived from (payee, id). */
  readonly reference?: Hash | undefined;
}

/**
 * The payer pays an open request. It repeats the amount and currency the payer agreed to, so a
 * payee cannot replace the request under the approval with a larger one.
 */
export interface ApproveRequestOp {
  readonly kind: "approve_request";
  readonly payee: AccountId;
  readonly id: ClientId;
  readonly currency: CurrencyCode;
  readonly amount: Amount;
}

/** The payer declines an open request, or its payee cancels it. */
export interface DeclineRequestOp {
  readonly kind: "decline_request";
  readonly payee: AccountId;
  readonly id: ClientId;
}

export type Operation =
  | TransferOp
  | OpenAccountOp
  | SetFrozenOp
  | IssueOp
  | RedeemOp
  | CreatePendingOp
  | PostPendingOp
  | VoidPendingOp
  | SetFeeScheduleOp
  | RefundOp
  | RequestPaymentOp
  | ApproveRequestOp
  | DeclineRequestOp;

export interface Transaction {
  readonly version: number;
  readonly keyType: KeyType;
  readonly publicKey: Uint8Array;
  readonly id: ClientId;
  readonly validUntilMs: TimestampMs;
  readonly operations: readonly Operation[];
}

/** A transaction with its canonical body bytes, signature and derived identifiers. */
export interface SignedTransaction {
  readonly tx: Transaction;
  /** The canonical encoding of `tx`: what is hashed and signed. */
  readonly body: Uint8Array;
  readonly signature: Uint8Array;
  /** taggedHash("tongbao/tx", body): names the transaction everywhere. */
  readonly hash: Hash;
  /** The same hash as bytes. */
  readonly hashBytes: Uint8Array;
  /** The account derived from the transaction's public key. */
  readonly signer: AccountId;
  /** signer ‖ id: names the transaction for idempotency (see seenKey). */
  readonly key: string;
}
