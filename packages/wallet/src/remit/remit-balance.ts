/**
 * Whether the payer's balance covers a remittance, before the review. With the fee known (a firm
 * quote, or the institution's answer for an indicative one) the whole total must fit; with the
 * fee not known yet only the send amount can be checked, and the review — whose firm quote
 * carries the fee — shows the total before anything is sent.
 */
import type { QuoteView } from "@tongbao/api";
import { parseAmount } from "@tongbao/types";
import { groupDigits } from "../money/amount.ts";
import type { PayerFee } from "./payer-fee.ts";

/** The sentence to show when `balance` (in the quote's send currency) is short; else undefined. */
export function balanceShortfall(
  balance: string,
  quote: QuoteView,
  fee: PayerFee,
  minorUnits: number,
): string | undefined {
  const currency = quote.from;
  const have = parseAmount(balance, minorUnits);
  const send = quote.send.amount;
  if (fee.kind === "known") {
    if (parseAmount(fee.total.amount, minorUnits) <= have) return undefined;
    return `You have ${groupDigits(balance)} ${currency}; sending ${groupDigits(send)} ${currency} with the fee takes ${groupDigits(fee.total.amount)} ${currency}. Send less.`;
  }
  if (parseAmount(send, minorUnits) <= have) return undefined;
  return `You have ${groupDigits(balance)} ${currency}; sending ${groupDigits(send)} ${currency} takes more than that, before your institution's fee. Send less.`;
}
