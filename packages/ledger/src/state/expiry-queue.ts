/**
 * Deadlines of keyed objects, earliest first, with (deadline, creation sequence) order. Entries
 * are never removed early: an object closed, replaced or undone leaves a stale entry behind,
 * recognised because the current object under its key has another sequence (or is gone).
 * Taking entries is journaled, so a reverted block puts them back.
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

export class ExpiryQueue<T extends Expiring> {
  private readonly heap = new MinHeap<ExpiryEntry>(
    (a, b) => a.expiresAtMs - b.expiresAtMs || a.sequence - b.sequence,
  );

  constructor(
    private readonly journal: (undo: () => void) => void,
    private readonly current: (key: string) => T | undefined,
  ) {}

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
