/**
 * The SDK's errors: each says what happened and what to fix. Modelled on viem: a `shortMessage`
 * for people, `metaMessages` with the facts and the fix, `details` with the server's words, and
 * `cause` when another error is behind it; `message` joins them.
 *
 *   try { await pay(client, {...}) } catch (e) {
 *     if (e instanceof InsufficientFundsError) show(e.shortMessage);
 *   }
 */
import type { ErrorBody } from "@tongbao/api";
import type { QrIssue, QrIssueCode } from "@tongbao/emvqr";

export interface BaseErrorOptions {
  readonly cause?: unknown;
  /** The server's or the underlying error's own words. */
  readonly details?: string;
  /** Facts and the fix, one per line. */
  readonly metaMessages?: readonly string[];
  readonly docsPath?: string;
}

export class BaseError extends Error {
  override name = "BaseError";
  readonly shortMessage: string;
  readonly details: string | undefined;
  readonly metaMessages: readonly string[];
  readonly docsPath: string | undefined;

  constructor(shortMessage: string, options: BaseErrorOptions = {}) {
    const lines = [shortMessage];
    if (options.metaMessages !== undefined && options.metaMessages.length > 0) {
      lines.push("", ...options.metaMessages);
    }
    if (options.details !== undefined) lines.push("", `Details: ${options.details}`);
    if (options.docsPath !== undefined) lines.push(`Docs: docs/spec/api.md${options.docsPath}`);
    super(lines.join("\n"), options.cause === undefined ? undefined : { cause: options.cause });
    this.shortMessage = shortMessage;
    this.details = options.details;
    this.metaMessages = options.metaMessages ?? [];
    this.docsPath = options.docsPath;
  }
}

// ---- talking to the gateway ------------------------------------------------------------------

/** The gateway could not be reached, or did not answer in time. */
export class HttpRequestError extends BaseError {
  override name = "HttpRequestError";
  constructor(
    readonly url: string,
    cause: unknown,
  ) {
    super(`could not reach the gateway at ${url}`, {
      cause,
      details: cause instanceof Error ? cause.message : String(cause),
      metaMessages: ["Check the client's url and that the gateway is running, then retry."],
    });
  }
}

/** The gateway answered with an error envelope. Subclasses name the codes clients act on. */
export class ApiError extends BaseError {
  override name = "ApiError";
  /** The API's stable error code, e.g. "invalid_request". */
  readonly code: string;
  readonly status: number;
  /** The envelope's details object. */
  readonly data: Readonly<Record<string, unknown>>;

  constructor(
    status: number,
    body: ErrorBody,
    options: { shortMessage?: string; metaMessages?: readonly string[] } = {},
  ) {
    super(options.shortMessage ?? `${body.code}: ${body.message}`, {
      details: body.message,
      ...(options.metaMessages === undefined ? {} : { metaMessages: options.metaMessages }),
      docsPath: `#${body.code}`,
    });
    this.code = body.code;
    this.status = status;
    this.data = body.details ?? {};
  }
}

/** The wait the gateway asked for; a second when it named none (about one block). */
function retryAfter(body: ErrorBody): number {
  const value = body.details?.["retryAfterMs"];
  return typeof value === "number" && value > 0 ? value : 1_000;
}

/** Too many requests from this address. Wait retryAfterMs. */
export class RateLimitedError extends ApiError {
  override name = "RateLimitedError";
  readonly retryAfterMs: number;
  constructor(status: number, body: ErrorBody) {
    const retryAfterMs = retryAfter(body);
    super(status, body, {
      shortMessage: `the gateway is rate limiting this address; retry in ${retryAfterMs} ms`,
      metaMessages: ["Send fewer requests, or submit transactions in batches."],
    });
    this.retryAfterMs = retryAfterMs;
  }
}

/** The mempool is full: nothing is wrong with the transaction. Submit it again after retryAfterMs. */
export class MempoolFullError extends ApiError {
  override name = "MempoolFullError";
  readonly retryAfterMs: number;
  constructor(status: number, body: ErrorBody) {
    const retryAfterMs = retryAfter(body);
    super(status, body, {
      shortMessage: `the gateway's mempool is full; submit the same transaction again in ${retryAfterMs} ms`,
    });
    this.retryAfterMs = retryAfterMs;
  }
}

/** The node was busy finishing a block. Retry after retryAfterMs. */
export class NodeBusyError extends ApiError {
  override name = "NodeBusyError";
  readonly retryAfterMs: number;
  constructor(status: number, body: ErrorBody) {
    const retryAfterMs = retryAfter(body);
    super(status, body, { shortMessage: `the node is busy; retry in ${retryAfterMs} ms` });
    this.retryAfterMs = retryAfterMs;
  }
}

/** The gateway's node runs no institution desk; open the account at your institution's gateway. */
export class DeskNotEnabledError extends ApiError {
  override name = "DeskNotEnabledError";
}

/** The key already has an account (its id in `account`): use it. */
export class AccountExistsError extends ApiError {
  override name = "AccountExistsError";
  readonly account: string | undefined;
  constructor(status: number, body: ErrorBody) {
    super(status, body);
    const account = body.details?.["account"];
    this.account = typeof account === "string" ? account : undefined;
  }
}

/** The gateway's institution knows no merchant profile for the account: register one first. */
export class MerchantNotRegisteredError extends ApiError {
  override name = "MerchantNotRegisteredError";
  constructor(status: number, body: ErrorBody) {
    super(status, body, {
      metaMessages: [
        "Register the shop's name, city and category (registerMerchant), then ask again.",
      ],
    });
  }
}

export class AccountNotFoundError extends ApiError {
  override name = "AccountNotFoundError";
}
export class BlockNotFoundError extends ApiError {
  override name = "BlockNotFoundError";
}
export class TransactionNotFoundError extends ApiError {
  override name = "TransactionNotFoundError";
}
/** The payee has no open request with this id, and the gateway remembers none closed. */
export class RequestNotFoundError extends ApiError {
  override name = "RequestNotFoundError";
}

/** What to do about each refusal or failure code, for metaMessages. */
const FIXES: Readonly<Record<string, string>> = {
  malformed_encoding: "Build the transaction with buildTransfer (or the ledger's encoder).",
  signature_invalid:
    'Sign with the signer account\'s key, for this chain id and purpose "tx"; check createClient({ chainId }).',
  amount_must_be_positive: "Send an amount greater than zero.",
  amount_exceeds_maximum: "Send a smaller amount.",
  currency_code_invalid: 'Use a currency code of three capital letters, e.g. "HKD".',
  currency_not_found: "Use one of the chain's currencies (getCurrencies).",
  accounts_must_be_different: "Pay an account other than the signer's own.",
  id_must_not_be_zero: "Give the transaction a non-zero id (buildTransfer picks a random one).",
  transaction_expired: "Build and sign a new transaction; its validUntil has passed.",
  valid_until_too_far: "Set validUntil at most 24 hours ahead.",
  transaction_duplicate:
    "Another transaction already used this signer and id; build a new one (new id) if you meant another payment.",
  signer_account_not_found:
    "Open the account at its institution first, or wait for the block that opens it and retry.",
  signer_pending_max: "Wait for this account's earlier transactions to commit, then submit again.",
  insufficient_funds: "Top up the account or send less; the institution's fee counts too.",
  account_not_found: "Check the recipient's account id.",
  account_frozen: "An account involved is frozen; its institution can unfreeze it.",
  signer_frozen: "The paying account is frozen; contact its institution.",
  reference_already_paid:
    "This reference is already paid to this payee (a QR code or request is paid once); check it with getPayment before paying again.",
  payment_not_found:
    "No payment of this reference to the signer is remembered: check the reference and sign with the payee's key; after 30 days a refund is an ordinary transfer.",
  refund_exceeds_refundable:
    "Refund at most what remains refundable (getPayment: refundable); refunds add up to the amount paid.",
  request_not_found:
    "The request is not open: it was approved, declined, cancelled or never made (getRequest).",
  request_expired: "The request's deadline passed; ask the payee for a new request.",
  requests_too_many:
    "Too many open requests for this payer or payee; wait for some to be answered, or cancel some.",
  request_terms_mismatch:
    "The request's amount or currency differ from what was approved; look at it again (getRequest) before approving.",
  timeout_invalid: "Give the request a timeout of 1 ms to 7 days (holds: up to 30 days).",
  rate_invalid: 'Give the rate as two positive integers (postOffer takes a decimal, e.g. "7.2").',
  offer_limits_invalid: "An offer's limits must satisfy 0 < minBuy ≤ maxBuy.",
  currencies_must_be_different: "An offer or remittance converts one currency into another.",
  kyc_limits_invalid: "KYC limits must satisfy perPaymentMax ≤ dailyMax ≤ monthlyMax.",
  offer_not_found: "The offer was withdrawn or replaced; look at the live offers (getOffers).",
  offer_expired: "The offer has expired; look at the live offers (getOffers).",
  offers_too_many: "The provider has 256 offers; withdraw some before posting more.",
  offer_lifetime_too_long:
    "An offer may stand at most 30 days from the block that posts it; post it with an earlier expiry (expiresInMs), leaving a few minutes for the block.",
  amount_outside_offer_limits:
    "Send an amount within the offer's minBuy and maxBuy (getOffers), or use another offer.",
  amount_too_small: "The amount converts to nothing at this rate; send more.",
  insufficient_liquidity:
    "The provider has too little of the receive currency now; send less, use another offer, or try later.",
  quote_not_found: "The quote was used, has expired, or never existed; ask a new quote (getQuote).",
  quote_already_exists: "The institution already holds a quote with this id; use a new id.",
  quote_expired:
    "The quote expired before the remittance was included; ask a new quote (getQuote).",
  quotes_too_many:
    "Too many open quotes for this payer (4) or institution; use or let some expire first.",
  quote_terms_mismatch:
    "The remittance's currencies or send amount differ from the quote's; remit exactly what was quoted.",
  rate_beyond_limit:
    "The rate moved beyond the worst rate accepted; ask a new quote, or accept a lower worstRate.",
  travel_rule_required:
    "Above the travel-rule threshold a remittance needs travel-rule data: seal and upload it, then remit with its hash.",
  travel_rule_envelope_missing:
    "Upload the travel-rule envelope, sealed to both institutions and every regulator, before remitting.",
  account_sanctioned:
    "An account named (sender, recipient or provider) is sanctioned; nothing can be sent. Contact the institution.",
  per_payment_limit_exceeded:
    "The amount exceeds the sender's KYC tier's per-payment limit; send less, or raise the tier at the institution.",
  daily_limit_exceeded:
    "The sender's KYC tier allows no more today (a rolling 24 hours); wait, or raise the tier at the institution.",
  monthly_limit_exceeded:
    "The sender's KYC tier allows no more this month (a rolling 30 days); wait, or raise the tier at the institution.",
};

export function fixFor(code: string): string | undefined {
  return FIXES[code];
}

/** The gateway refused the transaction: it was not admitted and changed nothing. */
export class TransactionRejectedError extends ApiError {
  override name = "TransactionRejectedError";
  /** The admission code, e.g. "signature_invalid", "transaction_expired". */
  readonly codeName: string;
  readonly hash: string | undefined;
  readonly operationIndex: number | undefined;
  /** Set for refusals that may succeed later (signer_account_not_found, signer_pending_max). */
  readonly retryAfterMs: number | undefined;

  constructor(status: number, body: ErrorBody) {
    const fix = fixFor(body.code);
    super(status, body, {
      shortMessage: `the gateway rejected the transaction: ${body.code}`,
      metaMessages: fix === undefined ? [] : [fix],
    });
    this.codeName = body.code;
    const hash = body.details?.["hash"];
    this.hash = typeof hash === "string" ? hash : undefined;
    const operationIndex = body.details?.["operationIndex"];
    this.operationIndex = typeof operationIndex === "number" ? operationIndex : undefined;
    const wait = body.details?.["retryAfterMs"];
    this.retryAfterMs = typeof wait === "number" ? wait : undefined;
  }
}

// ---- transaction outcomes ---------------------------------------------------------------------

/** The transaction was committed with a failure code: it is final and changed nothing. */
export class TransactionFailedError extends BaseError {
  override name = "TransactionFailedError";

  constructor(
    readonly hash: string,
    readonly codeName: string,
    readonly height: number,
    readonly operationIndex: number | undefined,
    shortMessage?: string,
    metaMessages?: readonly string[],
  ) {
    const fix = fixFor(codeName);
    super(shortMessage ?? `transaction ${hash} failed in block ${height}: ${codeName}`, {
      metaMessages: [
        ...(metaMessages ?? []),
        ...(operationIndex === undefined ? [] : [`- Failing operation: ${operationIndex}`]),
        "- Nothing changed; a failed transaction is final, so send a new one.",
        ...(fix === undefined ? [] : [fix]),
      ],
    });
  }
}

/** The payer's available balance does not cover the transfer (and its fee). */
export class InsufficientFundsError extends TransactionFailedError {
  override name = "InsufficientFundsError";

  constructor(options: {
    readonly amount: string;
    readonly available: string;
    readonly currency: string;
    /** Set when the transaction was committed (and failed); absent when caught before submitting. */
    readonly committed?: { readonly hash: string; readonly height: number };
  }) {
    const { amount, available, currency, committed } = options;
    const short =
      committed === undefined
        ? `transfer of ${amount} ${currency} exceeds the available ${available} ${currency}`
        : `transfer of ${amount} ${currency} plus fees exceeds the available ${available} ${currency}`;
    super(committed?.hash ?? "", "insufficient_funds", committed?.height ?? 0, undefined, short, [
      `- Available: ${available} ${currency}`,
      `- Requested: ${amount} ${currency}${committed === undefined ? "" : " (plus the institution's fee)"}`,
      ...(committed === undefined ? ["- Nothing was submitted."] : []),
    ]);
  }
}

/** Where a failure was recorded; absent when the SDK caught it before sending anything. */
export interface CommittedFailure {
  readonly hash: string;
  readonly height: number;
  readonly operationIndex?: number | undefined;
}

function failureFacts(committed: CommittedFailure | undefined): readonly string[] {
  return committed === undefined ? ["- Nothing was submitted."] : [];
}

/** The reference was already paid to this payee: nothing was paid a second time. */
export class ReferenceAlreadyPaidError extends TransactionFailedError {
  override name = "ReferenceAlreadyPaidError";
  constructor(
    readonly reference: string | undefined,
    committed?: CommittedFailure,
  ) {
    super(
      committed?.hash ?? "",
      "reference_already_paid",
      committed?.height ?? 0,
      committed?.operationIndex,
      `reference ${reference ?? "(of this payment)"} is already paid to this payee`,
      failureFacts(committed),
    );
  }
}

/** No remembered payment of this reference to the signer: nothing to refund through the ledger. */
export class PaymentNotFoundError extends TransactionFailedError {
  override name = "PaymentNotFoundError";
  constructor(
    readonly reference: string | undefined,
    committed?: CommittedFailure,
  ) {
    super(
      committed?.hash ?? "",
      "payment_not_found",
      committed?.height ?? 0,
      committed?.operationIndex,
      `no payment of reference ${reference ?? "(of this refund)"} to this payee is remembered`,
      failureFacts(committed),
    );
  }
}

/** A refund larger than what remains refundable of the payment. */
export class RefundExceedsRefundableError extends TransactionFailedError {
  override name = "RefundExceedsRefundableError";
  constructor(
    options: {
      readonly amount?: string;
      readonly refundable?: string;
      readonly currency?: string;
    },
    committed?: CommittedFailure,
  ) {
    const { amount, refundable, currency } = options;
    super(
      committed?.hash ?? "",
      "refund_exceeds_refundable",
      committed?.height ?? 0,
      committed?.operationIndex,
      amount === undefined || refundable === undefined
        ? "the refund exceeds what remains refundable"
        : `a refund of ${amount} ${currency} exceeds the refundable ${refundable} ${currency}`,
      [
        ...(refundable === undefined ? [] : [`- Refundable: ${refundable} ${currency}`]),
        ...failureFacts(committed),
      ],
    );
  }
}

/** The request is no longer open (approved, declined, cancelled, expired) or never was. */
export class RequestNotOpenError extends TransactionFailedError {
  override name = "RequestNotOpenError";
  constructor(codeName: "request_not_found" | "request_expired", committed: CommittedFailure) {
    super(
      committed.hash,
      codeName,
      committed.height,
      committed.operationIndex,
      codeName === "request_expired"
        ? "the request's deadline passed before the transaction was included"
        : "the request is not open",
    );
  }
}

/** The payer or payee has as many open requests as the ledger allows. */
export class RequestsTooManyError extends TransactionFailedError {
  override name = "RequestsTooManyError";
  constructor(committed: CommittedFailure) {
    super(
      committed.hash,
      "requests_too_many",
      committed.height,
      committed.operationIndex,
      "too many open requests: 64 per payer, 1,024 per payee, 8 from one payee to one payer",
    );
  }
}

/** The approval's amount or currency is not the request's: nothing was paid. */
export class RequestTermsMismatchError extends TransactionFailedError {
  override name = "RequestTermsMismatchError";
  constructor(committed: CommittedFailure) {
    super(
      committed.hash,
      "request_terms_mismatch",
      committed.height,
      committed.operationIndex,
      "the request says another amount or currency than the approval; nothing was paid",
    );
  }
}

/** The firm quote expired before the remittance was included: ask a new one. */
export class QuoteExpiredError extends TransactionFailedError {
  override name = "QuoteExpiredError";
  constructor(committed: CommittedFailure) {
    super(
      committed.hash,
      "quote_expired",
      committed.height,
      committed.operationIndex,
      "the quote expired before the remittance was included; nothing was sent — ask a new quote",
    );
  }
}

/** The rate was worse than the remittance's worst rate: nothing was sent. */
export class RateBeyondLimitError extends TransactionFailedError {
  override name = "RateBeyondLimitError";
  constructor(committed: CommittedFailure) {
    super(
      committed.hash,
      "rate_beyond_limit",
      committed.height,
      committed.operationIndex,
      "the rate is worse than the worst rate this remittance accepts; nothing was sent",
    );
  }
}

/** The SDK error for a transaction committed with a failure code. */
export function failureError(
  committed: CommittedFailure & { readonly codeName: string },
  facts: { readonly reference?: string | undefined } = {},
): TransactionFailedError {
  switch (committed.codeName) {
    case "reference_already_paid":
      return new ReferenceAlreadyPaidError(facts.reference, committed);
    case "payment_not_found":
      return new PaymentNotFoundError(facts.reference, committed);
    case "refund_exceeds_refundable":
      return new RefundExceedsRefundableError({}, committed);
    case "request_not_found":
    case "request_expired":
      return new RequestNotOpenError(committed.codeName, committed);
    case "requests_too_many":
      return new RequestsTooManyError(committed);
    case "request_terms_mismatch":
      return new RequestTermsMismatchError(committed);
    case "quote_expired":
      return new QuoteExpiredError(committed);
    case "rate_beyond_limit":
      return new RateBeyondLimitError(committed);
    default:
      return new TransactionFailedError(
        committed.hash,
        committed.codeName,
        committed.height,
        committed.operationIndex,
      );
  }
}

/** The transaction was not committed within the wait. It may still commit later. */
export class WaitForTransactionTimeoutError extends BaseError {
  override name = "WaitForTransactionTimeoutError";
  constructor(
    readonly hash: string,
    readonly timeoutMs: number,
  ) {
    super(`transaction ${hash} was not committed within ${timeoutMs} ms`, {
      metaMessages: [
        "It may still commit: wait again, or look it up with getTransaction.",
        "Do not build a new payment for the same purpose until this one has expired (validUntil), or both may commit.",
      ],
    });
  }
}

/** The transaction left the mempool without being committed (it expired or was replaced). */
export class TransactionDroppedError extends BaseError {
  override name = "TransactionDroppedError";
  constructor(readonly hash: string) {
    super(`transaction ${hash} left the mempool without being committed`, {
      metaMessages: [
        "It expired or its id was used by another transaction; build and sign a new one.",
      ],
    });
  }
}

// ---- building ---------------------------------------------------------------------------------

/** A parameter has the wrong type or form; nothing was sent. */
export class InvalidParameterError extends BaseError {
  override name = "InvalidParameterError";
  constructor(
    readonly parameter: string,
    problem: string,
  ) {
    super(`${parameter}: ${problem}`, { metaMessages: ["Nothing was sent."] });
  }
}

export class InvalidAmountError extends InvalidParameterError {
  override name = "InvalidAmountError";
}

export class UnknownCurrencyError extends BaseError {
  override name = "UnknownCurrencyError";
  constructor(
    readonly currency: string,
    readonly available: readonly string[],
  ) {
    super(`the chain has no currency ${currency}`, {
      metaMessages: [`- Currencies: ${available.join(", ")}`, "Nothing was sent."],
    });
  }
}

// ---- QR codes ---------------------------------------------------------------------------------

/** What another scheme's EMV code says: read, never paid. */
export interface OtherPaymentCode {
  /** The card network its merchant account belongs to, e.g. "UnionPay" (EMV IDs 02–25). */
  readonly network?: string;
  /** Its merchant template's GUI (IDs 26–51), e.g. "SG.PAYNOW" or "A000000677010111". */
  readonly gui?: string;
  readonly merchantName?: string;
  readonly city?: string;
  readonly amount?: string;
  /** ISO 4217 letters when known, else the numeric code as written. */
  readonly currency?: string;
}

export type PaymentCodeRefusal =
  | QrIssueCode
  /** A consumer-presented code: a merchant scans it; it is not a payment request. */
  | "consumer_presented"
  /** The code names an institution that is not a member of this network. */
  | "institution_unknown";

/** A QR code that must not be paid, and why: damaged, changed, expired, not a Tongbao code. */
export class PaymentCodeRefusedError extends BaseError {
  override name = "PaymentCodeRefusedError";
  /** Why: emvqr's issue code ("crc_mismatch", "signature_wrong", "expired", "not_tongbao", …). */
  readonly reason: PaymentCodeRefusal;
  /** emvqr's own finding, naming the rule and the place. */
  readonly issue: QrIssue | undefined;
  /** For another scheme's code: what it says. */
  readonly other: OtherPaymentCode | undefined;

  constructor(
    reason: PaymentCodeRefusal,
    shortMessage: string,
    options: {
      readonly issue?: QrIssue;
      readonly other?: OtherPaymentCode;
      readonly fix?: string;
    } = {},
  ) {
    const other = options.other;
    super(shortMessage, {
      metaMessages: [
        ...(other?.merchantName === undefined
          ? []
          : [
              `- Merchant: ${other.merchantName}${other.city === undefined ? "" : `, ${other.city}`}`,
            ]),
        ...(other?.amount === undefined
          ? []
          : [
              `- Amount: ${other.amount}${other.currency === undefined ? "" : ` ${other.currency}`}`,
            ]),
        "- Nothing was paid.",
        ...(options.fix === undefined ? [] : [options.fix]),
      ],
      ...(options.issue === undefined ? {} : { details: options.issue.message }),
    });
    this.reason = reason;
    this.issue = options.issue;
    this.other = other;
  }
}

// ---- subscriptions ----------------------------------------------------------------------------

/** The subscription ended from the gateway's side or the connection failed. */
export class SubscriptionClosedError extends BaseError {
  override name = "SubscriptionClosedError";
  constructor(
    readonly reason: string,
    details?: string,
  ) {
    super(`the subscription ended: ${reason}`, {
      ...(details === undefined ? {} : { details }),
      metaMessages: [
        "Subscribe again; poll getTransaction for anything that may have been missed.",
      ],
    });
  }
}

/**
 * Whether a transaction already handed to a gateway may still commit after `error`: false only
 * when the gateway refused it (never admitted: rejected, or the mempool full) or its outcome is
 * final (committed with a failure code). A timeout, a lost connection, a rate limit while waiting
 * or a transaction gone from one gateway's mempool leave it open until its deadline: look it up
 * before sending again.
 */
export function mayStillCommit(error: unknown): boolean {
  return !(
    error instanceof TransactionRejectedError ||
    error instanceof MempoolFullError ||
    error instanceof TransactionFailedError
  );
}
