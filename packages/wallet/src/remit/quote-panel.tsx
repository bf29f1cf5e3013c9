/**
 * A quote as the person reads it before sending: what they send, what the recipient receives,
 * the rate, the fee of their own institution, the margin the provider declares inside the rate,
 * and what leaves their account in all. A firm quote counts down the seconds it is held for. A
 * fee not known yet (an indicative quote, before the institution answers) says so, and so does
 * the total: it is never shown as if the fee were zero.
 */
import type { QuoteView } from "@tongbao/api";
import { Money } from "../ui/money.tsx";
import { useNow } from "../ui/use-now.ts";
import type { PayerFee } from "./payer-fee.ts";
import { secondsToSend } from "./quote-clock.ts";

/** "0.50 %" for 50 basis points. */
function percent(bps: number): string {
  return `${(bps / 100).toFixed(2)} %`;
}

export function QuotePanel(props: {
  quote: QuoteView;
  /** When it arrived, by this device's clock: a firm quote counts down from then. */
  receivedAtMs: number;
  /** The payer's fee: from a firm quote, or asked for an indicative one. */
  fee: PayerFee;
  institution: string;
  /** Where it is shown: while typing (a firm rate comes at review), or the last look. */
  stage: "form" | "confirm";
  stale?: boolean;
}) {
  const { quote, fee } = props;
  const now = useNow(500);
  const { fees, provider } = quote;
  const known = fee.kind === "known" ? fee : undefined;
  return (
    <div
      class={`quote${props.stale === true ? " stale" : ""}`}
      data-testid="remit-quote"
      data-firm={quote.firm ? "true" : "false"}
      data-send={quote.send.amount}
      data-receive={quote.receive.amount}
      {...(known === undefined
        ? { "data-fee-known": "false" }
        : { "data-fee": known.fee.amount, "data-total": known.total.amount })}
      data-rate={quote.rate.display}
    >
      <dl>
        <dt>You send</dt>
        <dd data-testid="quote-send">
          <Money amount={quote.send.amount} currency={quote.send.currency} />
        </dd>
        <dt>Rate</dt>
        <dd data-testid="quote-rate">
          1 {quote.from} = {quote.rate.display} {quote.to}
        </dd>
        <dt>Our fee</dt>
        <dd data-testid="quote-fee">
          {known !== undefined ? (
            <>
              <Money amount={known.fee.amount} currency={known.fee.currency} />{" "}
              <span class="muted">charged by {props.institution}</span>
            </>
          ) : fee.kind === "asking" ? (
            <span class="muted">asking {props.institution}…</span>
          ) : props.stage === "form" ? (
            <span class="muted">charged by {props.institution}; shown on review</span>
          ) : (
            <span class="muted">
              charged by {props.institution} and added to what you send; it could not be read just
              now
            </span>
          )}
        </dd>
        <dt>Provider's margin</dt>
        <dd data-testid="quote-margin">
          {percent(provider.spreadBps)} inside the rate (
          <Money amount={fees.providerSpread.amount} currency={fees.providerSpread.currency} />
          ), declared by {provider.name}
        </dd>
        <dt>They receive</dt>
        <dd data-testid="quote-receive" class="strong">
          <Money amount={quote.receive.amount} currency={quote.receive.currency} />
        </dd>
        <dt>Total debited</dt>
        <dd data-testid="quote-total">
          {known !== undefined ? (
            <Money amount={known.total.amount} currency={known.total.currency} />
          ) : (
            <>
              <Money amount={quote.send.amount} currency={quote.send.currency} /> plus the fee
            </>
          )}
        </dd>
      </dl>
      <p class="muted" data-testid="quote-validity">
        {quote.firm
          ? `Rate held for you: expires in ${secondsToSend(quote, props.receivedAtMs, now)} s.`
          : props.stage === "form"
            ? "Indicative: the rate is held for you when you review the payment."
            : "Indicative: this gateway holds no rate for you. If the rate falls below this one before the payment is in a block, it fails and nothing is taken."}
      </p>
    </div>
  );
}
