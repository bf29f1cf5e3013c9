/**
 * Following one sale until it is paid: the code's reference topic on the gateway's WebSocket
 * (the payment arrives the moment its block is final; a subscriber that comes late is sent the
 * last known one at once), and the shop's own history as a second source.
 */
import { useMemo, useState } from "preact/hooks";
import type { HistoryEntry, SubscriptionEvent } from "@tongbao/api";
import type { Client } from "@tongbao/client/browser";
import { useTopic, type TopicStatus } from "../../gateway/use-topic.ts";
import { paymentFromEntries, paymentFromEvent, type SalePayment } from "./sale-payment.ts";

export function useSalePayment(
  client: Client,
  ledgerReference: string | undefined,
  me: string,
  entries: readonly HistoryEntry[],
): { readonly payment: SalePayment | undefined; readonly live: TopicStatus } {
  const [heard, setHeard] = useState<SalePayment>();
  const live = useTopic(
    client,
    ledgerReference === undefined ? undefined : { kind: "reference", id: ledgerReference },
    (event: SubscriptionEvent) => {
      if (ledgerReference === undefined) return;
      const payment = paymentFromEvent(event, ledgerReference, me);
      if (payment !== undefined) setHeard((first) => first ?? payment);
    },
  );
  const found = useMemo(
    () =>
      ledgerReference === undefined ? undefined : paymentFromEntries(entries, ledgerReference, me),
    [entries, ledgerReference, me],
  );
  return { payment: heard ?? found, live };
}
