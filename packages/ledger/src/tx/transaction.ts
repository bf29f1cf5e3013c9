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
}

export interface TransferOp {
  readonly kind: "transfer";
  readonly to: AccountId;
  readonly currency: CurrencyCode;
  readonly amount: Amount;
  /** Links the payment to something outside the ledger, e.g. a QR code's one-time reference. */
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

export type Operation =
  | TransferOp
  | OpenAccountOp
  | SetFrozenOp
  | IssueOp
  | RedeemOp
  | CreatePendingOp
  | PostPendingOp
  | VoidPendingOp
  | SetFeeScheduleOp;

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
