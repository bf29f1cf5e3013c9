/**
 * ISO 4217 numeric codes, as EMV MPM writes the currency (ID 53), for the currencies Tongbao's
 * consortium settles, with their minor units. A code outside this table is still a valid EMV
 * currency; Tongbao codes use only these.
 */
import type { CurrencyCode } from "@tongbao/types";

export interface IsoCurrency {
  readonly code: CurrencyCode;
  /** Three digits, e.g. "344". */
  readonly numeric: string;
  readonly minorUnits: number;
  /** ISO 3166-1 alpha-2 of the issuing country: the default country (ID 58) of a code. */
  readonly country: string;
}

const c = (code: string, numeric: string, minorUnits: number, country: string): IsoCurrency => ({
  code: code as CurrencyCode,
  numeric,
  minorUnits,
  country,
});

export const ISO_CURRENCIES: readonly IsoCurrency[] = [
  c("CNY", "156", 2, "CN"),
  c("HKD", "344", 2, "HK"),
  c("PHP", "608", 2, "PH"),
  c("USD", "840", 2, "US"),
  c("SGD", "702", 2, "SG"),
  c("THB", "764", 2, "TH"),
  c("MYR", "458", 2, "MY"),
  c("IDR", "360", 2, "ID"),
  c("INR", "356", 2, "IN"),
  c("BRL", "986", 2, "BR"),
  c("JPY", "392", 0, "JP"),
  c("VND", "704", 0, "VN"),
];

export function currencyByNumeric(numeric: string): IsoCurrency | undefined {
  return ISO_CURRENCIES.find((x) => x.numeric === numeric);
}

export function currencyByCode(code: string): IsoCurrency | undefined {
  return ISO_CURRENCIES.find((x) => x.code === code);
}
