/**
 * Recent committed activity per account, newest first, within a global bound: entries are kept
 * in one arrival-ordered queue, and when it is full the oldest entry leaves both the queue and
 * its account's list (which it is also the oldest of, since entries arrive in block order).
 *
 * Each entry has a position (height, sequence within the block) that orders it and serves as a
 * page cursor: "height.sequence" of the last entry returned.
 */
import type { HistoryEntry } from "@tongbao/api";
import { BoundedQueue, assert } from "@tongbao/std";

export interface Positioned {
  readonly height: number;
  /** Transactions use their index; expirations come after the block's transactions. */
  readonly sequence: number;
  readonly entry: HistoryEntry;
}

export interface HistoryPage {
  readonly entries: HistoryEntry[];
  readonly nextCursor?: string;
}

function before(a: Positioned, height: number, sequence: number): boolean {
  return a.height < height || (a.height === height && a.sequence < sequence);
}

export function parseCursor(cursor: string): { height: number; sequence: number } | undefined {
  const match = /^([0-9]{1,15})\.([0-9]{1,6})$/.exec(cursor);
  if (match === null) return undefined;
  return { height: Number(match[1]), sequence: Number(match[2]) };
}

export class AccountHistory {
  /** Each account's entries, oldest first. An account without entries has no list. */
  private readonly byAccount = new Map<string, Positioned[]>();
  /** Every (account, entry) held, oldest first: what the global bound evicts from. */
  private readonly order: BoundedQueue<{ account: string; item: Positioned }>;

  constructor(
    private readonly entriesMax: number,
    private readonly perAccountMax: number,
  ) {
    assert(perAccountMax <= entriesMax, "an account's share within the total");
    this.order = new BoundedQueue(entriesMax);
  }

  add(account: string, item: Positioned): void {
    if (this.order.full) this.evictOldest();
    let list = this.byAccount.get(account);
    if (list === undefined) {
      list = [];
      this.byAccount.set(account, list);
    }
    const last = list[list.length - 1];
    assert(last === undefined || before(last, item.height, item.sequence), "history in order");
    // The account's own bound; the entry's slot in the global queue frees when it is reached.
    while (list.length >= this.perAccountMax) list.shift();
    list.push(item);
    const pushed = this.order.push({ account, item });
    assert(pushed, "room was made in the history queue");
  }

  /** One page, newest first, of entries older than `cursor` (the newest, without one). */
  page(account: string, limit: number, cursor?: string): HistoryPage {
    const list = this.byAccount.get(account) ?? [];
    const from = cursor === undefined ? undefined : parseCursor(cursor);
    let i = list.length - 1;
    if (from !== undefined) {
      while (i >= 0 && !before(list[i]!, from.height, from.sequence)) i--;
    }
    const entries: HistoryEntry[] = [];
    for (; i >= 0 && entries.length < limit; i--) entries.push(list[i]!.entry);
    if (i < 0 || entries.length === 0) return { entries };
    const last = list[i + 1]!;
    return { entries, nextCursor: `${last.height}.${last.sequence}` };
  }

  get size(): number {
    return this.order.length;
  }

  private evictOldest(): void {
    const oldest = this.order.shift();
    if (oldest === undefined) return;
    const list = this.byAccount.get(oldest.account);
    // Already gone when the account's own bound removed it first.
    if (list === undefined || list[0] !== oldest.item) return;
    list.shift();
    if (list.length === 0) this.byAccount.delete(oldest.account);
  }
}
