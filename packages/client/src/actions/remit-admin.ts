/**
 * What institutions sign around remittances: a liquidity provider posts and withdraws offers; a
 * currency's issuer sets KYC tiers' sending limits; a regulator sanctions accounts and sets the
 * travel-rule threshold. Each builds one operation, signs, submits and waits for commit.
 */
import { limits as ledgerLimits, type Operation } from "@tongbao/ledger";
import type { Amount, ClientId, CurrencyCode, TimestampMs } from "@tongbao/types";
import type { Client } from "../client.ts";
import { InvalidParameterError } from "../errors.ts";
import type { Signer } from "../signer.ts";
import { aClientId, anAccountId, buildTransaction, parseMoney } from "./build.ts";
import type { OnSigned } from "./on-signed.ts";
import { parseRate } from "./rate.ts";
import { sendAndWait, type Succeeded } from "./send.ts";

interface SendOptions {
  /** The institution's account key. */
  readonly signer: Signer;
  readonly id?: string;
  readonly validForMs?: number;
  readonly timeoutMs?: number;
  readonly pollIntervalMs?: number;
  /** Told the transaction's hash just before it is submitted (see OnSigned). */
  readonly onSigned?: OnSigned;
}

async function send(
  client: Client,
  options: SendOptions,
  operation: Operation,
): Promise<Succeeded> {
  const transaction = buildTransaction(client, {
    from: options.signer,
    operations: [operation],
    id: options.id,
    validForMs: options.validForMs,
  });
  return sendAndWait(client, {
    transaction,
    signer: options.signer,
    timeoutMs: options.timeoutMs,
    pollIntervalMs: options.pollIntervalMs,
    onSigned: options.onSigned,
  });
}

/** The longest an offer may stand: the ledger's OFFER_LIFETIME_MS_MAX (30 days). */
export const OFFER_LIFETIME_MS_MAX = 30 * 24 * 60 * 60 * 1000;

export interface PostOfferParameters extends SendOptions {
  /** The offer's id among the provider's (32 hex); random by default. Reposting it replaces it. */
  readonly offerId?: string;
  /** What the provider receives: the senders' currency. */
  readonly buy: string;
  /** What it pays out: the recipients' currency. */
  readonly sell: string;
  /** Sell major units per one buy major unit, e.g. "7.164" PHP per HKD (rounded down when paid). */
  readonly rate: string;
  /** Per-payment bounds in `buy`, e.g. "10.00" and "50000.00". */
  readonly minBuy: string;
  readonly maxBuy: string;
  /** The declared margin over the mid-market rate, shown to customers: 0–10,000 bps. */
  readonly spreadBps?: number;
  /** How long the offer stands: at most 30 days. */
  readonly expiresInMs: number;
}
export type PostOfferReturnType = Succeeded & { readonly offerId: ClientId };

/**
 * @example
 * await postOffer(client, { signer: fxBank, buy: "HKD", sell: "PHP", rate: "7.164",
 *   minBuy: "10.00", maxBuy: "50000.00", spreadBps: 50, expiresInMs: 7 * 86_400_000 });
 */
export async function postOffer(
  client: Client,
  params: PostOfferParameters,
): Promise<PostOfferReturnType> {
  const offerId = aClientId("offerId", params.offerId);
  if (params.buy === params.sell) {
    throw new InvalidParameterError("sell", "an offer converts one currency into another");
  }
  const minBuy = await parseMoney(client, "minBuy", params.minBuy, params.buy);
  const maxBuy = await parseMoney(client, "maxBuy", params.maxBuy, params.buy);
  if (minBuy.amountMinor > maxBuy.amountMinor) {
    throw new InvalidParameterError("maxBuy", `must be at least minBuy (${minBuy.amount.amount})`);
  }
  // One minor unit parsed in `sell`: checks the currency and gives its minor units.
  const sell = await parseMoney(client, "sell", "1", params.sell);
  const rate = parseRate("rate", params.rate, minBuy.minorUnits, sell.minorUnits, {
    allowZero: false,
  });
  const spreadBps = params.spreadBps ?? 0;
  if (!Number.isInteger(spreadBps) || spreadBps < 0 || spreadBps > 10_000) {
    throw new InvalidParameterError("spreadBps", "expected an integer from 0 to 10,000");
  }
  const { expiresInMs } = params;
  if (
    !Number.isSafeInteger(expiresInMs) ||
    expiresInMs < 1 ||
    expiresInMs > OFFER_LIFETIME_MS_MAX
  ) {
    throw new InvalidParameterError("expiresInMs", "expected 1 ms to 30 days");
  }
  const receipt = await send(client, params, {
    kind: "post_offer",
    id: offerId,
    buy: params.buy as CurrencyCode,
    sell: params.sell as CurrencyCode,
    rateNum: rate.num,
    rateDen: rate.den,
    minBuy: minBuy.amountMinor,
    maxBuy: maxBuy.amountMinor,
    spreadBps,
    expiresAtMs: (client.nowMs() + expiresInMs) as TimestampMs,
  });
  return { ...receipt, offerId };
}

export interface WithdrawOfferParameters extends SendOptions {
  readonly offerId: string;
}

/** Removes one of the signer's offers; quotes already held keep their terms. */
export async function withdrawOffer(
  client: Client,
  params: WithdrawOfferParameters,
): Promise<Succeeded> {
  return send(client, params, {
    kind: "withdraw_offer",
    id: aClientId("offerId", params.offerId),
  });
}

export interface SetKycLimitsParameters extends SendOptions {
  readonly currency: string;
  /** The KYC tier the limits apply to. */
  readonly tier: number;
  /** Decimal amounts in `currency`; "0" per payment forbids the tier to send it. */
  readonly perPaymentMax: string;
  readonly dailyMax: string;
  readonly monthlyMax: string;
}

async function amountOrZero(
  client: Client,
  name: string,
  amount: string,
  currency: string,
): Promise<Amount> {
  if (/^0(?:\.0+)?$/.test(amount)) {
    await parseMoney(client, name, "1", currency); // checks that the currency exists
    return 0n as Amount;
  }
  return (await parseMoney(client, name, amount, currency)).amountMinor;
}

/** Signed by the currency's issuer. */
export async function setKycLimits(
  client: Client,
  params: SetKycLimitsParameters,
): Promise<Succeeded> {
  const { currency, tier } = params;
  if (!Number.isInteger(tier) || tier < 0 || tier > ledgerLimits.KYC_TIER_MAX) {
    throw new InvalidParameterError("tier", `expected 0 to ${ledgerLimits.KYC_TIER_MAX}`);
  }
  const perPaymentMax = await amountOrZero(client, "perPaymentMax", params.perPaymentMax, currency);
  const dailyMax = await amountOrZero(client, "dailyMax", params.dailyMax, currency);
  const monthlyMax = await amountOrZero(client, "monthlyMax", params.monthlyMax, currency);
  if (perPaymentMax > dailyMax || dailyMax > monthlyMax) {
    throw new InvalidParameterError(
      "dailyMax",
      "limits must grow: perPaymentMax ≤ dailyMax ≤ monthlyMax",
    );
  }
  return send(client, params, {
    kind: "set_kyc_limits",
    currency: currency as CurrencyCode,
    tier,
    perPaymentMax,
    dailyMax,
    monthlyMax,
  });
}

export interface SetSanctionedParameters extends SendOptions {
  readonly account: string;
  /** true to sanction, false to lift. */
  readonly sanctioned: boolean;
}

/** Signed by a regulator: a sanctioned account may neither send nor receive. */
export async function setSanctioned(
  client: Client,
  params: SetSanctionedParameters,
): Promise<Succeeded> {
  return send(client, params, {
    kind: "set_sanctioned",
    account: anAccountId("account", params.account),
    sanctioned: params.sanctioned === true,
  });
}

export interface SetTravelRuleThresholdParameters extends SendOptions {
  readonly currency: string;
  /** From this send amount on, a remittance needs travel-rule data, e.g. "8000.00". */
  readonly threshold: string;
}

/** Signed by a regulator. */
export async function setTravelRuleThreshold(
  client: Client,
  params: SetTravelRuleThresholdParameters,
): Promise<Succeeded> {
  const threshold = await amountOrZero(client, "threshold", params.threshold, params.currency);
  return send(client, params, {
    kind: "set_travel_rule_threshold",
    currency: params.currency as CurrencyCode,
    thresholdMinor: threshold,
  });
}
