/**
 * Remittance objects in the API's shapes (docs/spec/api.md, "Remittances"): live offers best rate
 * first, indicative quotes from the offer that serves an amount best, and a settled remittance
 * with both legs. Pure functions of the committed state and the time they are asked at.
 */
import {
  ServiceError,
  type Money,
  type OfferView,
  type OffersFilter,
  type OffersView,
  type ProviderView,
  type QuoteRequest,
  type QuoteView,
  type Rate,
  type RemittanceView,
} from "@tongbao/api";
import {
  transferFee,
  type Account,
  type LedgerState,
  type Offer,
  type SettledRemittance,
} from "@tongbao/ledger";
import { assert } from "@tongbao/std";
import { formatAmount, parseAmount, type CurrencyCode } from "@tongbao/types";
import {
  compareRates,
  fitOffer,
  providerSpread,
  rateDisplay,
  type QuoteAmount,
  type QuoteMiss,
} from "./remit-quote.ts";
import { isoTime, money } from "./views.ts";

function minorUnitsOf(state: LedgerState, currency: CurrencyCode): number {
  return state.currencies.get(currency)?.minorUnits ?? 0;
}

/** A currency the chain has, or currency_not_found naming the ones it has. */
function knownCurrency(state: LedgerState, code: string, field: string): CurrencyCode {
  if (state.currencies.has(code as CurrencyCode)) return code as CurrencyCode;
  const known = [...state.currencies.keys()].sort().join(", ");
  throw new ServiceError(
    "currency_not_found",
    `${field}: this chain has no currency ${code}; it has ${known}`,
    { field, currency: code },
  );
}

export function rateView(
  state: LedgerState,
  rateNum: bigint,
  rateDen: bigint,
  send: CurrencyCode,
  receive: CurrencyCode,
): Rate {
  return {
    num: rateNum.toString(),
    den: rateDen.toString(),
    display: rateDisplay(rateNum, rateDen, minorUnitsOf(state, send), minorUnitsOf(state, receive)),
  };
}

export function providerView(state: LedgerState, account: string): ProviderView {
  const found = state.accounts.get(account as never);
  const institution = found === undefined ? undefined : state.institutions.get(found.institution);
  return {
    account,
    institution: found?.institution ?? "",
    name: institution?.name ?? "",
  };
}

/** The provider's available balance of the offer's sell currency. */
function liquidityOf(state: LedgerState, offer: Offer): bigint {
  return state.accounts.get(offer.provider)?.balances.get(offer.sell) ?? 0n;
}

export function offerView(state: LedgerState, offer: Offer): OfferView {
  return {
    provider: providerView(state, offer.provider),
    id: offer.id,
    buy: offer.buy,
    sell: offer.sell,
    rate: rateView(state, offer.rateNum, offer.rateDen, offer.buy, offer.sell),
    minBuy: money(state, offer.buy, offer.minBuy),
    maxBuy: money(state, offer.buy, offer.maxBuy),
    spreadBps: offer.spreadBps,
    expiresAt: isoTime(offer.expiresAtMs),
    liquidity: money(state, offer.sell, liquidityOf(state, offer)),
  };
}

/**
 * Offers not yet past their deadline at `nowMs` (the ledger removes expired ones only at the next
 * block's start), best rate first, then the most liquidity, then provider and id: one order on
 * every node.
 */
export function liveOffers(
  state: LedgerState,
  nowMs: number,
  buy: CurrencyCode | undefined,
  sell: CurrencyCode | undefined,
): Offer[] {
  const codes = [...state.currencies.keys()].sort();
  const offers: Offer[] = [];
  for (const b of buy === undefined ? codes : [buy]) {
    for (const s of sell === undefined ? codes : [sell]) {
      if (b === s) continue;
      for (const offer of state.offers.forPair(b, s)) {
        if (offer.expiresAtMs > nowMs) offers.push(offer);
      }
    }
  }
  return offers.sort((a, b) => {
    if (a.buy !== b.buy) return a.buy < b.buy ? -1 : 1;
    if (a.sell !== b.sell) return a.sell < b.sell ? -1 : 1;
    const byRate = compareRates(b, a);
    if (byRate !== 0) return byRate;
    const liquidity = liquidityOf(state, b) - liquidityOf(state, a);
    if (liquidity !== 0n) return liquidity > 0n ? 1 : -1;
    const key = (o: Offer) => o.provider + o.id;
    return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
  });
}

export function offersView(state: LedgerState, nowMs: number, filter: OffersFilter): OffersView {
  const buy = filter.buy === undefined ? undefined : knownCurrency(state, filter.buy, "buy");
  const sell = filter.sell === undefined ? undefined : knownCurrency(state, filter.sell, "sell");
  return { offers: liveOffers(state, nowMs, buy, sell).map((offer) => offerView(state, offer)) };
}

/** The offer chosen for a quote and the legs it gives. */
export interface QuoteChoice {
  readonly offer: Offer;
  readonly send: bigint;
  readonly receive: bigint;
}

function parsePositive(state: LedgerState, text: string, currency: CurrencyCode, field: string) {
  let amount: bigint;
  try {
    amount = parseAmount(text, minorUnitsOf(state, currency), field);
  } catch (error) {
    throw new ServiceError("invalid_request", `query.${(error as Error).message}`, {
      location: "query",
      field: `query.${field}`,
    });
  }
  if (amount === 0n) {
    throw new ServiceError("invalid_request", `query.${field}: must be greater than zero`, {
      location: "query",
      field: `query.${field}`,
    });
  }
  return amount;
}

/**
 * The live offer that serves the amount best: the most received for a send amount, or the least
 * sent for a receive amount (then the most received). Raises no_offer, amount_out_of_range or
 * insufficient_liquidity, saying which limits or how much liquidity there is.
 */
export function chooseOffer(state: LedgerState, nowMs: number, request: QuoteRequest): QuoteChoice {
  const from = knownCurrency(state, request.from, "from");
  const to = knownCurrency(state, request.to, "to");
  const asked: QuoteAmount =
    request.sendAmount !== undefined
      ? { by: "send", amount: parsePositive(state, request.sendAmount, from, "sendAmount") }
      : { by: "receive", amount: parsePositive(state, request.receiveAmount, to, "receiveAmount") };
  const offers = liveOffers(state, nowMs, from, to);
  if (offers.length === 0) {
    throw new ServiceError(
      "no_offer",
      `no liquidity provider offers ${from} → ${to} now; try later, or another currency pair (GET /v1/offers lists what is offered)`,
      { from, to },
    );
  }
  let best: QuoteChoice | undefined;
  const misses = new Set<QuoteMiss>();
  for (const offer of offers) {
    const fit = fitOffer(offer, liquidityOf(state, offer), asked);
    if (!fit.ok) {
      misses.add(fit.reason);
      continue;
    }
    const better =
      best === undefined ||
      (asked.by === "send"
        ? fit.receive > best.receive
        : fit.send < best.send || (fit.send === best.send && fit.receive > best.receive));
    if (better) best = { offer, send: fit.send, receive: fit.receive };
  }
  if (best !== undefined) return best;
  if (misses.has("insufficient_liquidity")) {
    const available = offers.reduce((max, o) => {
      const liquidity = liquidityOf(state, o);
      return liquidity > max ? liquidity : max;
    }, 0n);
    throw new ServiceError(
      "insufficient_liquidity",
      `no provider has enough ${to} available for this amount (at most ${formatAmount(available, minorUnitsOf(state, to))} ${to} from one provider); send less, or try later`,
      { available: money(state, to, available) },
    );
  }
  const min = offers.reduce((m, o) => (o.minBuy < m ? o.minBuy : m), offers[0]!.minBuy);
  const max = offers.reduce((m, o) => (o.maxBuy > m ? o.maxBuy : m), offers[0]!.maxBuy);
  const range = `${formatAmount(min, minorUnitsOf(state, from))}–${formatAmount(max, minorUnitsOf(state, from))} ${from}`;
  throw new ServiceError(
    "amount_out_of_range",
    asked.by === "send"
      ? `offers for ${from} → ${to} take send amounts of ${range} (and the amount must convert to at least one minor unit of ${to}); send an amount inside them`
      : `delivering that much ${to} needs a send amount outside the offers' limits of ${range}; ask for an amount inside them`,
    { min: money(state, from, min), max: money(state, from, max) },
  );
}

/**
 * The quote's view for legs `send` → `receive` at the offer's terms. `payer` decides the sender's
 * fee (its institution's schedule); without one the fee is unknown and shown as zero.
 */
export function quoteView(
  state: LedgerState,
  terms: Pick<Offer, "provider" | "id" | "buy" | "sell" | "rateNum" | "rateDen" | "spreadBps">,
  legs: { readonly send: bigint; readonly receive: bigint },
  payer: Account | undefined,
): QuoteView {
  const { buy, sell } = terms;
  const fee = payer === undefined ? 0n : transferFee(state, payer, buy, legs.send).fee;
  const provider = providerView(state, terms.provider);
  return {
    firm: false,
    from: buy,
    to: sell,
    send: money(state, buy, legs.send),
    receive: money(state, sell, legs.receive),
    rate: rateView(state, terms.rateNum, terms.rateDen, buy, sell),
    provider: { ...provider, spreadBps: terms.spreadBps },
    fees: {
      senderInstitution: money(state, buy, fee),
      providerSpread: money(state, sell, providerSpread(legs.receive, terms.spreadBps)),
    },
    totalDebit: money(state, buy, legs.send + fee),
    offer: { provider: terms.provider, id: terms.id },
  };
}

/** An indicative quote: the best offer now, the payer's fee when a payer is named. */
export function indicativeQuote(
  state: LedgerState,
  nowMs: number,
  request: QuoteRequest,
): QuoteView {
  let payer: Account | undefined;
  if (request.payer !== undefined) {
    payer = state.accounts.get(request.payer as never);
    if (payer === undefined) {
      throw new ServiceError(
        "account_not_found",
        `no account ${request.payer} exists; check the payer's id, or leave payer out for an indicative quote`,
        { account: request.payer },
      );
    }
  }
  const choice = chooseOffer(state, nowMs, request);
  return quoteView(state, choice.offer, choice, payer);
}

export function remittanceView(state: LedgerState, settled: SettledRemittance): RemittanceView {
  const { sendCurrency, receiveCurrency } = settled;
  assert(settled.residual >= 0n, "a residual never creates money");
  const sent: Money = money(state, sendCurrency, settled.sendAmount);
  return {
    sender: settled.sender,
    recipient: settled.recipient,
    provider: settled.provider,
    sent,
    received: money(state, receiveCurrency, settled.receiveAmount),
    fee: money(state, sendCurrency, settled.fee),
    residual: money(state, sendCurrency, settled.residual),
    residualTo: settled.residualTo,
    rate: rateView(state, settled.rateNum, settled.rateDen, sendCurrency, receiveCurrency),
    spreadBps: settled.spreadBps,
    source:
      settled.source.kind === "quote"
        ? { kind: "quote", holder: settled.source.holder, id: settled.source.id }
        : { kind: "offer", provider: settled.source.provider, id: settled.source.id },
    ...(settled.travelRuleHash === undefined ? {} : { travelRuleHash: settled.travelRuleHash }),
    operationIndex: settled.operationIndex,
  };
}
