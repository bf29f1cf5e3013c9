/**
 * The payer's own institution's fee on a quote, and the total that leaves their account. A firm
 * quote carries both: it was held for this payer. An indicative quote was asked without a payer,
 * so the fee in it is zero whatever the institution charges; the fee is asked separately
 * (GET /v1/accounts/:id/fee applies the ledger's rule, the same one a remittance's send amount
 * pays) and shown as not known until then — never as a fee of 0.00.
 */
import { useEffect, useState } from "preact/hooks";
import type { Money, QuoteView } from "@tongbao/api";
import { getTransferFee, type Client } from "@tongbao/client/browser";

export type PayerFee =
  | { readonly kind: "known"; readonly fee: Money; readonly total: Money }
  | { readonly kind: "asking" }
  | { readonly kind: "unknown" };

/** What the quote itself says of the payer's fee: known for a firm quote only. */
export function feeInQuote(quote: QuoteView): PayerFee {
  return quote.firm
    ? { kind: "known", fee: quote.fees.senderInstitution, total: quote.totalDebit }
    : { kind: "unknown" };
}

/** The payer's fee for `quote`: from a firm quote, else asked of the gateway. */
export function usePayerFee(client: Client, payer: string, quote: QuoteView | undefined): PayerFee {
  const ask =
    quote === undefined || quote.firm
      ? undefined
      : { amount: quote.send.amount, currency: quote.from };
  const key = ask === undefined ? "" : `${ask.amount} ${ask.currency}`;
  const [answer, setAnswer] = useState<{ readonly key: string; readonly fee: PayerFee }>({
    key: "",
    fee: { kind: "unknown" },
  });
  useEffect(() => {
    if (ask === undefined) return;
    let current = true;
    getTransferFee(client, { account: payer, ...ask }).then(
      (view) =>
        current && setAnswer({ key, fee: { kind: "known", fee: view.fee, total: view.total } }),
      () => current && setAnswer({ key, fee: { kind: "unknown" } }),
    );
    return () => {
      current = false;
    };
    // `key` stands for `ask`.
  }, [client, payer, key]);
  if (quote === undefined) return { kind: "unknown" };
  if (quote.firm) return feeInQuote(quote);
  return answer.key === key ? answer.fee : { kind: "asking" };
}
