/**
 * Amounts as ISO 20022 writes them (ActiveCurrencyAndAmount): a decimal with a point, at most
 * 18 digits in all and 5 after the point, the currency in the Ccy attribute. They come from
 * bigint minor units and the currency's exponent — never through a floating-point number — so
 * 100000 HKD minor units is "1000.00" and 1000 JPY is "1000".
 */
import { formatAmount, isCurrencyCode, type CurrencyCode } from "@tongbao/types";
import { at, type Problems } from "./errors.ts";

export interface Money {
  readonly amountMinor: bigint;
  readonly currency: CurrencyCode | string;
  /** Digits after the point, as the ledger declared for the currency at genesis. */
  readonly minorUnits: number;
}

/** ISO 4217 minor units of the currencies the consortium settles, to catch a wrong exponent. */
export const ISO4217_MINOR_UNITS: Readonly<Record<string, number>> = Object.freeze({
  CNY: 2,
  EUR: 2,
  GBP: 2,
  HKD: 2,
  IDR: 2,
  INR: 2,
  JPY: 0,
  KRW: 0,
  MYR: 2,
  PHP: 2,
  SGD: 2,
  THB: 2,
  USD: 2,
  VND: 0,
  BRL: 2,
});

const TOTAL_DIGITS_MAX = 18;
const FRACTION_DIGITS_MAX = 5;

export interface RenderedAmount {
  readonly text: string;
  readonly currency: string;
}

/**
 * The XML text and currency of an amount, or problems. `positive` refuses zero, for amounts
 * that move money (a charge may be zero).
 */
export function renderAmount(
  money: Money | undefined,
  path: string,
  problems: Problems,
  positive = true,
): RenderedAmount {
  if (typeof money !== "object" || money === null) {
    problems.add(path, "required", "required: { amountMinor, currency, minorUnits }");
    return { text: "0", currency: "XXX" };
  }
  const { amountMinor, currency, minorUnits } = money;
  const before = problems.count;
  if (!isCurrencyCode(currency)) {
    problems.add(
      at(path, "currency"),
      "invalid",
      `"${String(currency)}" is not an ISO 4217 code such as "HKD"`,
    );
  }
  if (!Number.isInteger(minorUnits) || minorUnits < 0 || minorUnits > FRACTION_DIGITS_MAX) {
    problems.add(
      at(path, "minorUnits"),
      "invalid",
      `expected 0–${FRACTION_DIGITS_MAX} digits after the point`,
    );
  } else if (typeof currency === "string" && Object.hasOwn(ISO4217_MINOR_UNITS, currency)) {
    const iso = ISO4217_MINOR_UNITS[currency]!;
    if (iso !== minorUnits) {
      problems.add(
        at(path, "minorUnits"),
        "invalid",
        `${currency} has ${iso} digits after the point in ISO 4217, not ${minorUnits}`,
      );
    }
  }
  if (typeof amountMinor !== "bigint" || amountMinor < 0n || (positive && amountMinor === 0n)) {
    problems.add(
      at(path, "amountMinor"),
      "invalid",
      `expected a ${positive ? "positive" : "non-negative"} bigint of minor units`,
    );
  } else if (amountMinor.toString().padStart(minorUnits + 1, "0").length > TOTAL_DIGITS_MAX) {
    problems.add(at(path, "amountMinor"), "too_long", `has more than ${TOTAL_DIGITS_MAX} digits`);
  }
  if (problems.count !== before) return { text: "0", currency: "XXX" };
  return { text: formatAmount(amountMinor, minorUnits), currency };
}
