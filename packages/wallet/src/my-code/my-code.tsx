/**
 * Show my code (consumer view): a one-time code, good for two minutes, that a shop's till reads
 * to charge this account (consumer-code.ts). The till asks for the sale's amount with a request
 * to pay whose id is the code's token; when it arrives the code is used up, and the request waits
 * below under "Requests to pay" for this person to approve or decline. Nothing is paid without
 * that approval.
 */
import { useMemo, useState } from "preact/hooks";
import { contactName, type Contact } from "../contacts/contacts.ts";
import { QrImage } from "../qr/qr-image.tsx";
import type { Requests } from "../requests/use-requests.ts";
import { Money } from "../ui/money.tsx";
import { ShortId } from "../ui/short-id.tsx";
import { formatRemaining, useNow } from "../ui/use-now.ts";
import {
  CONSUMER_CODE_TTL_MS,
  encodeConsumerCode,
  newToken,
  type ConsumerCode,
} from "./consumer-code.ts";

export function MyCode(props: {
  account: string;
  contacts: readonly Contact[];
  requests: Requests;
}) {
  const [code, setCode] = useState<ConsumerCode>();
  const payload = useMemo(
    () => (code === undefined ? undefined : encodeConsumerCode(code)),
    [code],
  );
  const now = useNow();
  const charged =
    code === undefined
      ? undefined
      : props.requests.view?.incoming.find((r) => r.requestId === code.token);
  const show = () =>
    setCode({
      account: props.account,
      token: newToken(),
      expiresAtMs: Date.now() + CONSUMER_CODE_TTL_MS,
    });

  if (code === undefined || payload === undefined) {
    return (
      <section class="card" data-testid="my-code">
        <h2>Show my code</h2>
        <p class="muted">
          A one-time code a shop's till reads to ask you for the sale's amount; you approve it here
          before anything is paid.
        </p>
        <button type="button" data-testid="my-code-show" onClick={show}>
          Show my code
        </button>
      </section>
    );
  }
  const expired = charged === undefined && now >= code.expiresAtMs;
  return (
    <section
      class="card"
      data-testid="my-code"
      data-status={charged !== undefined ? "charged" : expired ? "expired" : "showing"}
      data-token={code.token}
    >
      <h2>Show my code</h2>
      {charged !== undefined ? (
        <p role="status" data-testid="my-code-charged">
          {contactName(props.contacts, charged.payee) ?? <ShortId id={charged.payee} />} asks{" "}
          <Money amount={charged.amount.amount} currency={charged.amount.currency} /> for this code:
          approve or decline it under "Requests to pay". The code is used up.
        </p>
      ) : expired ? (
        <p class="problem" role="alert" data-testid="my-code-expired">
          This code has expired: no shop can use it now.
        </p>
      ) : (
        <>
          <QrImage
            payload={payload}
            label="My one-time code for a shop's till"
            testId="my-code-qr"
          />
          <p class="muted">
            Good for {formatRemaining(code.expiresAtMs - now)} more, once. The shop's request comes
            to you to approve.
          </p>
          <details>
            <summary>The code as text</summary>
            <code class="wrap" data-testid="my-code-payload">
              {payload}
            </code>
          </details>
        </>
      )}
      <button type="button" class="secondary" data-testid="my-code-new" onClick={show}>
        {charged !== undefined || expired ? "Show a new code" : "New code"}
      </button>
    </section>
  );
}
