/** Which history entries are a shop's sales: payments in (sales, requests paid) and refunds out. */
import type { HistoryEntry } from "@tongbao/api";
import { describeEntry } from "../account/describe-entry.ts";

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
