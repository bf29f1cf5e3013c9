/** Money received and refunded, newest first, live: the shop's sales as the ledger recorded them. */
import type { HistoryEntry } from "@tongbao/api";
import { HistoryList } from "../account/history-list.tsx";
import { salesOf } from "./sales.ts";

export function SalesList(props: { entries: readonly HistoryEntry[]; me: string }) {
  return (
    <HistoryList
      entries={salesOf(props.entries, props.me)}
      me={props.me}
      empty="No sales yet: payments to this shop appear here the moment they are final."
    />
  );
}
