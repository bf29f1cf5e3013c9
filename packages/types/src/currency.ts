/** ISO 4217 alphabetic currency codes: three upper-case ASCII letters. */
export type CurrencyCode = string & { readonly __brand: "CurrencyCode" };

const CURRENCY = /^[A-Z]{3}$/;

export function isCurrencyCode(value: unknown): value is CurrencyCode {
  return typeof value === "string" && CURRENCY.test(value);
}

export function aCurrencyCode(value: unknown, title = "currency"): CurrencyCode {
  if (typeof value !== "string") throw new TypeError(`${title}: expected a string such as "HKD"`);
  if (!CURRENCY.test(value)) {
    throw new RangeError(
      `${title}: "${value}" is not an ISO 4217 code (three capital letters, e.g. "HKD")`,
    );
  }
  return value as CurrencyCode;
}

/** The largest number of minor-unit digits a currency may declare (ISO 4217 uses 0–4). */
export const MINOR_UNITS_MAX = 8;
