/** Money received, newest first, live: the shop's sales as the ledger recorded them. */
import type { HistoryEntry } from "@tongbao/api";
import { describeEntry } from "../account/describe-entry.ts";
import { HistoryList } from "../account/history-list.tsx";

export function salesOf(entries: readonly HistoryEntry[], me: string): HistoryEntry[] {
  return entries.filter((entry) => {
    const line = describeEntry(entry, me);
    return line.direction === "in" && line.what === "Received" && line.failed === undefined;
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
