/**
 * A sale paid: the amount, who paid, the block that made it final. A payment of another amount
 * carrying the sale's reference is shown as such, never as the sale paid. Below it, the refund
 * panel (qr/refund/refund-panel.tsx) returns some or all of it.
 */
import type { ComponentChildren } from "preact";
import type { Money as MoneyView } from "@tongbao/api";
import { href } from "../../routing/route.ts";
import { Money } from "../../ui/money.tsx";
import { ShortId } from "../../ui/short-id.tsx";
import { when } from "../../ui/when.ts";
import { paysSale, type SalePayment } from "./sale-payment.ts";

export function SaleReceipt(props: {
  sale: MoneyView;
  payment: SalePayment;
  merchant: string;
  /** The refund panel (qr/refund/refund-panel.tsx) for this payment. */
  refund: ComponentChildren;
}) {
  const { sale, payment } = props;
  const whole = paysSale(payment, sale);
  return (
    <div
      class={`receipt ${whole ? "good" : "bad"}`}
      data-testid="sale-paid"
      data-hash={payment.hash}
      data-payer={payment.from}
      role="status"
    >
      <h3>{whole ? "Paid — final" : "Paid, but not the sale's amount"}</h3>
      <p>
        <Money amount={payment.amount.amount} currency={payment.amount.currency} /> from{" "}
        <ShortId id={payment.from} testId="sale-payer" /> to {props.merchant}
        {whole ? ": settled; only the shop can return it, by a refund." : null}
      </p>
      {whole ? null : (
        <p>
          The sale is for <Money amount={sale.amount} currency={sale.currency} />; ask the payer for
          the difference, or refund the payment.
        </p>
      )}
      <p class="muted">
        In <a href={href("explorer", "block", payment.height)}>block {payment.height}</a> at{" "}
        {when(payment.timestamp)} · transaction{" "}
        <a href={href("explorer", "tx", payment.hash)}>{payment.hash.slice(0, 12)}…</a> ·{" "}
        {payment.via === "live" ? "seen live" : "found in the history"}
      </p>
      {props.refund}
    </div>
  );
}
