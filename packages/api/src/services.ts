/**
 * The port the API server serves: what the node offers the public, in the API's own shapes.
 * The node implements it (packages/node/src/services, LedgerServices) over its ledger, mempool
 * and block store; the server adapter only translates HTTP and WebSocket to these calls.
 *
 * Methods that read the ledger are asynchronous because a node that is also a validator may be
 * in the middle of executing a block: reads wait until the state is committed again, and give up
 * with a ServiceError("node_busy") rather than answer from a block that may still be reverted.
 */
import type { ErrorCode } from "./errors.ts";
import type { TransferFeeView } from "./fee-schemas.ts";
import type { Iso20022Type, OffersView, QuoteView } from "./remit-schemas.ts";
import type {
  TravelRuleStoredView,
  TravelRuleUploadBody,
  TravelRuleView,
} from "./travel-rule-schemas.ts";
import type { AccountRequestsView, PaymentView, RequestView } from "./payment-schemas.ts";
import type {
  InstitutionsView,
  MerchantCodeBody,
  MerchantCodeView,
  MerchantProfileView,
  RegisterMerchantBody,
} from "./merchant-schemas.ts";
import type {
  AccountHistoryView,
  AccountView,
  BlockView,
  CurrenciesView,
  DeskView,
  OpenAccountAccepted,
  OpenAccountBody,
  StatusView,
  SubmitResult,
  SubscriptionEvent,
  Topic,
  TransactionView,
} from "./schemas.ts";

export interface OffersFilter {
  readonly buy?: string | undefined;
  readonly sell?: string | undefined;
}

/** A quote's question: exactly one of sendAmount and receiveAmount (decimal strings). */
export type QuoteRequest = {
  readonly from: string;
  readonly to: string;
  /** The paying account: firm quotes are held for it; its institution's fee applies. */
  readonly payer?: string | undefined;
} & (
  | { readonly sendAmount: string; readonly receiveAmount?: undefined }
  | { readonly receiveAmount: string; readonly sendAmount?: undefined }
);

export interface AccountHistoryOptions {
  /** 1..HISTORY_PAGE_MAX. */
  readonly limit: number;
  /** A previous page's nextCursor; absent for the newest page. */
  readonly cursor?: string | undefined;
}

export type TransactionLookup =
  TransactionView | { readonly status: "unknown"; readonly hash: string };

export type RequestLookup = RequestView | { readonly status: "unknown" };

export type DropReason = "slow_consumer" | "shutdown";

export interface SubscriptionListener {
  /**
   * Receives the topic's events in order. Returning a promise holds back later events until it
   * settles (back-pressure); meanwhile they wait in a bounded queue, and a subscriber whose queue
   * overflows is dropped.
   */
  event(event: SubscriptionEvent): void | Promise<void>;
  /** The node ended the subscription (too slow, or stopping); no event follows. */
  dropped(reason: DropReason, message: string): void;
}

export type SubscribeResult =
  | { readonly ok: true; readonly unsubscribe: () => void }
  | { readonly ok: false; readonly message: string };

export type Readiness =
  { readonly ready: true } | { readonly ready: false; readonly reason: string };

/** Reads decrypted travel-rule data by its hash, for this node's operator (GET /v1/travel-rule). */
export type TravelRuleReader = (hash: string) => Promise<Record<string, unknown>>;

export interface ApiServices {
  readonly chainId: string;
  /** Admits each transaction in order; one result per transaction. */
  submitTransactions(transactions: readonly Uint8Array[]): Promise<SubmitResult[]>;
  transaction(hash: string): Promise<TransactionLookup>;
  /** undefined for an account that does not exist. */
  account(id: string): Promise<AccountView | undefined>;
  /** undefined for an account that does not exist. */
  accountHistory(
    id: string,
    options: AccountHistoryOptions,
  ): Promise<AccountHistoryView | undefined>;
  /** undefined for a payee account that does not exist. */
  /**
   * The fee on a transfer of `amount` (a decimal string) in `currency` from `account`; undefined
   * for an account that does not exist. Raises currency_not_found or invalid_request.
   */
  transferFee(
    account: string,
    currency: string,
    amount: string,
  ): Promise<TransferFeeView | undefined>;
  payment(payee: string, reference: string): Promise<PaymentView | undefined>;
  /** undefined for an account that does not exist. */
  accountRequests(id: string): Promise<AccountRequestsView | undefined>;
  /** undefined for a payee account that does not exist. */
  request(payee: string, requestId: string): Promise<RequestLookup | undefined>;
  /** undefined when no block is committed at that height (or none at all, for "latest"). */
  block(height: number | "latest"): Promise<BlockView | undefined>;
  status(): Promise<StatusView>;
  currencies(): Promise<CurrenciesView>;
  /** The member institutions with their public keys, from the committed state. */
  institutions(): Promise<InstitutionsView>;
  /** Live offers, filtered by currencies, best rate first. Raises currency_not_found. */
  offers(filter: OffersFilter): Promise<OffersView>;
  /**
   * An indicative quote from the best live offer that fits. Raises currency_not_found,
   * invalid_request (an amount the currency cannot hold), no_offer, amount_out_of_range or
   * insufficient_liquidity.
   */
  quote(request: QuoteRequest): Promise<QuoteView>;
  /**
   * The ISO 20022 message of a committed remittance; undefined for a transaction this node does
   * not index. Raises not_a_remittance for one that is not a successful remittance. With
   * `readTravelRule` (the caller is this node's operator), debtor and creditor are named from the
   * remittance's travel-rule data, decrypted by this node's institution; its errors propagate.
   */
  iso20022(
    hash: string,
    type: Iso20022Type,
    readTravelRule?: TravelRuleReader,
  ): Promise<string | undefined>;
  subscribe(topic: Topic, listener: SubscriptionListener): SubscribeResult;
  readiness(): Readiness;
  /** The Prometheus exposition of this node's metrics. */
  metrics(): Promise<{ readonly contentType: string; readonly body: string }>;
}

/**
 * An institution's desk on this gateway (optional: only a node configured with its institution's
 * key has one). It opens accounts for keys whose owners keep them: the institution signs
 * `open_account`, the customer never hands over a private key.
 */
export interface DeskServices {
  /** Which institution this is and what accounts opened here get. */
  info(): DeskView;
  /**
   * Checks the request (the proof, that no account exists), signs and submits the opening.
   * Throws ServiceError with account_exists, proof_invalid, invalid_request or a submission code.
   */
  openAccount(request: OpenAccountBody): Promise<OpenAccountAccepted>;
  /** What the institution knows of a merchant. Throws ServiceError merchant_not_registered. */
  merchantProfile(account: string): Promise<MerchantProfileView>;
  /**
   * Checks the request (the account is the institution's and not frozen, the proof, the time)
   * and records the profile. Throws ServiceError with the codes of MERCHANT_DESK_ERROR_CODES,
   * or merchant_register_full.
   */
  registerMerchant(request: RegisterMerchantBody): Promise<MerchantProfileView>;
  /**
   * Checks the request as registerMerchant does, builds the merchant's code from its profile and
   * signs it with the institution's key. Throws ServiceError (merchant_not_registered,
   * currency_not_found, invalid_request for an amount the currency cannot hold, …).
   */
  createMerchantCode(request: MerchantCodeBody): Promise<MerchantCodeView>;
  /**
   * A firm quote for a customer of this institution: the best offer's liquidity held in the
   * ledger (hold_quote signed by the institution, committed) until the answer's expiresAt.
   * Throws ServiceError with the codes of QUOTE_ERROR_CODES (account_other_institution for a
   * payer of another institution).
   */
  firmQuote(request: QuoteRequest & { readonly payer: string }): Promise<QuoteView>;
}

/**
 * Travel-rule envelopes on this gateway (optional: without it the routes answer 404
 * travel_rule_not_enabled). The node stores ciphertext only; reading decrypts with its
 * institution's private key, for its operator only.
 */
export interface TravelRuleServices {
  /**
   * Checks and stores an envelope under its hash and passes it on to the peers. Throws
   * ServiceError envelope_invalid, envelope_conflict or envelope_store_full.
   */
  upload(body: TravelRuleUploadBody): Promise<TravelRuleStoredView>;
  /**
   * Decrypts the envelope stored under `hash` (asking the peers when this node lacks it).
   * `operatorToken` is the bearer token the request presented, undefined when none. Throws
   * ServiceError operator_token_required, travel_rule_not_found, not_a_recipient or
   * envelope_hash_mismatch.
   */
  read(hash: string, operatorToken: string | undefined): Promise<TravelRuleView>;
}

/**
 * An error the services raise for a request they cannot serve; the server answers with the
 * code's HTTP status and the standard envelope (and Retry-After when details.retryAfterMs is set).
 */
export class ServiceError extends Error {
  override name = "ServiceError";

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}
