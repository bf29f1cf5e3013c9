/**
 * Read actions: one named-options object each, and exported parameter, return and error types.
 */
import {
  routes,
  type AccountHistoryView,
  type AccountView,
  type BlockView,
  type CurrencyView,
  type StatusView,
  type TransactionView,
} from "@tongbao/api";
import type { Client } from "../client.ts";
import type {
  AccountNotFoundError,
  ApiError,
  BlockNotFoundError,
  HttpRequestError,
  TransactionNotFoundError,
} from "../errors.ts";
import { request } from "../transport.ts";

export interface GetAccountParameters {
  /** The account id: 40 lower-case hex characters. */
  readonly id: string;
}
/** Balances as decimal strings per currency, and a proof against the state root. */
export type GetAccountReturnType = AccountView;
export type GetAccountErrorType = AccountNotFoundError | ApiError | HttpRequestError;

/**
 * @example
 * const account = await getAccount(client, { id: "5d9c…f5e4" });
 * account.balances; // [{ amount: "62.50", currency: "HKD" }]
 * @throws AccountNotFoundError when no account has this id.
 */
export function getAccount(
  client: Client,
  params: GetAccountParameters,
): Promise<GetAccountReturnType> {
  return request(client, routes.getAccount, { params: { id: params.id } });
}

export interface GetAccountHistoryParameters {
  readonly id: string;
  /** Entries per page, 1–100; the gateway's default (20) when absent. */
  readonly limit?: number;
  /** A previous page's nextCursor, for the page after it. */
  readonly cursor?: string;
}
/** Committed transactions and expired holds involving the account, newest first. */
export type GetAccountHistoryReturnType = AccountHistoryView;
export type GetAccountHistoryErrorType = AccountNotFoundError | ApiError | HttpRequestError;

/**
 * @example
 * const page = await getAccountHistory(client, { id, limit: 10 });
 * const next = page.nextCursor && (await getAccountHistory(client, { id, cursor: page.nextCursor }));
 * @throws AccountNotFoundError when no account has this id.
 */
export function getAccountHistory(
  client: Client,
  params: GetAccountHistoryParameters,
): Promise<GetAccountHistoryReturnType> {
  return request(client, routes.getAccountHistory, {
    params: { id: params.id },
    query: {
      ...(params.limit === undefined ? {} : { limit: params.limit }),
      ...(params.cursor === undefined ? {} : { cursor: params.cursor }),
    },
  });
}

export interface GetTransactionParameters {
  readonly hash: string;
}
/** `pending`, or `committed` with its result code and receipt proof. */
export type GetTransactionReturnType = TransactionView;
export type GetTransactionErrorType = TransactionNotFoundError | ApiError | HttpRequestError;

/** @throws TransactionNotFoundError when the gateway knows nothing of the transaction. */
export function getTransaction(
  client: Client,
  params: GetTransactionParameters,
): Promise<GetTransactionReturnType> {
  return request(client, routes.getTransaction, { params: { hash: params.hash } });
}

export interface GetBlockParameters {
  /** A height (1 or more) or "latest". */
  readonly height: number | "latest";
}
export type GetBlockReturnType = BlockView;
export type GetBlockErrorType = BlockNotFoundError | ApiError | HttpRequestError;

/** @throws BlockNotFoundError when no block is committed at that height (yet). */
export function getBlock(client: Client, params: GetBlockParameters): Promise<GetBlockReturnType> {
  return params.height === "latest"
    ? request(client, routes.getLatestBlock)
    : request(client, routes.getBlock, { params: { height: params.height } });
}

export type GetStatusParameters = Record<string, never>;
export type GetStatusReturnType = StatusView;
export type GetStatusErrorType = ApiError | HttpRequestError;

export function getStatus(
  client: Client,
  _params: GetStatusParameters = {},
): Promise<GetStatusReturnType> {
  return request(client, routes.getStatus);
}

export type GetCurrenciesParameters = Record<string, never>;
export type GetCurrenciesReturnType = readonly CurrencyView[];
export type GetCurrenciesErrorType = ApiError | HttpRequestError;

/** The chain's currencies; also refreshes the client's cache that buildTransfer reads. */
export async function getCurrencies(
  client: Client,
  _params: GetCurrenciesParameters = {},
): Promise<GetCurrenciesReturnType> {
  const fetched = request(client, routes.getCurrencies).then((view) => view.currencies);
  client.cache.currencies = fetched;
  fetched.catch(() => {
    if (client.cache.currencies === fetched) client.cache.currencies = undefined;
  });
  return fetched;
}
