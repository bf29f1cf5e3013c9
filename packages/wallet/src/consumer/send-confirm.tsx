/**
 * The last look before money moves: to whom, how much, the fee the gateway quotes with the
 * ledger's own rule, and the total.
 */
import type { Client } from "@tongbao/client/browser";
import { FeeLine } from "../payments/fee-line.tsx";
import type { PaymentDraft } from "../payments/send-payment.ts";
import { Money } from "../ui/money.tsx";
import { ShortId } from "../ui/short-id.tsx";

export function SendConfirm(props: {
  client: Client;
  /** The paying account. */
  from: string;
  draft: PaymentDraft;
  recipientName: string | undefined;
  institution: string;
  busy: boolean;
  onBack: () => void;
  onSend: () => void;
}) {
  const { draft } = props;
  return (
    <div class="confirm" data-testid="send-confirm">
      <h3>Confirm the payment</h3>
      <dl>
        <dt>To</dt>
        <dd>
          {props.recipientName === undefined ? null : <strong>{props.recipientName} </strong>}
          <ShortId id={draft.to} />
        </dd>
        <dt>Amount</dt>
        <dd data-testid="confirm-amount">
          <Money amount={draft.amount} currency={draft.currency} />
        </dd>
        <dt>Fee</dt>
        <FeeLine
          client={props.client}
          account={props.from}
          institution={props.institution}
          amount={draft.amount}
          currency={draft.currency}
          testId="confirm-fee"
        />
        {draft.reference === undefined ? null : (
          <>
            <dt>Reference</dt>
            <dd>
              <ShortId id={draft.reference} />
            </dd>
          </>
        )}
      </dl>
      <p class="muted">
        A payment is final once it is in a block: it cannot be taken back, only refunded.
      </p>
      <div class="row">
        <button type="button" class="secondary" disabled={props.busy} onClick={props.onBack}>
          Back
        </button>
        <button
          type="button"
          disabled={props.busy}
          data-testid="send-confirm-button"
          onClick={props.onSend}
        >
          Send <Money amount={draft.amount} currency={draft.currency} />
        </button>
      </div>
    </div>
  );
}
