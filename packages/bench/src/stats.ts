/**
 * Latency percentiles and sustained throughput of one load step. Pure functions over numbers,
 * so the rules the report depends on are tested without a network.
 */

/**
 * The nearest-rank percentile of ascending `sorted` values: the smallest value with at least
 * `p` % of the values at or below it. NaN for no values. Nearest-rank never interpolates, so
 * a p99 is always a latency some payment really had.
 */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile: p must be 0–100, got ${p}`);
  const n = sorted.length;
  if (n === 0) return NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * n));
  return sorted[rank - 1]!;
}

export interface LatencySummary {
  readonly count: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

/** Sorts a copy of `latenciesMs` and reads its p50, p99 and maximum (NaN when empty). */
export function summarizeLatencies(latenciesMs: ArrayLike<number>): LatencySummary {
  const sorted = Float64Array.from(latenciesMs).sort();
  return {
    count: sorted.length,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted.length === 0 ? NaN : sorted[sorted.length - 1]!,
  };
}

/** Payments of one step that became final together, and when that was seen. */
export interface CommitBatch {
  readonly atMs: number;
  readonly count: number;
}

/** When a step started offering load, when its steady state began, and when the load stopped. */
export interface StepWindow {
  readonly startMs: number;
  readonly steadyFromMs: number;
  readonly endMs: number;
}

/**
 * Committed payments per second while the load was offered. Commits arrive a block at a time,
 * so counting the payments whose commit falls in a window is off by up to one block at each
 * end. Measured instead from the first to the last block committed in the steady part of the
 * window: the payments of every block after the first, over the time between them — exact for
 * block-paced commits. With fewer than two blocks there, all `batches` over their span from the
 * start (what a step too short for a steady state can say).
 */
export function sustainedThroughput(batches: readonly CommitBatch[], window: StepWindow): number {
  const ordered = batches.filter((b) => b.count > 0).sort((a, b) => a.atMs - b.atMs);
  const steady = ordered.filter((b) => b.atMs >= window.steadyFromMs && b.atMs <= window.endMs);
  if (steady.length >= 2) {
    const first = steady[0]!;
    const last = steady[steady.length - 1]!;
    if (last.atMs > first.atMs) {
      const count = steady.slice(1).reduce((sum, b) => sum + b.count, 0);
      return (count * 1000) / (last.atMs - first.atMs);
    }
  }
  if (ordered.length === 0) return 0;
  const total = ordered.reduce((sum, b) => sum + b.count, 0);
  const spanMs = ordered[ordered.length - 1]!.atMs - window.startMs;
  return spanMs > 0 ? (total * 1000) / spanMs : 0;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
