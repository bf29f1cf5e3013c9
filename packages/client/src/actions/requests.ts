/**
 * Requests to pay: a payee asks (requestPayment), the payer approves — paying the request as a
 * referenced payment, refundable like any — or declines (declineRequest, which is also how the
 * payee cancels). An approval repeats the amount and currency the payer saw, so a request
 * replaced in the meantime is not paid.
 */
import type { Money } from "@tongbao/api";
import { accountIdFromPublicKey } from "@tongbao/codec";
import { requestReference, limits as ledgerLimits } from "@tongbao/ledger";
import type { AccountId, Amount, ClientId, CurrencyCode, Hash } from "@tongbao/types";
import type { Client } from "../client.ts";
import {
  InvalidParameterError,
  type ApiError,
  type HttpRequestError,
  type InvalidAmountError,
  type TransactionFailedError,
  type UnknownCurrencyError,
} from "../errors.ts";
import {
  aClientId,
  anAccountId,
  buildTransaction,
  optionalHash,
  parseMoney,
  type BuiltTransaction,
  type PublicKeyLike,
} from "./build.ts";
import type { Signer } from "../signer.ts";
import { sendAndWait, type Succeeded } from "./send.ts";
import type { SubmitTransactionErrorType, WaitForTransactionErrorType } from "./transactions.ts";

/** A request's time to answer when none is given: a checkout's few minutes. */
export const REQUEST_TIMEOUT_MS_DEFAULT = 15 * 60 * 1000;

type BuildErrorType =
  InvalidParameterError | InvalidAmountError | UnknownCurrencyError | ApiError | HttpRequestError;
type SendErrorType =
  TransactionFailedError | SubmitTransactionErrorType | WaitForTransactionErrorType;

interface TransactionOptions {
  readonly id?: string;
  readonly validForMs?: number;
}

interface WaitOptions {
  readonly timeoutMs?: number;
  readonly pollIntervalMs?: number;
}

// ---- requestPayment ---------------------------------------------------------------------------

export interface BuildRequestPaymentParameters extends TransactionOptions {
  /** The payee's key: the account that asks to be paid. */
  readonly from: PublicKeyLike;
  readonly payer: string;
  readonly amount: string;
  readonly currency: string;
  /** The request's id (32 hex), unique among the payee's open requests; random by default. */
  readonly requestId?: string;
  /** How long the payer has to answer: REQUEST_TIMEOUT_MS_DEFAULT, at most 7 days. */
  readonly requestTimeoutMs?: number;
  /** The reference the payment will carry (e.g. the checkout's QR code); derived when absent. */
  readonly reference?: string;
}

export interface BuildRequestPaymentReturnType extends BuiltTransaction {
  readonly requestId: ClientId;
  /** The reference the payment will carry: look it up with getPayment once approved. */
  readonly reference: Hash;
  readonly amount: Money;
  readonly amountMinor: Amount;
}

export type BuildRequestPaymentErrorType = BuildErrorType;

export async function buildRequestPayment(
  client: Client,
  params: BuildRequestPaymentParameters,
): Promise<BuildRequestPaymentReturnType> {
  const payer = anAccountId("payer", params.payer);
  const requestId = aClientId("requestId", params.requestId);
  const timeoutMs = params.requestTimeoutMs ?? REQUEST_TIMEOUT_MS_DEFAULT;
  if (
    !Number.isSafeInteger(timeoutMs) ||
    timeoutMs < 1 ||
    timeoutMs > ledgerLimits.REQUEST_TIMEOUT_MS_MAX
  ) {
    throw new InvalidParameterError(
      "requestTimeoutMs",
      `expected 1 to ${ledgerLimits.REQUEST_TIMEOUT_MS_MAX} ms (7 days)`,
    );
  }
  const payee = accountIdFromPublicKey(params.from.type, params.from.publicKey);
  if (payee === payer) {
    throw new InvalidParameterError(
      "payer",
      "a request must name another account than the payee's",
    );
  }
  const named = optionalHash("reference", params.reference);
  const money = await parseMoney(client, "amount", params.amount, params.currency);
  const built = buildTransaction(client, {
    from: params.from,
    operations: [
      {
        kind: "request_payment",
        id: requestId,
        payer,
        currency: params.currency as CurrencyCode,
        amount: money.amountMinor,
        timeoutMs,
        reference: named,
      },
    ],
    id: params.id,
    validForMs: params.validForMs,
  });
  return {
    ...built,
    requestId,
    reference: named ?? requestReference(built.from, requestId),
    amount: money.amount,
    amountMinor: money.amountMinor,
  };
}

export interface RequestPaymentParameters
  extends Omit<BuildRequestPaymentParameters, "from">, WaitOptions {
  /** The payee's Signer: nobleSigner in a browser, keySigner in Node. */
  readonly signer: Signer;
}

export type RequestPaymentReturnType = Succeeded & {
  readonly requestId: ClientId;
  readonly reference: Hash;
};
export type RequestPaymentErrorType = BuildRequestPaymentErrorType | SendErrorType;

/**
 * Opens a request to pay and waits until it is committed (open).
 * @example
 * const { requestId, reference } = await requestPayment(client, { signer, payer, amount: "12.50", currency: "HKD" });
 */
export async function requestPayment(
  client: Client,
  params: RequestPaymentParameters,
): Promise<RequestPaymentReturnType> {
  const { signer } = params;
  const { signer: _signer, timeoutMs, pollIntervalMs, ...rest } = params;
  const built = await buildRequestPayment(client, { ...rest, from: signer });
  const committed = await sendAndWait(client, {
    transaction: built,
    signer,
    timeoutMs,
    pollIntervalMs,
  });
  return { ...committed, requestId: built.requestId, reference: built.reference };
}

// ---- approveRequest ---------------------------------------------------------------------------

export interface BuildApproveRequestParameters extends TransactionOptions {
  /** The payer's key. */
  readonly from: PublicKeyLike;
  readonly payee: string;
  readonly requestId: string;
  /** The amount and currency the payer agreed to: the request's, as it was shown. */
  readonly amount: string;
  readonly currency: string;
}

export interface BuildApproveRequestReturnType extends BuiltTransaction {
  readonly amount: Money;
  readonly amountMinor: Amount;
}

export type BuildApproveRequestErrorType = BuildErrorType;

export async function buildApproveRequest(
  client: Client,
  params: BuildApproveRequestParameters,
): Promise<BuildApproveRequestReturnType> {
  const payee = anAccountId("payee", params.payee);
  const id = aClientId("requestId", params.requestId);
  const money = await parseMoney(client, "amount", params.amount, params.currency);
  const built = buildTransaction(client, {
    from: params.from,
    operations: [
      {
        kind: "approve_request",
        payee,
        id,
        currency: params.currency as CurrencyCode,
        amount: money.amountMinor,
      },
    ],
    id: params.id,
    validForMs: params.validForMs,
  });
  return { ...built, amount: money.amount, amountMinor: money.amountMinor };
}

export interface ApproveRequestParameters
  extends Omit<BuildApproveRequestParameters, "from">, WaitOptions {
  /** The payer's Signer: nobleSigner in a browser, keySigner in Node. */
  readonly signer: Signer;
}

export type ApproveRequestReturnType = Succeeded;
export type ApproveRequestErrorType = BuildApproveRequestErrorType | SendErrorType;

/**
 * Pays an open request and waits for the payment to commit.
 * @example
 * const request = (await getAccountRequests(client, { account: me })).incoming[0];
 * await approveRequest(client, { signer, payee: request.payee, requestId: request.requestId, ...request.amount });
 * @throws RequestTermsMismatchError, RequestNotOpenError, ReferenceAlreadyPaidError, or a
 *   TransactionFailedError such as insufficient_funds.
 */
export async function approveRequest(
  client: Client,
  params: ApproveRequestParameters,
): Promise<ApproveRequestReturnType> {
  const { signer } = params;
  const { signer: _signer, timeoutMs, pollIntervalMs, ...rest } = params;
  const built = await buildApproveRequest(client, { ...rest, from: signer });
  return sendAndWait(client, { transaction: built, signer, timeoutMs, pollIntervalMs });
}

// ---- declineRequest ---------------------------------------------------------------------------

export interface BuildDeclineRequestParameters extends TransactionOptions {
  /** The payer's key (declining) or the payee's (cancelling). */
  readonly from: PublicKeyLike;
  readonly payee: string;
  readonly requestId: string;
}

export type BuildDeclineRequestReturnType = BuiltTransaction;
export type BuildDeclineRequestErrorType = InvalidParameterError;

export function buildDeclineRequest(
  client: Client,
  params: BuildDeclineRequestParameters,
): BuildDeclineRequestReturnType {
  const payee: AccountId = anAccountId("payee", params.payee);
  return buildTransaction(client, {
    from: params.from,
    operations: [{ kind: "decline_request", payee, id: aClientId("requestId", params.requestId) }],
    id: params.id,
    validForMs: params.validForMs,
  });
}

export interface DeclineRequestParameters
  extends Omit<BuildDeclineRequestParameters, "from">, WaitOptions {
  /** The payer's Signer (declining) or the payee's (cancelling). */
  readonly signer: Signer;
}

export type DeclineRequestReturnType = Succeeded;
export type DeclineRequestErrorType = BuildDeclineRequestErrorType | SendErrorType;

/** Declines (as the payer) or cancels (as the payee) an open request, and waits for it. */
export async function declineRequest(
  client: Client,
  params: DeclineRequestParameters,
): Promise<DeclineRequestReturnType> {
  const { signer } = params;
  const { signer: _signer, timeoutMs, pollIntervalMs, ...rest } = params;
  const built = buildDeclineRequest(client, { ...rest, from: signer });
  return sendAndWait(client, { transaction: built, signer, timeoutMs, pollIntervalMs });
}
