/**
 * Where the QR screens still to come plug in. Each slot is a named component at its place in the
 * views, with the props its screen will need, so the work that fills it replaces a placeholder
 * without moving anything else. Refunds (qr/refund/) and requests to pay (requests/) are built; this one waits for its screen.
 *
 * - MyCode (consumer view, beside ScanToPay): the consumer's own code (EMV CPM, base64 of BER-TLV
 *   starting "hQVDUFY", docs/spec/qr.md §2) for a merchant's till to scan and charge. The till's
 *   side is a scanner like qr/scan/scan-inputs.tsx feeding a request to pay.
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
