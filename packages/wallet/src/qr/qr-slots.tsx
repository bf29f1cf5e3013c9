/**
 * Where the QR screens go. Each slot is a named component at its place in the views, so the
 * QR work replaces a placeholder without moving anything else:
 *
 * - ScanToPay (consumer): camera → @tongbao/emvqr decode and verify the institution's signature
 *   → SendFlow with `initial` = { to, amount, currency, reference } (payments/send-payment.ts).
 * - MyCode (consumer): the consumer's own code to be paid or to pay a merchant that scans.
 * - RequestMoney (consumer): a request-to-pay code for an amount.
 * - SaleCode (merchant): the dynamic QR of one sale with a one-time reference, signed by the
 *   payee's institution (the gateway's institution signer); it turns "Paid" when the
 *   `reference` topic reports the payment final.
 * - Refund (merchant): a new payment back to a sale's payer.
 */
import type { ComponentChildren } from "preact";
import { Money } from "../ui/money.tsx";

function Slot(props: { name: string; title: string; children: ComponentChildren }) {
  return (
    <div class="qr-slot" data-slot={props.name}>
      <div class="qr-box" aria-hidden="true">
        QR
      </div>
      <div>
        <strong>{props.title}</strong>
        <p class="muted">{props.children}</p>
      </div>
    </div>
  );
}

export function ScanToPay() {
  return (
    <Slot name="scan-to-pay" title="Scan to pay">
      Coming next: scan a shop's EMV QR code to pay it.
    </Slot>
  );
}

export function MyCode() {
  return (
    <Slot name="my-code" title="Show my code">
      Coming next: a code others scan to pay you.
    </Slot>
  );
}

export function RequestMoney() {
  return (
    <Slot name="request-money" title="Request money">
      Coming next: a request-to-pay code for an amount.
    </Slot>
  );
}

export function SaleCode(props: { amount: string; currency: string }) {
  return (
    <Slot name="sale-code" title="Sale code">
      Coming next: the dynamic QR for <Money amount={props.amount} currency={props.currency} />,
      signed by your institution; this sale turns “Paid” the moment its payment is final.
    </Slot>
  );
}

export function Refund() {
  return (
    <Slot name="refund" title="Refunds">
      Coming next: refund a sale to its payer.
    </Slot>
  );
}
