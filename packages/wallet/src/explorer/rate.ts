/**
 * Transactions per second from the blocks themselves: the transactions of the blocks stamped in
 * the last `windowMs` of agreed block time, over that window. Block time, not the browser's
 * clock, so every viewer computes the same figure from the same blocks.
 */
export interface BlockTally {
  readonly height: number;
  readonly timestampMs: number;
  readonly transactions: number;
}

export const RATE_WINDOW_MS = 10_000;

export function transactionsPerSecond(
  blocks: readonly BlockTally[],
  windowMs = RATE_WINDOW_MS,
): number {
  if (blocks.length === 0) return 0;
  const newest = Math.max(...blocks.map((b) => b.timestampMs));
  const recent = blocks.filter((b) => b.timestampMs > newest - windowMs);
  const oldest = Math.min(...recent.map((b) => b.timestampMs));
  // A young chain has less history than the window: divide by what there is (at least 1 s).
  const spanMs = Math.max(1_000, Math.min(windowMs, newest - oldest + 1_000));
  const count = recent.reduce((sum, b) => sum + b.transactions, 0);
  return (count * 1000) / spanMs;
}
