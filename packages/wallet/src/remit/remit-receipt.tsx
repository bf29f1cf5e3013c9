/**
 * The remittance's receipt, the moment it is final: both legs, the block and the transaction.
 * A gateway that does not list the legs still gets a receipt: the payment is final either way,
 * and the explorer shows it in full.
 */
import type { RemittanceView } from "@tongbao/api";
import { href } from "../routing/route.ts";
import { Money } from "../ui/money.tsx";
import { when } from "../ui/when.ts";
import type { RemitDraft } from "./remit-draft.ts";
import { RemittanceLegs } from "./remittance-legs.tsx";

export interface SettledRemittance {
  readonly hash: string;
  readonly height: number;
  readonly timestamp: string;
  /** Both legs as they settled; absent when the gateway did not list them. */
  readonly remittance?: RemittanceView;
}

export function RemitReceipt(props: {
  draft: RemitDraft;
  settled: SettledRemittance;
  me: string;
  onDone: () => void;
}) {
  const { draft, settled } = props;
  const r = settled.remittance;
  const recipient = draft.recipientLabel ?? "the recipient";
  return (
    <div class="receipt good" data-testid="remit-receipt" data-hash={settled.hash}>
      <h3>Arrived — final</h3>
      {r === undefined ? (
        <p data-testid="remit-receipt-no-legs">
          The payment to {recipient} at {draft.recipientInstitutionName} is in a block: it is
          settled and cannot be reversed. This gateway did not list the amounts; the transaction
          below shows them.
        </p>
      ) : (
        <>
          <p>
            {recipient} at {draft.recipientInstitutionName} received{" "}
            <strong>
              <Money amount={r.received.amount} currency={r.received.currency} />
            </strong>{" "}
            for your <Money amount={r.sent.amount} currency={r.sent.currency} /> (fee{" "}
            <Money amount={r.fee.amount} currency={r.fee.currency} />
            ). It is settled and cannot be reversed.
          </p>
          <RemittanceLegs
            remittance={r}
            names={(id) =>
              id === props.me ? "you" : id === draft.to ? draft.recipientLabel : undefined
            }
          />
        </>
      )}
      <p class="muted">
        In <a href={href("explorer", "block", settled.height)}>block {settled.height}</a> at{" "}
        {when(settled.timestamp)} · transaction{" "}
        <a href={href("explorer", "tx", settled.hash)}>{settled.hash.slice(0, 12)}…</a>
      </p>
      <button type="button" onClick={props.onDone}>
        Done
      </button>
    </div>
  );
}
