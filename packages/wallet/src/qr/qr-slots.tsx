/**
 * Where the QR screens still to come plug in. Each slot is a named component at its place in the
 * views, with the props its screen will need, so the work that fills it replaces a placeholder
 * without moving anything else. Refunds are built (qr/refund/); these wait for their screens.
 *
 * - MyCode (consumer view, beside ScanToPay): the consumer's own code (EMV CPM, base64 of BER-TLV
 *   starting "hQVDUFY", docs/spec/qr.md §2) for a merchant's till to scan and charge. The till's
 *   side is a scanner like qr/scan/scan-inputs.tsx feeding a request to pay.
 * - RequestMoney (consumer view): a request-to-pay for an amount (`request_payment`); the payer
 *   approves or declines it. A request's reference is followed like a sale's
 *   (qr/sale/use-sale-payment.ts), and a scanned request would be one more kind in
 *   qr/scan/scan-to-pay.tsx beside the merchant code.
 */
import type { ComponentChildren } from "preact";

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

export function MyCode() {
  return (
    <Slot name="my-code" title="Show my code">
      Coming next: a code a shop's till scans to charge you.
    </Slot>
  );
}

export function RequestMoney() {
  return (
    <Slot name="request-money" title="Request money">
      Coming next: ask someone to pay you an amount; they approve it in their wallet.
    </Slot>
  );
}
