/**
 * A quote as the person reads it before sending: what they send, what the recipient receives,
 * the rate, the fee of their own institution, the margin the provider declares inside the rate,
 * and what leaves their account in all. A firm quote counts down the seconds it is held for.
 */
import type { QuoteView } from "@tongbao/api";
import { Money } from "../ui/money.tsx";
import { useNow } from "../ui/use-now.ts";
import { secondsToSend } from "./quote-clock.ts";

/** "0.50 %" for 50 basis points. */
function percent(bps: number): string {
  return `${(bps / 100).toFixed(2)} %`;
}

export function QuotePanel(props: {
  quote: QuoteView;
  institution: string;
  /** Where it is shown: while typing (a firm rate comes at review), or the last look. */
  stage: "form" | "confirm";
  stale?: boolean;
}) {
  const { quote } = props;
  const now = useNow(500);
  const { fees, provider } = quote;
  return (
    <div
      class={`quote${props.stale === true ? " stale" : ""}`}
      data-testid="remit-quote"
      data-firm={quote.firm ? "true" : "false"}
      data-send={quote.send.amount}
      data-receive={quote.receive.amount}
      data-fee={fees.senderInstitution.amount}
      data-total={quote.totalDebit.amount}
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
          <Money
            amount={fees.senderInstitution.amount}
            currency={fees.senderInstitution.currency}
          />{" "}
          <span class="muted">charged by {props.institution}</span>
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
          <Money amount={quote.totalDebit.amount} currency={quote.totalDebit.currency} />
        </dd>
      </dl>
      <p class="muted" data-testid="quote-validity">
        {quote.firm && quote.expiresAt !== undefined
          ? `Rate held for you: expires in ${secondsToSend(quote.expiresAt, now)} s.`
          : props.stage === "form"
            ? "Indicative: the rate is held for you when you review the payment."
            : "Indicative: this gateway holds no rate for you. If the rate falls below this one before the payment is in a block, it fails and nothing is taken."}
      </p>
    </div>
  );
}
