/**
 * Reading an amount typed by a person, for one currency: the same rules as the ledger (a decimal
 * with at most the currency's minor units, more than zero, at most the largest amount), with
 * messages that say what to type instead. Nothing is sent for an amount that fails here.
 */
import { AMOUNT_MAX, formatAmount, parseAmount } from "@tongbao/types";

export type AmountReading =
  | { readonly ok: true; readonly minor: bigint; readonly text: string }
  | { readonly ok: false; readonly message: string };

export function readAmount(input: string, currency: string, minorUnits: number): AmountReading {
  const text = input.trim().replace(/,/g, "");
  if (text === "") return { ok: false, message: `Enter an amount in ${currency}.` };
  if (text.startsWith("-")) {
    return { ok: false, message: "The amount must be more than zero: leave out the minus sign." };
  }
  if (!/^[0-9]*\.?[0-9]*$/.test(text) || text === ".") {
    return {
      ok: false,
      message: `"${input.trim()}" is not an amount: use digits and at most one decimal point, e.g. 12.50.`,
    };
  }
  const fraction = text.includes(".") ? text.slice(text.indexOf(".") + 1) : "";
  if (fraction.length > minorUnits) {
    return {
      ok: false,
      message:
        minorUnits === 0
          ? `${currency} has no decimals: enter a whole number.`
          : `${currency} has ${minorUnits} decimals: "${input.trim()}" has ${fraction.length}.`,
    };
  }
  const normalized = text.startsWith(".")
    ? `0${text}`
    : text.endsWith(".")
      ? text.slice(0, -1)
      : text;
  const whole = normalized.replace(/^0+(?=[0-9])/, "");
  let minor: bigint;
  try {
    minor = parseAmount(whole, minorUnits);
  } catch {
    return {
      ok: false,
      message: `That is more than the ledger can hold; the most is ${formatAmount(AMOUNT_MAX, minorUnits)} ${currency}.`,
    };
  }
  if (minor === 0n) return { ok: false, message: "The amount must be more than zero." };
  return { ok: true, minor, text: formatAmount(minor, minorUnits) };
}

/** "1234567.5" → "1,234,567.50" for display (the ledger's own strings are never reformatted). */
export function groupDigits(amount: string): string {
  const [whole, fraction] = amount.split(".");
  const grouped = (whole ?? "").replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}
