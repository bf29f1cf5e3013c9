/**
 * Whether a payment must carry travel-rule data. FATF Recommendation 16 lets a jurisdiction
 * exempt cross-border transfers below a threshold of at most USD/EUR 1,000; many set their own
 * threshold in local currency, and some none at all. The table is configuration: each corridor's
 * compliance officer sets it. A currency missing from the table always requires the data —
 * failing safe, since sending it when not required costs little and omitting it breaks the law.
 */
import type { CurrencyCode } from "@tongbao/types";

/** Thresholds in each currency's minor units, e.g. { USD: 100000n } for USD 1,000.00. */
export type TravelRuleThresholds = Readonly<Record<string, bigint>>;

/**
 * Defaults, documented in docs/spec/travel-rule.md §4: FATF's USD/EUR 1,000, Hong Kong's
 * HKD 8,000 (AMLO Schedule 2) and Singapore's SGD 1,500 (MAS Notice 626). Operators confirm
 * and extend these for their corridors; they are not legal advice.
 */
export const DEFAULT_TRAVEL_RULE_THRESHOLDS: TravelRuleThresholds = Object.freeze({
  USD: 100_000n,
  EUR: 100_000n,
  HKD: 800_000n,
  SGD: 150_000n,
});

export interface TravelRuleRequirement {
  readonly required: boolean;
  /** The threshold applied, in minor units; undefined when the currency has none configured. */
  readonly thresholdMinor: bigint | undefined;
}

/** Required when the amount is at or above the currency's threshold, or it has none. */
export function travelRuleRequirement(
  amountMinor: bigint,
  currency: CurrencyCode,
  thresholds: TravelRuleThresholds = DEFAULT_TRAVEL_RULE_THRESHOLDS,
): TravelRuleRequirement {
  if (typeof amountMinor !== "bigint" || amountMinor < 0n) {
    throw new RangeError("amountMinor: expected a non-negative bigint of minor units");
  }
  const thresholdMinor = Object.hasOwn(thresholds, currency) ? thresholds[currency] : undefined;
  if (thresholdMinor === undefined) return { required: true, thresholdMinor };
  return { required: amountMinor >= thresholdMinor, thresholdMinor };
}

export function isTravelRuleRequired(
  amountMinor: bigint,
  currency: CurrencyCode,
  thresholds?: TravelRuleThresholds,
): boolean {
  return travelRuleRequirement(amountMinor, currency, thresholds).required;
}
