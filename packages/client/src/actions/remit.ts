/**
 * Remittances: a customer sends one currency and the recipient receives another, through a
 * liquidity provider's offer — with a firm quote held by the customer's institution (getQuote
 * with `payer`), or straight from an offer at its current rate. The remit is one transaction;
 * every leg settles, or none does.
 *
 * The worst rate the sender accepts is written into the transaction. By default it is what the
 * quote or offer shows — the receive amount for the send amount — so a rate that moved against
 * the sender fails with rate_beyond_limit instead of paying out less.
 */
import type { OfferView, QuoteView } from "@tongbao/api";
import type { TravelRuleData, TravelRuleSuite } from "@tongbao/travel-rule";
import type { AccountId, ClientId, CurrencyCode } from "@tongbao/types";
import type { Client } from "../client.ts";
import {
  InvalidParameterError,
  type ApiError,
  type HttpRequestError,
  type InvalidAmountError,
  type TransactionFailedError,
  type UnknownCurrencyError,
} from "../errors.ts";
import type { Signer } from "../signer.ts";
import {
  aClientId,
  anAccountId,
  buildTransaction,
  optionalHash,
  parseMoney,
  type BuiltTransaction,
  type PublicKeyLike,
} from "./build.ts";
import type { OnSigned } from "./on-signed.ts";
import { parseRate } from "./rate.ts";
import { storeRemitTravelRule } from "./remit-travel-rule.ts";
import { sendAndWait, type Succeeded } from "./send.ts";
import type { SubmitTransactionErrorType, WaitForTransactionErrorType } from "./transactions.ts";

const QUOTE_ID = /^([0-9a-f]{40})-([0-9a-f]{32})$/;

export interface BuildRemitParameters {
  /** The sender's key. */
  readonly from: PublicKeyLike;
  /** The recipient's account. */
  readonly to: string;
  /**
   * A firm quote (getQuote with `payer`, or its id "<holder>-<quoteId>"): its liquidity is held
   * for the sender until it expires. Give `quote` or `offer`, not both.
   */
  readonly quote?: QuoteView | string;
  /** An offer to take at its current rate (getOffers), when there is no firm quote. */
  readonly offer?: Pick<OfferView, "provider" | "id" | "buy" | "sell" | "rate">;
  /**
   * What the sender sends, in the send currency. With a quote: the quote's send amount
   * (required only when `quote` is an id); with an offer: required.
   */
  readonly sendAmount?: string;
  /** With a quote id: the send and receive currencies (a QuoteView carries them). */
  readonly sendCurrency?: string;
  readonly receiveCurrency?: string;
  /**
   * The worst rate accepted, receive major units per send major unit (e.g. "7.0"); by default
   * the rate the quote or offer shows for this amount. "0" accepts any rate.
   */
  readonly worstRate?: string;
  /** Hash of the travel-rule data uploaded for this remittance (required above the threshold). */
  readonly travelRuleHash?: string;
  readonly id?: string;
  readonly validForMs?: number;
}

/**
 * Where a remittance priced by `quote` takes its liquidity: the quote itself when it is firm
 * (held for the payer), otherwise the offer the indicative quote priced, for the quote's send
 * amount at that offer's current rate.
 */
export function remitSourceOf(
  quote: QuoteView,
): Pick<BuildRemitParameters, "quote" | "offer" | "sendAmount"> {
  if (quote.firm) return { quote };
  return {
    offer: {
      provider: { ...quote.provider, account: quote.offer.provider },
      id: quote.offer.id,
      buy: quote.from,
      sell: quote.to,
      rate: quote.rate,
    },
    sendAmount: quote.send.amount,
  };
}

export interface BuildRemitReturnType extends BuiltTransaction {
  readonly sendCurrency: CurrencyCode;
  readonly receiveCurrency: CurrencyCode;
}

export type BuildRemitErrorType =
  InvalidParameterError | InvalidAmountError | UnknownCurrencyError | ApiError | HttpRequestError;

interface RemitTerms {
  readonly sendCurrency: string;
  readonly receiveCurrency: string;
  readonly sendAmount: string;
  /** What the quote or offer shows this send amount receives, when known. */
  readonly receiveAmount?: string;
  /** With a QuoteView: the sendAmount the caller gave too, which must be the quote's amount. */
  readonly givenSendAmount?: string;
  readonly source:
    | { readonly kind: "quote"; readonly holder: AccountId; readonly id: ClientId }
    | { readonly kind: "offer"; readonly provider: AccountId; readonly id: ClientId };
}

function termsOf(params: BuildRemitParameters): RemitTerms {
  const { quote, offer } = params;
  if ((quote === undefined) === (offer === undefined)) {
    throw new InvalidParameterError("quote", "give a firm quote or an offer, exactly one");
  }
  if (quote !== undefined && typeof quote !== "string") {
    if (!quote.firm || quote.id === undefined) {
      throw new InvalidParameterError(
        "quote",
        "an indicative quote holds no liquidity; ask getQuote with `payer` at the payer's institution's gateway for a firm one, or remit from the `offer` it names",
      );
    }
    return {
      sendCurrency: quote.from,
      receiveCurrency: quote.to,
      sendAmount: quote.send.amount,
      receiveAmount: quote.receive.amount,
      ...(params.sendAmount === undefined ? {} : { givenSendAmount: params.sendAmount }),
      source: quoteSource(quote.id),
    };
  }
  if (typeof quote === "string") {
    const { sendAmount, sendCurrency, receiveCurrency } = params;
    if (sendAmount === undefined || sendCurrency === undefined || receiveCurrency === undefined) {
      throw new InvalidParameterError(
        "quote",
        "with a quote id give sendAmount, sendCurrency and receiveCurrency too (or pass the QuoteView)",
      );
    }
    return { sendCurrency, receiveCurrency, sendAmount, source: quoteSource(quote) };
  }
  const chosen = offer!;
  if (params.sendAmount === undefined) {
    throw new InvalidParameterError("sendAmount", `how much ${chosen.buy} to send`);
  }
  return {
    sendCurrency: chosen.buy,
    receiveCurrency: chosen.sell,
    sendAmount: params.sendAmount,
    source: {
      kind: "offer",
      provider: anAccountId("offer.provider", chosen.provider.account),
      id: aClientId("offer.id", chosen.id),
    },
  };
}

function quoteSource(id: string): RemitTerms["source"] {
  const match = QUOTE_ID.exec(id);
  if (match === null) {
    throw new InvalidParameterError("quote", `"${id}" is not a quote id ("<holder>-<quoteId>")`);
  }
  return {
    kind: "quote",
    holder: match[1] as AccountId,
    id: aClientId("quote", match[2]!),
  };
}

export async function buildRemit(
  client: Client,
  params: BuildRemitParameters,
): Promise<BuildRemitReturnType> {
  const to = anAccountId("to", params.to);
  const terms = termsOf(params);
  const send = await parseMoney(client, "sendAmount", terms.sendAmount, terms.sendCurrency);
  if (terms.givenSendAmount !== undefined) {
    // Compared as minor units: "1000" is the quote's "1000.00".
    const given = await parseMoney(client, "sendAmount", terms.givenSendAmount, terms.sendCurrency);
    if (given.amountMinor !== send.amountMinor) {
      throw new InvalidParameterError(
        "sendAmount",
        `the quote is for ${terms.sendAmount} ${terms.sendCurrency}; ask a new quote for another amount`,
      );
    }
  }
  const currencies = await (client.cache.currencies ?? client.getCurrencies());
  const receiveCurrency = currencies.find((c) => c.code === terms.receiveCurrency);
  if (receiveCurrency === undefined) {
    throw new InvalidParameterError(
      "receiveCurrency",
      `the chain has no currency ${terms.receiveCurrency}`,
    );
  }
  let worst: { num: bigint; den: bigint };
  if (params.worstRate !== undefined) {
    worst = parseRate("worstRate", params.worstRate, send.minorUnits, receiveCurrency.minorUnits);
  } else if (terms.receiveAmount !== undefined) {
    // At least what the quote shows: receive × amount ≥ amount × receive holds exactly.
    const receive = await parseMoney(
      client,
      "quote.receive",
      terms.receiveAmount,
      terms.receiveCurrency,
    );
    worst = { num: receive.amountMinor, den: send.amountMinor };
  } else if (params.offer !== undefined) {
    // At least what the offer pays now for this amount: floor(send × num / den).
    const num = BigInt(params.offer.rate.num);
    const den = BigInt(params.offer.rate.den);
    worst = { num: (send.amountMinor * num) / den, den: send.amountMinor };
  } else {
    throw new InvalidParameterError(
      "worstRate",
      'with a quote id give the worst rate you accept (e.g. "7.0"), or pass the QuoteView',
    );
  }
  const built = buildTransaction(client, {
    from: params.from,
    operations: [
      {
        kind: "remit",
        to,
        sendCurrency: terms.sendCurrency as CurrencyCode,
        sendAmount: send.amountMinor,
        receiveCurrency: terms.receiveCurrency as CurrencyCode,
        worstRateNum: worst.num,
        worstRateDen: worst.den,
        source: terms.source,
        travelRuleHash: optionalHash("travelRuleHash", params.travelRuleHash),
      },
    ],
    id: params.id,
    validForMs: params.validForMs,
  });
  return {
    ...built,
    sendCurrency: terms.sendCurrency as CurrencyCode,
    receiveCurrency: terms.receiveCurrency as CurrencyCode,
  };
}

export interface RemitParameters extends Omit<BuildRemitParameters, "from"> {
  /** The sender's Signer: nobleSigner in a browser, keySigner in Node. */
  readonly signer: Signer;
  /**
   * IVMS101 data for the travel rule: sealed to the sender's and the recipient's institutions
   * and every regulator, uploaded, and its hash put in the remit (instead of travelRuleHash);
   * `suite` picks the cipher suite (X25519 by default, or "sm2-hkdf-sm3-sm4gcm").
   */
  readonly travelRule?: { readonly data: TravelRuleData; readonly suite?: TravelRuleSuite };
  readonly timeoutMs?: number;
  readonly pollIntervalMs?: number;
  /** Told the transaction's hash just before it is submitted (see OnSigned). */
  readonly onSigned?: OnSigned;
}

/** Committed with code ok; `remittances` holds both legs as they settled. */
export type RemitReturnType = Succeeded;
/**
 * Failures name their code: QuoteExpiredError (ask a new quote), RateBeyondLimitError (the rate
 * moved beyond worstRate), TransactionFailedError for quote_not_found, insufficient_liquidity,
 * travel_rule_required, account_sanctioned, KYC limits…; TransactionRejectedError at admission.
 */
export type RemitErrorType =
  | BuildRemitErrorType
  | TransactionFailedError
  | SubmitTransactionErrorType
  | WaitForTransactionErrorType;

/**
 * Sends a remittance and waits until it is committed. With `travelRule`, the envelope is sealed
 * for this transaction's id and stored at the gateway first.
 * @example
 * const quote = await getQuote(client, { from: "HKD", to: "PHP", sendAmount: "1000.00", payer });
 * const receipt = await remit(client, { signer, quote, to: maria });
 * receipt.remittances?.[0]?.received; // { amount: "7164.00", currency: "PHP" }
 */
export async function remit(client: Client, params: RemitParameters): Promise<RemitReturnType> {
  const { signer, timeoutMs, pollIntervalMs, travelRule, onSigned, ...rest } = params;
  let transaction = await buildRemit(client, { ...rest, from: signer });
  if (travelRule !== undefined) {
    if (rest.travelRuleHash !== undefined) {
      throw new InvalidParameterError(
        "travelRuleHash",
        "give travelRule data or the hash of data already uploaded, not both",
      );
    }
    // Built once without the hash so that bad parameters stop here, before anything is
    // uploaded; the envelope names the payment "<payer>:<client id>", so the id is kept.
    const stored = await storeRemitTravelRule(client, {
      data: travelRule.data,
      suite: travelRule.suite,
      payer: transaction.from,
      to: anAccountId("to", rest.to),
      id: transaction.transaction.id,
    });
    transaction = await buildRemit(client, {
      ...rest,
      id: transaction.transaction.id,
      travelRuleHash: stored.hash,
      from: signer,
    });
  }
  return sendAndWait(client, { transaction, signer, timeoutMs, pollIntervalMs, onSigned });
}
