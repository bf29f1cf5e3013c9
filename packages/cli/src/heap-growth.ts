/**
 * How far a node lets V8's heap grow past what the last full collection kept before it
 * collects again (node.json `memory.heapGrowthPercent`; absent or 0: V8's own margin).
 *
 * V8 sizes that margin by how fast it collects, and on a large machine it lets a heap of live
 * data grow to about 1.6 times its size between full collections. A validator's heap is
 * mostly long-lived (recent history, the idempotency memory), so much of that margin is garbage
 * held as RSS. It is a trade, measured both ways (BENCHMARKS.md, "Memory" and "Accounts as
 * columns"): at 25 %, one validator with a million accounts ran at 707–740 MB RSS, against
 * 737–812 MB in two runs without it, at the same CPU and latency; but four validators sharing two cores at 1,300/s offered saved 47–70 MB each and carried
 * 8–11 % less, with a p50 two to four times as long. So it is off unless an operator asks.
 *
 * V8 reads the flag whenever it sets the next limit, so setting it as the node starts is as
 * good as a command-line flag, which NODE_OPTIONS could not carry (it allows only a few V8
 * flags).
 */
import { setFlagsFromString } from "node:v8";

/** V8's own margin. */
export const HEAP_GROWTH_PERCENT_DEFAULT = 0;
export const HEAP_GROWTH_PERCENT_MAX = 400;

/** Applies `percent` to this process's V8 heap; 0 leaves V8's own policy in place. */
export function applyHeapGrowthPercent(percent: number): void {
  if (percent > 0) setFlagsFromString(`--heap-growing-percent=${percent}`);
}
