/** The receipt, shown the moment the payment is final (in a block), or why it failed. */
import { fixFor } from "@tongbao/client/browser";
import type { FinalPayment, PaymentDraft } from "../payments/send-payment.ts";
import { href } from "../routing/route.ts";
import { Money } from "../ui/money.tsx";
import { ShortId } from "../ui/short-id.tsx";
import { when } from "../ui/when.ts";

export function SendReceipt(props: {
  draft: PaymentDraft;
  final: FinalPayment;
  recipientName: string | undefined;
  onDone: () => void;
}) {
  const { draft, final } = props;
  const ok = final.codeName === "ok";
  const fix = ok ? undefined : fixFor(final.codeName);
  return (
    <div
      class={`receipt ${ok ? "good" : "bad"}`}
      data-testid="receipt"
      data-status={final.codeName}
      data-hash={final.hash}
    >
      <h3>{ok ? "Paid — final" : "The payment failed"}</h3>
      <p>
        <Money amount={draft.amount} currency={draft.currency} /> to{" "}
        {props.recipientName ?? <ShortId id={draft.to} />}
        {ok
          ? " is settled: it cannot be reversed."
          : `: ${final.codeName.replace(/_/g, " ")}. Nothing was taken.`}
      </p>
      {fix === undefined ? null : <p>{fix}</p>}
      <p class="muted">
        In <a href={href("explorer", "block", final.height)}>block {final.height}</a> at{" "}
        {when(final.timestamp)} · transaction{" "}
        <a href={href("explorer", "tx", final.hash)}>{final.hash.slice(0, 12)}…</a> ·{" "}
        {final.via === "live" ? "seen live" : "confirmed by the gateway"}
      </p>
      <button type="button" onClick={props.onDone}>
        Done
      </button>
    </div>
  );
}
