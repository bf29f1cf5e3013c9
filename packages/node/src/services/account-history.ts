/**
 * Recent committed activity per account, newest first, within global bounds on entries and on
 * bytes: entries are kept in one arrival-ordered queue, and when a bound is reached the oldest
 * entry leaves both the queue and its account's list (which it is also the oldest of, since
 * entries arrive in block order).
 *
 * One entry is often shown under several accounts (a payment under payer and payee; an opening
 * of eight accounts under nine). It is held once, and its bytes count once, while any account
 * still lists it; each listing adds a few pointers.
 *
 * Each entry has a position (height, sequence within the block) that orders it and serves as a
 * page cursor: "height.sequence" of the last entry returned.
 */
import type { HistoryEntry } from "@tongbao/api";
import { BoundedQueue, assert } from "@tongbao/std";
import { estimatedBytes } from "./estimated-bytes.ts";

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

export interface HistoryBounds {
  /** Listings in total, counting an entry once per account it is listed under. */
  readonly entriesMax: number;
  /** Estimated heap bytes of the entries and their listings (estimated-bytes.ts). */
  readonly bytesMax: number;
  /** Listings of one account, so a very busy account cannot crowd out everyone else's. */
  readonly perAccountMax: number;
}

/** An entry as held: with its estimated size and how many listings still hold it. */
interface Held extends Positioned {
  readonly bytes: number;
  listings: number;
}

/**
 * What one listing costs beside the entry: its two places in the queues, its map entry and key,
 * or its place in the account's list.
 */
export const LISTING_BYTES = 64;

function before(a: Positioned, height: number, sequence: number): boolean {
  return a.height < height || (a.height === height && a.sequence < sequence);
}

export function parseCursor(cursor: string): { height: number; sequence: number } | undefined {
  const match = /^([0-9]{1,15})\.([0-9]{1,6})$/.exec(cursor);
  if (match === null) return undefined;
  return { height: Number(match[1]), sequence: Number(match[2]) };
}

export class AccountHistory {
  /**
   * Each account's entries, oldest first; an account without entries has none here. PERF: an
   * account with one entry holds it directly. An array of one cost about 180 bytes (V8 gives a
   * pushed-to array room for 17), and after a burst of openings most accounts have one entry.
   */
  private readonly byAccount = new Map<string, Held | Held[]>();
  /**
   * Every (account, entry) listing, oldest first: what the global bounds evict from. Two queues
   * moved in step, not one of pairs, so a listing makes no object of its own.
   */
  private readonly orderAccounts: BoundedQueue<string>;
  private readonly orderHelds: BoundedQueue<Held>;
  private heldBytes = 0;

  constructor(private readonly bounds: HistoryBounds) {
    assert(bounds.perAccountMax <= bounds.entriesMax, "an account's share within the total");
    this.orderAccounts = new BoundedQueue(bounds.entriesMax);
    this.orderHelds = new BoundedQueue(bounds.entriesMax);
  }

  /** Lists the entry under each of `accounts` (distinct), evicting the oldest to make room. */
  add(accounts: readonly string[], item: Positioned): void {
    if (accounts.length === 0) return;
    const held: Held = {
      height: item.height,
      sequence: item.sequence,
      entry: item.entry,
      bytes: estimatedBytes(item.entry),
      listings: 0,
    };
    const incoming = held.bytes + accounts.length * LISTING_BYTES;
    while (
      this.orderHelds.length > 0 &&
      (this.orderHelds.length + accounts.length > this.orderHelds.capacity ||
        this.heldBytes + incoming > this.bounds.bytesMax)
    ) {
      this.evictOldest();
    }
    this.heldBytes += held.bytes;
    for (const account of accounts) this.list(account, held);
  }

  /** One page, newest first, of entries older than `cursor` (the newest, without one). */
  page(account: string, limit: number, cursor?: string): HistoryPage {
    const listed = this.byAccount.get(account);
    const list = listed === undefined ? [] : Array.isArray(listed) ? listed : [listed];
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

  /** Listings held: at most `entriesMax`. */
  get size(): number {
    return this.orderHelds.length;
  }

  /** Estimated bytes held: at most `bytesMax`, but for one entry larger than that alone. */
  get bytes(): number {
    return this.heldBytes;
  }

  private list(account: string, held: Held): void {
    const listed = this.byAccount.get(account);
    if (listed === undefined) this.byAccount.set(account, held);
    else {
      const list = Array.isArray(listed) ? listed : [listed];
      const last = list[list.length - 1]!;
      assert(before(last, held.height, held.sequence), "history in order");
      // The account's own bound; the listing's place in the global queue frees when it is reached.
      while (list.length >= this.bounds.perAccountMax) list.shift();
      list.push(held);
      this.byAccount.set(account, list.length === 1 ? list[0]! : list);
    }
    held.listings++;
    this.heldBytes += LISTING_BYTES;
    const pushed = this.orderAccounts.push(account) && this.orderHelds.push(held);
    assert(pushed, "room was made in the history queue");
  }

  private evictOldest(): void {
    const account = this.orderAccounts.shift();
    const held = this.orderHelds.shift();
    if (account === undefined || held === undefined) return;
    this.heldBytes -= LISTING_BYTES;
    if (--held.listings === 0) this.heldBytes -= held.bytes;
    const listed = this.byAccount.get(account);
    // Already gone when the account's own bound removed it first.
    if (listed === held) this.byAccount.delete(account);
    else if (Array.isArray(listed) && listed[0] === held) {
      listed.shift();
      if (listed.length === 1) this.byAccount.set(account, listed[0]!);
    }
  }
}
