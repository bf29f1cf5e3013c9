/**
 * Deadlines of keyed objects, earliest first, with (deadline, creation sequence) order. Entries
 * are never removed early: an object closed, replaced or undone leaves a stale entry behind,
 * recognised because the current object under its key has another sequence (or is gone).
 * Taking entries is journaled, so a reverted block puts them back. Between blocks the queue is
 * compacted once stale entries outnumber live ones, so replacing an object again and again costs
 * memory in proportion to the live objects, not to the replacements before their deadlines.
 */
import { MinHeap } from "@tongbao/std";

interface ExpiryEntry {
  readonly expiresAtMs: number;
  readonly sequence: number;
  readonly key: string;
}

export interface Expiring {
  readonly expiresAtMs: number;
  readonly sequence: number;
}

/** Stale entries tolerated beyond the live count before a compaction is worth its rebuild. */
const STALE_SLACK = 1_024;

const byDeadline = (a: ExpiryEntry, b: ExpiryEntry) =>
  a.expiresAtMs - b.expiresAtMs || a.sequence - b.sequence;

export class ExpiryQueue<T extends Expiring> {
  private heap = new MinHeap<ExpiryEntry>(byDeadline);

  constructor(
    private readonly journal: (undo: () => void) => void,
    private readonly current: (key: string) => T | undefined,
  ) {}

  /** Entries held, stale ones included. */
  get size(): number {
    return this.heap.size;
  }

  /**
   * Rebuilds the queue from the live objects when stale entries outnumber them by more than a
   * slack. Only between blocks, with nothing to undo: an undone block could revive an object whose
   * stale-looking entry was dropped here. The order of what is taken later does not change: it
   * depends only on the live objects' (deadline, sequence).
   */
  compact(live: { readonly size: number; entries(): Iterable<readonly [string, T]> }): void {
    if (this.heap.size <= 2 * live.size + STALE_SLACK) return;
    const heap = new MinHeap<ExpiryEntry>(byDeadline);
    for (const [key, item] of live.entries()) {
      heap.push({ expiresAtMs: item.expiresAtMs, sequence: item.sequence, key });
    }
    this.heap = heap;
  }

  push(key: string, item: T): void {
    this.heap.push({ expiresAtMs: item.expiresAtMs, sequence: item.sequence, key });
  }

  /** Current objects whose deadline is at or before `nowMs`, in (deadline, creation) order. */
  takeExpired(nowMs: number): T[] {
    const out: T[] = [];
    for (;;) {
      const top = this.heap.peek();
      if (top === undefined || top.expiresAtMs > nowMs) break;
      this.heap.pop();
      this.journal(() => this.heap.push(top));
      const item = this.current(top.key);
      if (item !== undefined && item.sequence === top.sequence) out.push(item);
    }
    return out;
  }
}
