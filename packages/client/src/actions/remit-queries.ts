/**
 * Read actions for remittances: live offers, quotes (indicative, or firm at the payer's
 * institution's gateway) and a settled remittance's ISO 20022 message.
 */
import { routes, type Iso20022Type, type OffersView, type QuoteView } from "@tongbao/api";
import type { Client } from "../client.ts";
import {
  InvalidParameterError,
  type AccountNotFoundError,
  type ApiError,
  type HttpRequestError,
  type TransactionNotFoundError,
} from "../errors.ts";
import { request } from "../transport.ts";
import { aHash, anAccountId } from "./build.ts";

export interface GetOffersParameters {
  /** Only offers buying this currency: the sender's. */
  readonly buy?: string;
  /** Only offers selling this currency: the recipient's. */
  readonly sell?: string;
}
/** Live offers, best rate first, with each provider's available liquidity. */
export type GetOffersReturnType = OffersView;
export type GetOffersErrorType = ApiError | HttpRequestError;

/**
 * @example
 * const { offers } = await getOffers(client, { buy: "HKD", sell: "PHP" });
 */
export function getOffers(
  client: Client,
  params: GetOffersParameters = {},
): Promise<GetOffersReturnType> {
  return request(client, routes.getOffers, { query: { buy: params.buy, sell: params.sell } });
}

export type GetQuoteParameters = {
  /** The send currency. */
  readonly from: string;
  /** The receive currency. */
  readonly to: string;
  /**
   * The paying account. At the gateway of its institution the quote is firm: liquidity is held
   * for it until `expiresAt`, and `remit({ quote })` uses it.
   */
  readonly payer?: string;
} & (
  | { readonly sendAmount: string; readonly receiveAmount?: undefined }
  | { readonly receiveAmount: string; readonly sendAmount?: undefined }
);
export type GetQuoteReturnType = QuoteView;
/**
 * ApiError codes: no_offer, amount_out_of_range (details.min/max), insufficient_liquidity,
 * account_other_institution (a firm quote is held only by the payer's own institution),
 * quote_refused (the hold failed in the ledger: ask again).
 */
export type GetQuoteErrorType =
  InvalidParameterError | AccountNotFoundError | ApiError | HttpRequestError;

/**
 * What sending (or receiving) an amount would cost and deliver.
 * @example
 * const quote = await getQuote(client, { from: "HKD", to: "PHP", sendAmount: "1000.00", payer });
 * if (quote.firm) await remit(client, { quote, to: maria, signer });
 */
export async function getQuote(
  client: Client,
  params: GetQuoteParameters,
): Promise<GetQuoteReturnType> {
  const { from, to, payer, sendAmount, receiveAmount } = params;
  if ((sendAmount === undefined) === (receiveAmount === undefined)) {
    throw new InvalidParameterError(
      "sendAmount",
      "give exactly one of sendAmount (what the payer sends) and receiveAmount (what arrives)",
    );
  }
  return request(client, routes.getQuote, {
    query: {
      from,
      to,
      sendAmount,
      receiveAmount,
      payer: payer === undefined ? undefined : anAccountId("payer", payer),
    },
  });
}

export interface GetIso20022Parameters {
  /** The remit transaction's hash. */
  readonly hash: string;
  /** "pacs.008" (the settled transfer, default) or "pain.001" (the customer's order). */
  readonly type?: Iso20022Type;
  /**
   * The gateway's operator token: debtor and creditor are then named from the travel-rule data
   * the gateway's institution decrypts (else "NOTPROVIDED").
   */
  readonly operatorToken?: string;
}
/** The XML document's text. */
export type GetIso20022ReturnType = string;
/** ApiError code not_a_remittance: the transaction is not a successful remittance. */
export type GetIso20022ErrorType = TransactionNotFoundError | ApiError | HttpRequestError;

/**
 * @example
 * const xml = await getIso20022(client, { hash: receipt.hash });
 */
export async function getIso20022(
  client: Client,
  params: GetIso20022Parameters,
): Promise<GetIso20022ReturnType> {
  const text = await request(client, routes.getIso20022, {
    params: { hash: aHash("hash", params.hash) },
    query: { type: params.type },
    ...(params.operatorToken === undefined
      ? {}
      : { headers: { authorization: `Bearer ${params.operatorToken}` } }),
  });
  return text as string;
}
