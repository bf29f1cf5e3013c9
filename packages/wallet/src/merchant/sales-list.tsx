/** Money received and refunded, newest first, live: the shop's sales as the ledger recorded them. */
import type { HistoryEntry } from "@tongbao/api";
import { describeEntry } from "../account/describe-entry.ts";
import { HistoryList } from "../account/history-list.tsx";

export function salesOf(entries: readonly HistoryEntry[], me: string): HistoryEntry[] {
  return entries.filter((entry) => {
    const line = describeEntry(entry, me);
    if (line.failed !== undefined) return false;
    return (
      (line.direction === "in" && (line.what === "Received" || line.what === "Request paid")) ||
      (line.direction === "out" && line.what === "Refunded")
    );
  });
}

export function SalesList(props: { entries: readonly HistoryEntry[]; me: string }) {
  return (
    <HistoryList
      entries={salesOf(props.entries, props.me)}
      me={props.me}
      empty="No sales yet: payments to this shop appear here the moment they are final."
    />
  );
}
