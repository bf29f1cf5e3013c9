/**
 * The fee line of a confirm screen: the gateway quotes the fee with the ledger's own rule over the
 * committed fee schedule (GET /v1/accounts/:id/fee), so the payer sees amount, fee and total
 * before signing. If the quote cannot be read the line says so, and who sets the fee.
 */
import { useEffect, useState } from "preact/hooks";
import type { TransferFeeView } from "@tongbao/api";
import { getTransferFee, type Client } from "@tongbao/client/browser";
import { Money } from "../ui/money.tsx";

type Quote =
  | { readonly kind: "asking" }
  | { readonly kind: "quoted"; readonly view: TransferFeeView }
  | { readonly kind: "unknown"; readonly why: string };

export function FeeLine(props: {
  client: Client;
  account: string;
  institution: string;
  /** A valid decimal amount; undefined while the payer is still typing it. */
  amount: string | undefined;
  currency: string;
  testId: string;
}) {
  const { client, account, amount, currency } = props;
  const [quote, setQuote] = useState<Quote>({ kind: "asking" });
  useEffect(() => {
    if (amount === undefined) return;
    let current = true;
    setQuote({ kind: "asking" });
    getTransferFee(client, { account, amount, currency }).then(
      (view) => current && setQuote({ kind: "quoted", view }),
      (error: unknown) =>
        current && setQuote({ kind: "unknown", why: (error as Error).message ?? String(error) }),
    );
    return () => {
      current = false;
    };
  }, [client, account, amount, currency]);

  if (amount === undefined) {
    return <dd data-testid={props.testId}>Shown once you type the amount.</dd>;
  }
  if (quote.kind === "asking") {
    return <dd data-testid={props.testId}>Asking {props.institution} for its fee…</dd>;
  }
  if (quote.kind === "unknown") {
    return (
      <dd data-testid={props.testId}>
        Set by your institution ({props.institution}) and added to the amount; it could not be read
        just now ({quote.why}).
      </dd>
    );
  }
  const { fee, total } = quote.view;
  return (
    <dd data-testid={props.testId} data-fee={fee.amount}>
      <Money amount={fee.amount} currency={fee.currency} /> charged by {props.institution} ·{" "}
      <span data-testid={`${props.testId}-total`}>
        <Money amount={total.amount} currency={total.currency} />
      </span>{" "}
      leaves your account
    </dd>
  );
}
