/**
 * Read actions for referenced payments and requests to pay: one named-options object each, and
 * exported parameter, return and error types.
 */
import {
  routes,
  type AccountRequestsView,
  type PaymentView,
  type RequestView,
  type TransferFeeView,
} from "@tongbao/api";
import type { Client } from "../client.ts";
import type {
  AccountNotFoundError,
  ApiError,
  HttpRequestError,
  RequestNotFoundError,
} from "../errors.ts";
import { request } from "../transport.ts";

export interface GetPaymentParameters {
  /** The payee's account id. */
  readonly payee: string;
  /** The reference: a dynamic QR code's, or a request's (RequestView.reference). */
  readonly reference: string;
}
/**
 * `paid: true` with payer, amount, refunded, refundable, the paying transaction and a proof;
 * `paid: false` when the ledger remembers no such payment.
 */
export type GetPaymentReturnType = PaymentView;
export type GetPaymentErrorType = AccountNotFoundError | ApiError | HttpRequestError;

/**
 * @example
 * const payment = await getPayment(client, { payee: merchant, reference });
 * if (payment.paid) payment.refundable; // { amount: "15.00", currency: "HKD" }
 * @throws AccountNotFoundError when the payee has no account.
 */
export function getPayment(
  client: Client,
  params: GetPaymentParameters,
): Promise<GetPaymentReturnType> {
  return request(client, routes.getPayment, {
    params: { id: params.payee, reference: params.reference },
  });
}

export interface GetAccountRequestsParameters {
  readonly account: string;
}
/** Open requests the account is asked to pay (`incoming`) and made (`outgoing`). */
export type GetAccountRequestsReturnType = AccountRequestsView;
export type GetAccountRequestsErrorType = AccountNotFoundError | ApiError | HttpRequestError;

export function getAccountRequests(
  client: Client,
  params: GetAccountRequestsParameters,
): Promise<GetAccountRequestsReturnType> {
  return request(client, routes.getAccountRequests, { params: { id: params.account } });
}

export interface GetRequestParameters {
  readonly payee: string;
  readonly requestId: string;
}
/** `open`, or how it closed: `approved`, `declined`, `cancelled`, `expired`. */
export type GetRequestReturnType = RequestView;
export type GetRequestErrorType =
  RequestNotFoundError | AccountNotFoundError | ApiError | HttpRequestError;

/** @throws RequestNotFoundError when neither open nor remembered closed by the gateway. */
export function getRequest(
  client: Client,
  params: GetRequestParameters,
): Promise<GetRequestReturnType> {
  return request(client, routes.getRequest, {
    params: { id: params.payee, requestId: params.requestId },
  });
}

export interface GetTransferFeeParameters {
  /** The paying account. */
  readonly account: string;
  /** A decimal string with at most the currency's digits, e.g. "12.50". */
  readonly amount: string;
  readonly currency: string;
}
/** The fee the account's institution charges on that transfer, and the total that would leave. */
export type GetTransferFeeReturnType = TransferFeeView;
export type GetTransferFeeErrorType = AccountNotFoundError | ApiError | HttpRequestError;

/**
 * What a confirm screen shows before signing: the committed fee schedule applied by the ledger's
 * own rule.
 * @example
 * const { fee, total } = await getTransferFee(client, { account, amount: "12.50", currency: "HKD" });
 */
export function getTransferFee(
  client: Client,
  params: GetTransferFeeParameters,
): Promise<GetTransferFeeReturnType> {
  return request(client, routes.getTransferFee, {
    params: { id: params.account },
    query: { amount: params.amount, currency: params.currency },
  });
}
