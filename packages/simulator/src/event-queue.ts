/**
 * Simulated time: a queue of callbacks ordered by (time, insertion sequence). Nothing happens
 * between events, so time jumps from one to the next; ties run in the order they were
 * scheduled, which keeps every run a function of the seed.
 */
import { MinHeap, assert } from "@tongbao/std";

interface Scheduled {
  readonly atMs: number;
  readonly sequence: number;
  readonly run: () => void;
}

export class EventQueue {
  private readonly heap = new MinHeap<Scheduled>(
    (a, b) => a.atMs - b.atMs || a.sequence - b.sequence,
  );
  private sequence = 0;
  /** Simulated ms since the start of the run. */
  private now = 0;

  get nowMs(): number {
    return this.now;
  }

  get size(): number {
    return this.heap.size;
  }

  at(atMs: number, run: () => void): void {
    assert(Number.isSafeInteger(atMs) && atMs >= this.now, "events are scheduled in the future");
    this.heap.push({ atMs, sequence: this.sequence++, run });
  }

  after(delayMs: number, run: () => void): void {
    this.at(this.now + delayMs, run);
  }

  /** Runs the next event due at or before `untilMs`; false when there is none. */
  runNext(untilMs: number): boolean {
    const next = this.heap.peek();
    if (next === undefined || next.atMs > untilMs) return false;
    this.heap.pop();
    this.now = next.atMs;
    next.run();
    return true;
  }

  /** Moves the clock forward to `untilMs` once no event remains before it. */
  advanceTo(untilMs: number): void {
    const next = this.heap.peek();
    assert(next === undefined || next.atMs > untilMs, "events remain before the target time");
    if (untilMs > this.now) this.now = untilMs;
  }
}
