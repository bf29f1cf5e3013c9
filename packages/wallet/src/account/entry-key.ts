/**
 * History entries have no common id: transactions by hash, expired holds by payer, id and block,
 * expired requests by payee, id and block.
 */
import type { HistoryEntry } from "@tongbao/api";

export function entryKey(entry: HistoryEntry): string {
  switch (entry.type) {
    case "transaction":
      return entry.hash;
    case "pending_expired":
      return `expired:${entry.from}:${entry.pendingId}:${entry.height}`;
    case "request_expired":
      return `request-expired:${entry.payee}:${entry.requestId}:${entry.height}`;
  }
}

/** `incoming` first (newest), then `current` without duplicates; at most `max` entries. */
export function mergeEntries(
  incoming: readonly HistoryEntry[],
  current: readonly HistoryEntry[],
  max: number,
): HistoryEntry[] {
  const seen = new Set<string>();
  const out: HistoryEntry[] = [];
  for (const entry of [...incoming, ...current]) {
    const key = entryKey(entry);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(entry);
  }
  // Newest first by block, then position; events and pages interleave after a reconnect.
  out.sort((a, b) => b.height - a.height || indexOf(b) - indexOf(a));
  return out.slice(0, max);
}

function indexOf(entry: HistoryEntry): number {
  return entry.type === "transaction" ? entry.index : -1;
}
