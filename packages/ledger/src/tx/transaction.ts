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
  post_offer = 14,
  withdraw_offer = 15,
  hold_quote = 16,
  remit = 17,
  set_kyc_limits = 18,
  set_sanctioned = 19,
  set_travel_rule_threshold = 20,
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

/**
 * A liquidity provider offers to pay out `sell` for `buy`. Posting an id the provider already
 * uses replaces that offer. Offers hold no money: liquidity is held per quote (hold_quote).
 */
export interface PostOfferOp {
  readonly kind: "post_offer";
  /** Unique among the provider's offers. */
  readonly id: ClientId;
  /** What the provider receives: the sender's currency. */
  readonly buy: CurrencyCode;
  /** What the provider pays out: the recipient's currency. */
  readonly sell: CurrencyCode;
  /** The provider pays floor(buyAmount × rateNum / rateDen) sell minor units (both > 0). */
  readonly rateNum: bigint;
  readonly rateDen: bigint;
  /** Bounds of one payment, in buy minor units: 0 < minBuy ≤ maxBuy. */
  readonly minBuy: Amount;
  readonly maxBuy: Amount;
  /** The provider's declared margin over its mid-market rate, shown to customers (0–10,000). */
  readonly spreadBps: number;
  /** Absolute agreed time, after now and at most OFFER_LIFETIME_MS_MAX ahead. */
  readonly expiresAtMs: TimestampMs;
}

export interface WithdrawOfferOp {
  readonly kind: "withdraw_offer";
  readonly id: ClientId;
}

/**
 * A firm quote: an institution holds part of a provider's offer for one of its customers. The
 * sell amount leaves the provider's available balance into the quote until used or expired.
 */
export interface HoldQuoteOp {
  readonly kind: "hold_quote";
  /** Unique among the signer's (the holding institution's) open quotes. */
  readonly id: ClientId;
  /** The provider institution's account that posted the offer. */
  readonly provider: AccountId;
  readonly offerId: ClientId;
  /** The customer the quote is for; must be a customer of the signer's institution. */
  readonly payer: AccountId;
  /** What the payer will send, in the offer's buy currency. */
  readonly buyAmount: Amount;
  /** The quote expires this long after the block that holds it: 1 … QUOTE_TIMEOUT_MS_MAX. */
  readonly timeoutMs: number;
}

/** Where a remittance's liquidity comes from: a held quote, or an offer directly. */
export type RemitSource =
  | { readonly kind: "quote"; readonly holder: AccountId; readonly id: ClientId }
  | { readonly kind: "offer"; readonly provider: AccountId; readonly id: ClientId };

/** One cross-currency payment, signed by the sender: all legs or none. */
export interface RemitOp {
  readonly kind: "remit";
  readonly to: AccountId;
  readonly sendCurrency: CurrencyCode;
  readonly sendAmount: Amount;
  readonly receiveCurrency: CurrencyCode;
  /**
   * The worst rate the sender accepts: receiveAmount × worstRateDen ≥ sendAmount × worstRateNum.
   * worstRateDen > 0; worstRateNum 0 accepts any rate.
   */
  readonly worstRateNum: bigint;
  readonly worstRateDen: bigint;
  readonly source: RemitSource;
  /** Hash of the travel-rule data; required when sendAmount reaches the currency's threshold. */
  readonly travelRuleHash?: Hash | undefined;
}

/** The issuer of a currency sets the sending limits of one KYC tier in that currency. */
export interface SetKycLimitsOp {
  readonly kind: "set_kyc_limits";
  readonly currency: CurrencyCode;
  readonly tier: number;
  /** 0 is allowed: the tier may not send this currency at all. */
  readonly perPaymentMax: Amount;
  readonly dailyMax: Amount;
  readonly monthlyMax: Amount;
}

/** A regulator sanctions an account (it may then neither sign nor receive) or lifts it. */
export interface SetSanctionedOp {
  readonly kind: "set_sanctioned";
  readonly account: AccountId;
  readonly sanctioned: boolean;
}

/** A regulator sets the amount from which a remittance in `currency` needs travel-rule data. */
export interface SetTravelRuleThresholdOp {
  readonly kind: "set_travel_rule_threshold";
  readonly currency: CurrencyCode;
  readonly thresholdMinor: Amount;
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
  | DeclineRequestOp
  | PostOfferOp
  | WithdrawOfferOp
  | HoldQuoteOp
  | RemitOp
  | SetKycLimitsOp
  | SetSanctionedOp
  | SetTravelRuleThresholdOp;

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
