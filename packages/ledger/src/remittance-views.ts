/**
 * Read accessors of the remittance state for the node's API: offers, quotes, KYC limits and
 * spending, travel-rule thresholds, sanctions. Every list is sorted, so two nodes with the same
 * state answer the same bytes.
 */
import type { AccountId, Amount, ClientId, CurrencyCode } from "@tongbao/types";
import { compareAscii } from "./state/encode-state.ts";
import type { LedgerState } from "./state/ledger-state.ts";
import type { KycLimits, Offer, Quote } from "./state/model.ts";
import { applicableLimits, spentAt, type Spent } from "./ops/kyc.ts";

/** A provider's standing offers, by id. */
export function offersOfProvider(state: LedgerState, provider: AccountId): Offer[] {
  return state.offers.ofProvider(provider).sort((a, b) => compareAscii(a.id, b.id));
}

/**
 * Every standing offer that pays `sell` for `buy`, best rate first (most sell per buy), then by
 * provider and id. Rates compare exactly, by cross-multiplication.
 */
export function offersForPair(state: LedgerState, buy: CurrencyCode, sell: CurrencyCode): Offer[] {
  return state.offers.forPair(buy, sell).sort((a, b) => {
    const left = a.rateNum * b.rateDen;
    const right = b.rateNum * a.rateDen;
    if (left !== right) return left > right ? -1 : 1;
    return compareAscii(a.provider, b.provider) || compareAscii(a.id, b.id);
  });
}

export function getOffer(state: LedgerState, provider: AccountId, id: ClientId): Offer | undefined {
  return state.offers.get(provider, id);
}

export function getQuote(state: LedgerState, holder: AccountId, id: ClientId): Quote | undefined {
  return state.quotes.get(holder, id);
}

/** A customer's open quotes, by deadline, then holder and id. */
export function quotesForPayer(state: LedgerState, payer: AccountId): Quote[] {
  return state.quotes
    .ofPayer(payer)
    .sort(
      (a, b) =>
        a.expiresAtMs - b.expiresAtMs ||
        compareAscii(a.holder, b.holder) ||
        compareAscii(a.id, b.id),
    );
}

/** The limits of (currency, tier); undefined: unlimited. */
export function kycLimitsOf(
  state: LedgerState,
  currency: CurrencyCode,
  tier: number,
): KycLimits | undefined {
  return state.kycLimits.get(currency)?.get(tier);
}

/** Every (currency, tier) with limits, by currency then tier. */
export function allKycLimits(
  state: LedgerState,
): Array<{ currency: CurrencyCode; tier: number; limits: KycLimits }> {
  const out: Array<{ currency: CurrencyCode; tier: number; limits: KycLimits }> = [];
  for (const currency of [...state.kycLimits.keys()].sort(compareAscii)) {
    const byTier = state.kycLimits.get(currency)!;
    for (const tier of [...byTier.keys()].sort((a, b) => a - b)) {
      out.push({ currency, tier, limits: byTier.get(tier)! });
    }
  }
  return out;
}

export interface AccountSpending extends Spent {
  /** The limits that apply to the account in this currency; undefined: none. */
  readonly limits: KycLimits | undefined;
}

/**
 * What an account has sent of a currency in its rolling day and 30 days at agreed time `nowMs`
 * (use the last block's time), and the limits that apply to it.
 */
export function accountSpending(
  state: LedgerState,
  account: AccountId,
  currency: CurrencyCode,
  nowMs: number,
): AccountSpending | undefined {
  const found = state.accounts.get(account);
  if (found === undefined) return undefined;
  return {
    ...spentAt(state.spending.get(account, currency), nowMs),
    limits: applicableLimits(state, found, currency),
  };
}

export function travelRuleThreshold(
  state: LedgerState,
  currency: CurrencyCode,
): Amount | undefined {
  return state.travelRuleThresholds.get(currency);
}

/** Every currency's threshold, by currency. */
export function travelRuleThresholds(
  state: LedgerState,
): Array<{ currency: CurrencyCode; thresholdMinor: Amount }> {
  return [...state.travelRuleThresholds.keys()]
    .sort(compareAscii)
    .map((currency) => ({ currency, thresholdMinor: state.travelRuleThresholds.get(currency)! }));
}

export function isSanctioned(state: LedgerState, account: AccountId): boolean {
  return state.accounts.get(account)?.sanctioned === true;
}
