/**
 * The open-loop schedule: payment i is due `i / rate` seconds after the start, whatever the
 * system under test answers. A closed loop (send, wait, send) lets a slow system slow the
 * generator down and hides its queueing; an open loop keeps offering the load, so latency
 * includes the wait a real arrival would see.
 *
 * The loop wakes every `tickMs` and hands over everything that has fallen due as one batch (the
 * batch API takes many payments per request). It sleeps until the next tick of a fixed grid, so
 * a late wake-up does not shift the later ticks, and it reports how far it fell behind the
 * schedule: if the generator itself is starved of CPU, that lag says so.
 */

/** How many of `total` payments are due `elapsedMs` after the start at `ratePerS`. */
export function dueCount(elapsedMs: number, ratePerS: number, total: number): number {
  if (!(ratePerS > 0)) throw new RangeError(`rate must be > 0 payments/s, got ${ratePerS}`);
  if (elapsedMs < 0) return 0;
  // The epsilon keeps a payment due exactly now from rounding down to the next tick.
  return Math.min(total, Math.floor((elapsedMs * ratePerS) / 1000 + 1e-9) + 1);
}

/** When payment `index` is due, in ms after the start. */
export function dueAtMs(index: number, ratePerS: number): number {
  return (index * 1000) / ratePerS;
}

export interface OpenLoopOptions {
  readonly ratePerS: number;
  readonly total: number;
  readonly tickMs: number;
  /** Monotonic milliseconds. */
  readonly nowMs: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  /** Payments [from, to) are due now; called once per tick that has any, in order. */
  readonly send: (from: number, to: number, tick: number) => void;
}

export interface OpenLoopResult {
  readonly startMs: number;
  readonly endMs: number;
  /** Batches handed over. */
  readonly batches: number;
  /**
   * Longest time a payment waited past its due moment before its batch was handed over, beyond
   * the one tick any payment may wait: above a few ms, the generator could not keep up.
   */
  readonly lagMsMax: number;
}

export async function runOpenLoop(options: OpenLoopOptions): Promise<OpenLoopResult> {
  const { ratePerS, total, tickMs, nowMs, sleep, send } = options;
  if (!Number.isSafeInteger(total) || total < 0) throw new RangeError(`total: ${total}`);
  if (!(tickMs > 0)) throw new RangeError(`tickMs must be > 0, got ${tickMs}`);
  const startMs = nowMs();
  let sent = 0;
  let batches = 0;
  let lagMsMax = 0;
  let tick = 0;
  while (sent < total) {
    const elapsedMs = nowMs() - startMs;
    const due = dueCount(elapsedMs, ratePerS, total);
    if (due > sent) {
      lagMsMax = Math.max(lagMsMax, elapsedMs - dueAtMs(sent, ratePerS) - tickMs);
      send(sent, due, batches);
      batches++;
      sent = due;
    }
    if (sent >= total) break;
    tick = Math.max(tick + 1, Math.floor(elapsedMs / tickMs) + 1);
    await sleep(Math.max(0, startMs + tick * tickMs - nowMs()));
  }
  return { startMs, endMs: nowMs(), batches, lagMsMax: Math.max(0, lagMsMax) };
}
